// SPDX-License-Identifier: BSD-2-Clause
// Scalar values: quoted strings, heredocs, numbers, booleans, null and bare words.
#include "ucl/detail/chars.hpp"
#include "ucl/detail/number.hpp"
#include "ucl/detail/parser_impl.hpp"

#include <strings.h>

#include <limits>

namespace jrun::ucl::detail {

namespace {

// libucl's ucl_maybe_parse_boolean: true yes on / false no off, any case.
std::optional<bool> parse_boolean(std::string_view word) {
    const auto equals = [word](const char* name) {
        return word.size() == std::char_traits<char>::length(name)
               && strncasecmp(word.data(), name, word.size()) == 0;
    };
    if (equals("true") || equals("yes") || equals("on")) {
        return true;
    }
    if (equals("false") || equals("no") || equals("off")) {
        return false;
    }
    return std::nullopt;
}

Value word_value(std::string_view word, Location at) {
    if (word == "null") {
        return Value::null(at);
    }
    if (word == "nan") {
        return Value::floating(std::numeric_limits<double>::quiet_NaN(), at);
    }
    if (word == "inf") {
        return Value::floating(std::numeric_limits<double>::infinity(), at);
    }
    if (const auto boolean = parse_boolean(word)) {
        return Value::boolean(*boolean, at);
    }
    return Value::null(at);
}

bool is_literal_word(std::string_view word) {
    return word == "null" || word == "nan" || word == "inf" || parse_boolean(word).has_value();
}

// Find where a heredoc body ends: the first line (not the first one of the body) that starts
// with `term` followed by a newline, ';', ',' or the end. Return npos when there is none.
std::size_t find_heredoc_end(std::string_view text, std::size_t body, std::string_view term) {
    bool line_start = false;
    std::size_t p = body;
    while (p < text.size()) {
        if (line_start) {
            if (text.size() - p < term.size()) {
                return std::string_view::npos;
            }
            if (text.compare(p, term.size(), term) == 0) {
                const std::size_t end = p + term.size();
                if (end == text.size() || text[end] == '\n' || text[end] == ';'
                    || text[end] == ',') {
                    return p;
                }
                ++p; // libucl keeps looking on the same line
                continue;
            }
        }
        line_start = text[p] == '\n';
        ++p;
    }
    return std::string_view::npos;
}

} // namespace

std::string Parser::finish_string(const Chunk& chunk, std::string text, bool dollar) {
    if (dollar) {
        return expand_variables(text, chunk.variables);
    }
    return text;
}

void Parser::parse_double_quoted(Chunk& chunk) {
    const Location at = chunk.cursor.location();
    bool escaped = false;
    bool dollar = false;
    const auto raw = lex_double_quoted(chunk.cursor, escaped, dollar);
    std::string text = escaped ? unescape_json(raw) : std::string(raw);
    value_slot(at) = Value::string(finish_string(chunk, std::move(text), dollar), at);
}

void Parser::parse_single_quoted(Chunk& chunk) {
    const Location at = chunk.cursor.location();
    bool escaped = false;
    const auto raw = lex_single_quoted(chunk.cursor, escaped);
    value_slot(at) = Value::string(escaped ? unescape_single_quoted(raw) : std::string(raw), at);
}

// `<<TERM` + newline, where TERM is [A-Z]* (libucl's multiline string); false: not a heredoc.
bool Parser::try_heredoc(Chunk& chunk) {
    Cursor& cursor = chunk.cursor;
    if (cursor.remaining() <= 3 || cursor.peek(1) != '<') {
        return false;
    }
    std::size_t q = 2;
    while (cursor.peek(q) >= 'A' && cursor.peek(q) <= 'Z') {
        ++q;
    }
    if (cursor.peek(q) != '\n') {
        return false;
    }
    const Location at = cursor.location();
    const std::string_view text = cursor.text();
    const std::string_view term = text.substr(cursor.offset() + 2, q - 2);
    const std::size_t body = cursor.offset() + q + 1;
    const std::size_t end = find_heredoc_end(text, body, term);
    if (end == std::string_view::npos) {
        fail(at,
             "unterminated heredoc (no line starting with '" + std::string(term) + "' closes it)");
    }
    const std::string_view content = text.substr(body, end - 1 - body);
    const bool dollar = content.find('$') != std::string_view::npos;
    value_slot(at) = Value::string(finish_string(chunk, std::string(content), dollar), at);
    cursor.advance_to(end + term.size());
    return true;
}

// A value starting with a digit or '-' that parse_number accepts; false: it is a word.
bool Parser::parse_number_value(Chunk& chunk, Value& slot, Location at) {
    Cursor& cursor = chunk.cursor;
    const NumberResult number = parse_number(cursor.rest());
    switch (number.kind) {
    case NumberResult::Kind::not_a_number:
        return false;
    case NumberResult::Kind::out_of_range:
        fail(at, "number out of range");
    case NumberResult::Kind::integer:
        slot = Value::integer(number.integer, at);
        break;
    case NumberResult::Kind::floating:
        slot = Value::floating(number.real, at);
        break;
    case NumberResult::Kind::time:
        slot = Value::time(number.real, at);
        break;
    }
    cursor.advance(number.length);
    return true;
}

// Scan a bare word: up to a value end or a comment; balanced {} and [] and \-escapes are kept.
std::string_view Parser::scan_word(Chunk& chunk, bool& escaped, bool& dollar) {
    Cursor& cursor = chunk.cursor;
    const std::size_t start = cursor.offset();
    int curly = 0;
    int square = 0;
    while (!cursor.at_end()) {
        const int c = cursor.peek();
        if (c == '{' || c == '[') {
            ++(c == '{' ? curly : square);
        } else if (c == '}' || c == ']') {
            int& open = c == '}' ? curly : square;
            if (open > 0) {
                --open;
                cursor.advance();
                continue;
            }
        } else if (c == '\\') {
            escaped = true;
            cursor.advance(2);
            continue;
        }
        dollar = dollar || c == '$';
        if (is(c, k_value_end) || (c == '/' && cursor.peek(1) == '*')) {
            break;
        }
        cursor.advance();
    }
    std::string_view word = cursor.text().substr(start, cursor.offset() - start);
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) {
        word.remove_suffix(1);
    }
    return word;
}

void Parser::parse_atom(Chunk& chunk) {
    const Location at = chunk.cursor.location();
    Value& slot = value_slot(at);
    if (is(chunk.cursor.peek(), k_digit_start) && parse_number_value(chunk, slot, at)) {
        return;
    }
    bool escaped = false;
    bool dollar = false;
    const std::string_view word = scan_word(chunk, escaped, dollar);
    if (word.empty()) {
        fail(at, "missing value");
    }
    if (is_literal_word(word)) {
        slot = word_value(word, at);
        return;
    }
    std::string text = escaped ? unescape_json(word) : std::string(word);
    slot = Value::string(finish_string(chunk, std::move(text), dollar), at);
}

} // namespace jrun::ucl::detail
