// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/diagnostic.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::config {

// One `KEY=VALUE` assignment of an env file.
struct DotenvEntry {
    std::string key;         // as written (case kept)
    std::string value;       // unquoted, unescaped, interpolated
    Location location;       // of the key
    Location value_location; // of the first character of the value (its quote, if quoted)
};

// The assignments of an env file in file order, and every syntax problem found.
struct DotenvResult {
    std::vector<DotenvEntry> entries;
    std::vector<Diagnostic> diagnostics; // errors; lines with errors yield no entry
};

// Return the value of a variable for `${NAME}` interpolation, or nullopt when it is unset.
using DotenvLookup = std::function<std::optional<std::string>(std::string_view)>;

// Parse `file` as a dotenv file (the python-dotenv dialect that pydantic-settings reads):
// `KEY=VALUE` or `export KEY=VALUE` per line, `#` comments, blank lines; values bare (trimmed,
// ` #...` ends them), 'single-quoted' (literal but for \' and \\) or "double-quoted" (\n \t \r
// \" \\ \' \$ escapes); quoted values may span lines. `${NAME}` and `${NAME:-default}` in bare
// and double-quoted values expand to an earlier assignment of the file, else to `lookup`, else
// to nothing. Nothing is ever executed: `$(...)` and backticks stay literal text.
[[nodiscard]] DotenvResult parse_dotenv(const SourceFile& file, const DotenvLookup& lookup);

} // namespace jrun::config
