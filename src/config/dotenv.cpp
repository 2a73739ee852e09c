// SPDX-License-Identifier: BSD-2-Clause
#include "config/dotenv.hpp"

#include <cctype>
#include <map>
#include <stdexcept>

namespace jrun::config {

namespace {

// A syntax error on the current line; the parser reports it and resumes at the next line.
struct LineError : std::runtime_error {
    LineError(Location where, const std::string& message)
        : std::runtime_error(message),
          location(where) {}
    Location location;
};

bool is_key_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_key_char(char c) {
    return is_key_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

char unescape_double(char c) {
    switch (c) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    default:
        return c;
    }
}

class DotenvParser {
public:
    DotenvParser(const SourceFile& file, const DotenvLookup& lookup)
        : m_file(file),
          m_text(file.text),
          m_lookup(lookup) {}

    DotenvResult parse() {
        while (!at_end()) {
            try {
                parse_line();
            } catch (const LineError& error) {
                m_result.diagnostics.push_back({Severity::error, error.location, error.what()});
                skip_rest_of_line();
            }
        }
        return std::move(m_result);
    }

private:
    [[nodiscard]] bool at_end() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return at_end() ? '\0' : m_text[m_pos]; }
    [[nodiscard]] Location here() const { return {&m_file, m_line, m_column}; }

    char advance() {
        const char c = m_text[m_pos++];
        if (c == '\n') {
            ++m_line;
            m_column = 1;
        } else {
            ++m_column;
        }
        return c;
    }

    void skip_blanks() {
        while (!at_end() && is_blank(peek())) {
            advance();
        }
    }

    void skip_rest_of_line() {
        while (!at_end() && advance() != '\n') {
        }
    }

    // Consume the end of a line: blanks, an optional comment, the newline.
    void finish_line(std::string_view after_what) {
        skip_blanks();
        if (peek() == '#') {
            skip_rest_of_line();
            return;
        }
        if (!at_end() && peek() != '\n') {
            throw LineError(here(), "unexpected text after " + std::string(after_what));
        }
        if (!at_end()) {
            advance();
        }
    }

    void parse_line() {
        skip_blanks();
        if (at_end() || peek() == '\n' || peek() == '#') {
            skip_rest_of_line();
            return;
        }
        DotenvEntry entry;
        entry.key = parse_key(entry.location);
        skip_blanks();
        if (peek() != '=') {
            throw LineError(here(), "expected '=' after '" + entry.key + "'");
        }
        advance();
        skip_blanks();
        entry.value_location = here();
        entry.value = parse_value();
        m_defined[entry.key] = entry.value;
        m_result.entries.push_back(std::move(entry));
    }

    std::string parse_key(Location& location) {
        location = here();
        std::string key = read_word();
        if (key == "export" && is_blank(peek())) {
            skip_blanks();
            location = here();
            key = read_word();
        }
        if (key.empty() || !is_key_start(key[0])) {
            throw LineError(here(), "expected a variable name (letters, digits and '_')");
        }
        return key;
    }

    std::string read_word() {
        std::string word;
        while (!at_end() && is_key_char(peek())) {
            word += advance();
        }
        return word;
    }

    std::string parse_value() {
        if (peek() == '\'') {
            std::string value = parse_quoted('\'');
            finish_line("the closing quote");
            return value;
        }
        if (peek() == '"') {
            std::string value = interpolate(parse_quoted('"'));
            finish_line("the closing quote");
            return value;
        }
        return interpolate(parse_bare());
    }

    // A bare value runs to the end of the line; a `#` after a blank starts a comment.
    std::string parse_bare() {
        std::string value;
        while (!at_end() && peek() != '\n') {
            if (peek() == '#' && (value.empty() || is_blank(value.back()))) {
                skip_rest_of_line();
                return std::string(trim_right(value));
            }
            value += advance();
        }
        if (!at_end()) {
            advance();
        }
        return std::string(trim_right(value));
    }

    static std::string_view trim_right(std::string_view s) {
        while (!s.empty() && is_blank(s.back())) {
            s.remove_suffix(1);
        }
        return s;
    }

    // Rationale: `\$` survives unescaping as a marker byte so that interpolation can tell an
    // escaped dollar from a real one; interpolate() turns the marker back into '$'.
    static constexpr char k_literal_dollar = '\x01';

    std::string parse_quoted(char quote) {
        const Location start = here();
        advance();
        std::string value;
        while (!at_end()) {
            const char c = advance();
            if (c == quote) {
                return value;
            }
            if (c == '\\' && !at_end()) {
                value += unescape(quote);
                continue;
            }
            value += c;
        }
        throw LineError(start,
                        std::string("unterminated quoted value (missing closing ") + quote + ')');
    }

    // Unescape the character after a backslash inside `quote`s.
    char unescape(char quote) {
        const char next = peek();
        if (quote == '\'') {
            if (next == '\'' || next == '\\') {
                return advance();
            }
            return '\\';
        }
        if (std::string_view("nrt\"\\'$").find(next) == std::string_view::npos) {
            return '\\'; // unknown escapes keep their backslash, as python-dotenv does
        }
        advance();
        if (next == '$') {
            return k_literal_dollar;
        }
        return unescape_double(next);
    }

    std::string interpolate(std::string_view raw) const {
        std::string out;
        std::size_t i = 0;
        while (i < raw.size()) {
            if (raw[i] == k_literal_dollar) {
                out += '$';
                ++i;
            } else if (raw.substr(i, 2) == "${" && raw.find('}', i) != std::string_view::npos) {
                const auto close = raw.find('}', i);
                out += expand(raw.substr(i + 2, close - i - 2));
                i = close + 1;
            } else {
                out += raw[i++];
            }
        }
        return out;
    }

    // Expand the inside of `${...}`: `NAME` or `NAME:-default`.
    std::string expand(std::string_view inside) const {
        std::string_view name = inside;
        std::optional<std::string_view> fallback;
        if (const auto sep = inside.find(":-"); sep != std::string_view::npos) {
            name = inside.substr(0, sep);
            fallback = inside.substr(sep + 2);
        }
        std::optional<std::string> value;
        if (const auto it = m_defined.find(name); it != m_defined.end()) {
            value = it->second;
        } else if (m_lookup) {
            value = m_lookup(name);
        }
        if ((!value || value->empty()) && fallback) {
            return std::string(*fallback);
        }
        return value.value_or("");
    }

    const SourceFile& m_file;
    std::string_view m_text;
    const DotenvLookup& m_lookup;
    std::size_t m_pos = 0;
    std::uint32_t m_line = 1;
    std::uint32_t m_column = 1;
    std::map<std::string, std::string, std::less<>> m_defined;
    DotenvResult m_result;
};

} // namespace

DotenvResult parse_dotenv(const SourceFile& file, const DotenvLookup& lookup) {
    return DotenvParser(file, lookup).parse();
}

} // namespace jrun::config
