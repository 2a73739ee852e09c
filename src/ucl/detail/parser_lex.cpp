// SPDX-License-Identifier: BSD-2-Clause
// Blanks, comments, keys and quoted strings.
#include "ucl/detail/chars.hpp"
#include "ucl/detail/parser_impl.hpp"

#include <array>
#include <cstdio>

namespace jrun::ucl::detail {

namespace {

// Return `c` for a message: 'x', or a name for bytes that do not print.
std::string describe(int c) {
    if (c < 0) {
        return "end of file";
    }
    if (c == '\n' || c == '\r') {
        return "end of line";
    }
    if (c > 0x20 && c < 0x7f) {
        return std::string("'") + static_cast<char>(c) + "'";
    }
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "byte 0x%02x", c);
    return buffer.data();
}

bool is_hex_digit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool only_blanks(std::string_view text) {
    return text.find_first_not_of(" \t") == std::string_view::npos;
}

// Return whether a key followed by no '=' or ':' opens nested objects: libucl looks for a
// '{' or '[' later on the same line (`jail "web" {`), unless one follows right away.
bool opens_nested_object(std::string_view rest) {
    std::size_t t = 0;
    while (t < rest.size() && (rest[t] == ' ' || rest[t] == '\t')) {
        ++t;
    }
    if (t < rest.size() && (rest[t] == '{' || rest[t] == '[')) {
        return false;
    }
    for (; t < rest.size(); ++t) {
        const char c = rest[t];
        if (c == ',' || c == ';' || c == '\n' || c == '\r') {
            return false;
        }
        if (c == '{' || c == '[') {
            return true;
        }
    }
    return false;
}

} // namespace

void Parser::skip_blank(Chunk& chunk) {
    Cursor& cursor = chunk.cursor;
    while (!cursor.at_end()) {
        if (is(cursor.peek(), k_whitespace_any)) {
            cursor.advance();
        } else if (at_comment(chunk)) {
            skip_comment(chunk);
        } else {
            break;
        }
    }
}

bool Parser::at_comment(const Chunk& chunk) {
    const Cursor& cursor = chunk.cursor;
    const int c = cursor.peek();
    if (c == '#') {
        return true;
    }
    if (c != '/') {
        return false;
    }
    // Rationale: libucl has no `//` comments ('/' starts keys); the Python implementation
    // has them, so `//` is a comment when it is the first thing on its line.
    return cursor.peek(1) == '*' || (cursor.peek(1) == '/' && only_blanks(cursor.line_prefix()));
}

void Parser::skip_comment(Chunk& chunk) {
    Cursor& cursor = chunk.cursor;
    if (cursor.peek() != '/' || cursor.peek(1) != '*') {
        while (!cursor.at_end() && cursor.peek() != '\n') {
            cursor.advance();
        }
        cursor.advance();
        return;
    }
    const Location open = cursor.location();
    cursor.advance(2);
    int depth = 1;
    bool quoted = false; // libucl: "*/" inside double quotes does not end a comment
    int previous = '*';
    while (!cursor.at_end()) {
        const int c = cursor.peek();
        if (c == '"' && previous != '\\') {
            quoted = !quoted;
        }
        if (!quoted && (c == '*' || c == '/') && cursor.peek(1) == (c == '*' ? '/' : '*')) {
            cursor.advance(2);
            depth += c == '*' ? -1 : 1;
            if (depth == 0) {
                return;
            }
            previous = c == '*' ? int{'/'} : int{'*'};
            continue;
        }
        previous = c;
        cursor.advance();
    }
    fail(open, "unterminated comment (missing '*/')");
}

