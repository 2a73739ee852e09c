// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ucl/detail/text.hpp"
#include "ucl/parser.hpp"

#include <string>
#include <string_view>

namespace jrun::ucl::detail {

// Return `path` with `.` and `..` segments and repeated slashes removed (purely lexical).
[[nodiscard]] std::string normalize_path(std::string_view path);

// Return the directory part of `path` ("." when it has none).
[[nodiscard]] std::string parent_directory(std::string_view path);

// Return `path` if absolute, else `directory/path`, normalized.
[[nodiscard]] std::string join_path(std::string_view directory, std::string_view path);

// Return the variables a file sees: FILENAME (its absolute path), CURDIR (libucl's name) and
// CONFDIR (its directory), then `options.variables` minus those three names.
[[nodiscard]] VariableList file_variables(std::string_view path, const ParseOptions& options);

} // namespace jrun::ucl::detail
