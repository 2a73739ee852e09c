// SPDX-License-Identifier: BSD-2-Clause
// Macros: `.name(args) value`, read as libucl reads them, and .priority.
#include "ucl/detail/chars.hpp"
#include "ucl/detail/parser_impl.hpp"

#include <cerrno>
#include <cstdlib>

namespace jrun::ucl::detail {

namespace {

// Return the offset of the ')' matching the '(' at `open`, or npos (libucl: parentheses are
// counted outside double quotes).
std::size_t matching_paren(std::string_view text, std::size_t open) {
    int depth = 0;
    bool quoted = false;
    for (std::size_t p = open; p < text.size(); ++p) {
        const char c = text[p];
        if (quoted) {
            quoted = !(c == '"' && text[p - 1] != '\\');
        } else if (c == '"') {
            quoted = true;
        } else if (c == '(' || c == ')') {
            depth += c == '(' ? 1 : -1;
            if (depth == 0) {
                return p;
            }
        }
    }
    return std::string_view::npos;
}

} // namespace

void Parser::parse_macro(Chunk& chunk, Location at) {
    Cursor& cursor = chunk.cursor;
    const std::size_t start = cursor.offset();
    while (!cursor.at_end() && !is(cursor.peek(), k_whitespace_any) && cursor.peek() != '(') {
        cursor.advance();
    }
    const std::string name(cursor.text().substr(start, cursor.offset() - start));
    if (name.empty()) {
        fail(at, "missing macro name after '.'");
    }
    const bool is_include = name == "include" || name == "try_include";
    if (!is_include && name != "priority") {
        fail(at, "unknown macro '." + name + "'");
    }
    skip_blank(chunk);
    Value args;
    if (cursor.peek() == '(') {
        args = parse_macro_arguments(chunk);
        skip_blank(chunk);
    }
    const std::string value = expand_variables(read_macro_value(chunk, at), chunk.variables);
    while (is(cursor.peek(), k_whitespace_any) || cursor.peek() == ';') {
        cursor.advance();
    }
    if (is_include) {
        include(chunk, at, args, value, name == "include");
    } else {
        set_priority(chunk, at, args, value);
    }
}

Value Parser::parse_macro_arguments(Chunk& chunk) {
    Cursor& cursor = chunk.cursor;
    const Location open = cursor.location();
    const std::size_t close = matching_paren(cursor.text(), cursor.offset());
    if (close == std::string_view::npos) {
        fail(open, "'(' of macro arguments is never closed");
    }
    cursor.advance();
    Chunk inner(cursor.truncated(close));
    inner.variables = chunk.variables;
    inner.directory = chunk.directory;
    Parser nested(m_options, m_sources);
    Value args = nested.parse_root(inner);
    cursor.advance_to(close + 1);
    return args;
}

// The macro's argument: a "quoted" string (taken raw, like libucl), a {...} block, or text up
// to the end of the value.
std::string Parser::read_macro_value(Chunk& chunk, Location at) {
    Cursor& cursor = chunk.cursor;
    if (cursor.peek() == '"') {
        bool escaped = false;
        bool dollar = false;
        return std::string(lex_double_quoted(cursor, escaped, dollar));
    }
    if (cursor.peek() == '{') {
        cursor.advance();
        while (is(cursor.peek(), k_whitespace_any)) {
            cursor.advance();
        }
        const std::size_t start = cursor.offset();
        while (!cursor.at_end() && cursor.peek() != '}') {
            cursor.advance();
        }
        if (cursor.at_end()) {
            fail(at, "'{' of the macro's argument is never closed");
        }
        const auto body = cursor.text().substr(start, cursor.offset() - start);
        cursor.advance();
        return std::string(body);
    }
    const std::size_t start = cursor.offset();
    while (!cursor.at_end() && !is(cursor.peek(), k_value_end)) {
        cursor.advance();
    }
    return std::string(cursor.text().substr(start, cursor.offset() - start));
}

// `.priority N` or `.priority(priority=N)`: the priority of the values that follow.
void Parser::set_priority(Chunk& chunk, Location at, const Value& args, const std::string& value) {
    bool found = false;
    long priority = 0;
    if (args.is_object()) {
        const Value* param = args.find("priority");
        if (param != nullptr && param->type() == Type::integer) {
            priority = static_cast<long>(param->as_int());
            found = true;
        }
    }
    if (!value.empty()) {
        char* end = nullptr;
        errno = 0;
        priority = std::strtol(value.c_str(), &end, 10);
        if (errno != 0 || *end != '\0' || priority < 0 || priority > 15) {
            fail(at, "invalid priority '" + value + "' (a number from 0 to 15 expected)");
        }
        found = true;
    }
    if (!found || priority < 0 || priority > 15) {
        fail(at, "missing priority for '.priority' (a number from 0 to 15 expected)");
    }
    chunk.priority = static_cast<unsigned>(priority);
}

} // namespace jrun::ucl::detail
