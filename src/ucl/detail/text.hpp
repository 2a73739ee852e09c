// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jrun::ucl::detail {

// Append the UTF-8 encoding of code point `cp` to `out`.
void append_utf8(std::string& out, std::uint32_t cp);

// Return `raw` with JSON escapes resolved as libucl does: \n \r \t \b \f \\ \" and \uXXXX
// (surrogate pairs combined; a lone surrogate becomes U+FFFD); any other escaped character
// stands for itself (`\/` is `/`, `\q` is `q`).
[[nodiscard]] std::string unescape_json(std::string_view raw);

// Return the body of a single-quoted string with libucl's rules: `\'` is a quote, a backslash
// before a line break joins the lines, every other backslash is kept.
[[nodiscard]] std::string unescape_single_quoted(std::string_view raw);

// Variables in registration order; the first whose name is a prefix of `$NAME...` wins.
using VariableList = std::vector<std::pair<std::string, std::string>>;

// Expand `$NAME`, `${NAME}` and `$$` in `text` as libucl does. When no variable is found the
// text is returned unchanged (so `$$` stays `$$` and unknown `${X}` stays as written).
[[nodiscard]] std::string expand_variables(std::string_view text, const VariableList& variables);

} // namespace jrun::ucl::detail
