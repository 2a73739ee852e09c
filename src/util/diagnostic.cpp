// SPDX-License-Identifier: BSD-2-Clause
#include "util/diagnostic.hpp"

#include <string>

namespace jrun {

std::string format_location(const Location& loc) {
    std::string out = loc.file != nullptr ? loc.file->path : std::string("<input>");
    if (loc.line > 0) {
        out += ':' + std::to_string(loc.line);
        if (loc.column > 0) {
            out += ':' + std::to_string(loc.column);
        }
    }
    return out;
}

std::string_view line_of(std::string_view text, std::uint32_t line) {
    if (line == 0) {
        return {};
    }
    std::size_t start = 0;
    for (std::uint32_t current = 1; current < line; ++current) {
        const auto nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            return {};
        }
        start = nl + 1;
    }
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
        end = text.size();
    }
    auto result = text.substr(start, end - start);
    if (!result.empty() && result.back() == '\r') {
        result.remove_suffix(1);
    }
    return result;
}

namespace {

// Tabs are kept in the caret line so the caret stays under the right character.
std::string caret_line(std::string_view source_line, std::uint32_t column) {
    std::string out;
    for (std::uint32_t i = 1; i < column && i - 1 < source_line.size(); ++i) {
        out += source_line[i - 1] == '\t' ? '\t' : ' ';
    }
    out += '^';
    return out;
}

} // namespace

std::string render_diagnostic(const Diagnostic& diag) {
    std::string out = format_location(diag.location);
    out += diag.severity == Severity::error     ? ": error: "
           : diag.severity == Severity::warning ? ": warning: "
                                                : ": note: ";
    out += diag.message;
    const Location& loc = diag.location;
    if (loc.file == nullptr || loc.line == 0) {
        return out;
    }
    const auto source_line = line_of(loc.file->text, loc.line);
    out += "\n    ";
    out += source_line;
    out += "\n    ";
    out += caret_line(source_line, loc.column == 0 ? 1 : loc.column);
    return out;
}

const SourceFile* SourceSet::add(std::string path, std::string text) {
    m_files.push_back(std::make_unique<SourceFile>(SourceFile{std::move(path), std::move(text)}));
    return m_files.back().get();
}

} // namespace jrun
