// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jrun::ucl::detail {

// A read position in one source file that keeps line and column up to date.
// Rationale: locations are needed for every value, so they are tracked incrementally instead of
// being recomputed from offsets.
class Cursor {
public:
    explicit Cursor(const SourceFile* file)
        : m_file(file),
          m_text(file->text) {}

    [[nodiscard]] bool at_end() const { return m_pos >= m_text.size(); }
    // Return the byte `ahead` positions on (0..255), or -1 past the end.
    [[nodiscard]] int peek(std::size_t ahead = 0) const {
        const std::size_t at = m_pos + ahead;
        return at < m_text.size() ? static_cast<unsigned char>(m_text[at]) : -1;
    }
    [[nodiscard]] std::size_t offset() const { return m_pos; }
    [[nodiscard]] std::size_t remaining() const { return m_text.size() - m_pos; }
    [[nodiscard]] std::string_view text() const { return m_text; }
    // Return the rest of the input from the current position.
    [[nodiscard]] std::string_view rest() const { return m_text.substr(m_pos); }
    [[nodiscard]] const SourceFile* file() const { return m_file; }
    [[nodiscard]] std::uint32_t line() const { return m_line; }
    // Return the text of the current line before the current position.
    [[nodiscard]] std::string_view line_prefix() const {
        return m_text.substr(m_line_start, m_pos - m_line_start);
    }

    [[nodiscard]] Location location() const {
        return Location{m_file, m_line, static_cast<std::uint32_t>(m_pos - m_line_start + 1)};
    }

    void advance() {
        if (m_pos < m_text.size()) {
            if (m_text[m_pos] == '\n') {
                ++m_line;
                m_line_start = m_pos + 1;
            }
            ++m_pos;
        }
    }
    void advance(std::size_t count) {
        for (std::size_t i = 0; i < count && !at_end(); ++i) {
            advance();
        }
    }
    // Return a copy of this cursor that ends at offset `end` (for macro arguments).
    [[nodiscard]] Cursor truncated(std::size_t end) const {
        Cursor copy = *this;
        copy.m_text = m_text.substr(0, end);
        return copy;
    }
    // Jump forward to `target` (an offset >= offset()), keeping lines counted.
    void advance_to(std::size_t target) { advance(target - m_pos); }

private:
    const SourceFile* m_file;
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line_start = 0;
    std::uint32_t m_line = 1;
};

} // namespace jrun::ucl::detail
