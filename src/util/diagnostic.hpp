// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace jrun {

// The text of one input file, kept so that diagnostics can quote the offending line.
struct SourceFile {
    std::string path; // as the user named it (or as resolved for an .include)
    std::string text;
};

// A position in a SourceFile: 1-based line and column (column counts bytes).
// `file` may be null for values that did not come from a file (e.g. --var).
struct Location {
    const SourceFile* file = nullptr;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

// `note` adds context to the error or warning before it (e.g. "first defined here").
enum class Severity { error, warning, note };

// One problem found in a config: where, what, and optionally a note (e.g. "did you mean ...").
struct Diagnostic {
    Severity severity = Severity::error;
    Location location;
    std::string message;
};

// Return "path:line:col" for `loc` ("<input>" when there is no file, no line/col when unknown).
std::string format_location(const Location& loc);

// Return the diagnostic as `path:line:col: error: message`, then the offending line and a caret
// under the column (the excerpt is omitted when the location has no file or line).
std::string render_diagnostic(const Diagnostic& diag);

// Return the 1-based `line` of `text` without its newline (empty if out of range).
std::string_view line_of(std::string_view text, std::uint32_t line);

// Owns SourceFiles for the lifetime of everything that points into them.
class SourceSet {
public:
    // Add a file and return a stable pointer to it.
    const SourceFile* add(std::string path, std::string text);
    [[nodiscard]] const std::vector<std::unique_ptr<SourceFile>>& files() const { return m_files; }

private:
    std::vector<std::unique_ptr<SourceFile>> m_files;
};

} // namespace jrun