Parser::KeyToken Parser::read_key(Chunk& chunk) {
    Cursor& cursor = chunk.cursor;
    KeyToken token;
    skip_blank(chunk);
    if (cursor.at_end()) {
        return token;
    }
    token.location = cursor.location();
    const int c = cursor.peek();
    if (c == '.') {
        cursor.advance();
        token.kind = KeyToken::Kind::macro;
        return token;
    }
    if (c == '}') {
        token.kind = KeyToken::Kind::end_of_object;
        return token;
    }
    if (c == '"') {
        bool escaped = false;
        bool dollar = false;
        const auto raw = lex_double_quoted(cursor, escaped, dollar);
        token.name = escaped ? unescape_json(raw) : std::string(raw);
    } else if (is(c, k_key_start)) {
        read_bare_key(chunk, token);
    } else {
        fail(token.location, "expected a key, found " + describe(c));
    }
    token.kind = KeyToken::Kind::key;
    read_key_separator(chunk, token);
    if (token.name.empty()) {
        fail(token.location, "empty key");
    }
    return token;
}

void Parser::read_bare_key(Chunk& chunk, KeyToken& token) {
    Cursor& cursor = chunk.cursor;
    const std::size_t start = cursor.offset();
    cursor.advance();
    while (is(cursor.peek(), k_key)) {
        cursor.advance();
    }
    token.name = std::string(cursor.text().substr(start, cursor.offset() - start));
    const int c = cursor.peek();
    if (c < 0 || c == '\n' || c == '\r' || c == ';' || c == ',') {
        fail(token.location, "missing value for key '" + token.name + "'");
    }
    if (!is(c, k_key_sep)) {
        fail(cursor.location(),
             "unexpected " + describe(c) + " after key '" + token.name
                 + "' (keys are letters, digits, '_', '-', '.' and '/')");
    }
}

void Parser::read_key_separator(Chunk& chunk, KeyToken& token) {
    Cursor& cursor = chunk.cursor;
    bool separator = false;
    while (!cursor.at_end()) {
        const int c = cursor.peek();
        if (is(c, k_whitespace)) {
            cursor.advance();
        } else if (c == '=' || c == ':') {
            if (separator) {
                fail(cursor.location(),
                     "unexpected " + describe(c) + " after key '" + token.name + "'");
            }
            separator = true;
            cursor.advance();
        } else if (at_comment(chunk)) {
            skip_comment(chunk);
        } else {
            break;
        }
    }
    if (cursor.at_end()) {
        fail(token.location, "missing value for key '" + token.name + "'");
    }
    token.nested = !separator && opens_nested_object(cursor.rest());
}

std::string_view Parser::lex_double_quoted(Cursor& cursor, bool& escaped, bool& dollar) {
    const Location open = cursor.location();
    cursor.advance();
    const std::size_t start = cursor.offset();
    for (;;) {
        const int c = cursor.peek();
        if (c < 0 || c == '\n') {
            fail(open, "unterminated string (missing '\"' before the end of the line)");
        }
        if (c < 0x1f) {
            fail(cursor.location(), "control character (" + describe(c) + ") in a string");
        }
        if (c == '"') {
            const auto raw = cursor.text().substr(start, cursor.offset() - start);
            cursor.advance();
            return raw;
        }
        dollar = dollar || c == '$';
        if (c != '\\') {
            cursor.advance();
            continue;
        }
        escaped = true;
        cursor.advance();
        const int e = cursor.peek();
        if (!is(e, k_escape)) {
            continue; // libucl keeps the character; unescaping drops the backslash
        }
        cursor.advance();
        if (e != 'u') {
            continue;
        }
        for (int i = 0; i < 4; ++i) {
            if (!is_hex_digit(cursor.peek())) {
                fail(cursor.location(), "invalid \\u escape (4 hex digits expected)");
            }
            cursor.advance();
        }
    }
}

std::string_view Parser::lex_single_quoted(Cursor& cursor, bool& escaped) {
    const Location open = cursor.location();
    cursor.advance();
    const std::size_t start = cursor.offset();
    for (;;) {
        const int c = cursor.peek();
        if (c < 0) {
            fail(open, "unterminated string (missing \"'\")");
        }
        if (c == '\'') {
            const auto raw = cursor.text().substr(start, cursor.offset() - start);
            cursor.advance();
            return raw;
        }
        if (c == '\\') {
            escaped = true;
            cursor.advance();
        }
        cursor.advance();
    }
}

} // namespace jrun::ucl::detail
