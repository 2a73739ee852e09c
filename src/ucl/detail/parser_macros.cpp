// SPDX-License-Identifier: BSD-2-Clause
// Macros: `.name(args) value`, read as libucl reads them, and .priority.
#include "ucl/detail/chars.hpp"
#include "ucl/detail/parser_impl.hpp"
#include "ucl/detail/paths.hpp"
#include "ucl/json.hpp"

#include <strings.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>

namespace jrun::ucl::detail {

namespace {

constexpr std::size_t k_max_argument_nesting = 8;
// Rationale: `.inherit(replace = true)` can double an object per line, so the values it may
// copy are bounded: 16 per byte of the document, and at least 65536.
constexpr std::size_t k_inherited_values_per_byte = 16;
constexpr std::size_t k_min_inherited_values = 1U << 16;

std::size_t count_values(const Value& value) {
    std::size_t count = 1;
    for (const Value& item : value.elements()) {
        count += count_values(item);
    }
    for (const Member& member : value.members()) {
        count += count_values(member.value);
    }
    return count;
}

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
    static const std::array<const char*, 6> k_macros = {
        "include", "try_include", "includes", "priority", "load", "inherit"};
    if (std::find(k_macros.begin(), k_macros.end(), name) == k_macros.end()) {
        fail(at, "unknown macro '." + name + "'");
    }
    if (name == "includes") {
        fail(at, "'.includes' (signed includes) is not supported: jrun cannot check signatures");
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
    if (name == "include" || name == "try_include") {
        include(chunk, at, args, value, name == "try_include");
    } else if (name == "priority") {
        set_priority(chunk, at, args, value);
    } else if (name == "load") {
        load(chunk, at, args, value);
    } else {
        inherit(at, args, value);
    }
}

Value Parser::parse_macro_arguments(Chunk& chunk) {
    Cursor& cursor = chunk.cursor;
    const Location open = cursor.location();
    const std::size_t close = matching_paren(cursor.text(), cursor.offset());
    if (close == std::string_view::npos) {
        fail(open, "'(' of macro arguments is never closed");
    }
    if (m_nesting >= k_max_argument_nesting) {
        fail(open, "macro arguments are nested too deeply");
    }
    cursor.advance();
    Chunk inner(cursor.truncated(close));
    inner.variables = chunk.variables;
    inner.directory = chunk.directory;
    // Rationale: libucl runs macros inside arguments too; files are not read from there.
    ParseOptions options = m_options;
    options.includes = nullptr;
    Parser nested(options, m_sources, m_nesting + 1);
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

// `.priority N` or `.priority(priority=N)`: the priority of the values that follow. Like
// libucl, only the low 4 bits count.
void Parser::set_priority(Chunk& chunk, Location at, const Value& args, const std::string& value) {
    bool found = false;
    long long priority = 0;
    if (args.is_object()) {
        const Value* param = args.find("priority");
        if (param != nullptr && param->type() == Type::integer) {
            priority = param->as_int();
            found = true;
        }
    }
    if (!value.empty()) {
        char* end = nullptr;
        errno = 0;
        priority = std::strtoll(value.c_str(), &end, 10);
        if (errno != 0 || *end != '\0') {
            fail(at, "invalid priority '" + value + "' (a number from 0 to 15 expected)");
        }
        found = true;
    }
    if (!found) {
        fail(at, "missing priority for '.priority' (a number from 0 to 15 expected)");
    }
    chunk.priority = static_cast<unsigned>(priority) & 0xFU;
}

namespace {

std::string param_string(const Value& args, std::string_view key) {
    const Value* value = args.is_object() ? args.find(key) : nullptr;
    return value != nullptr && value->is_string() ? value->as_string() : std::string();
}

bool param_bool(const Value& args, std::string_view key) {
    const Value* value = args.is_object() ? args.find(key) : nullptr;
    return value != nullptr && value->type() == Type::boolean && value->as_bool();
}

std::string_view trim_blanks(std::string_view text) {
    while (!text.empty() && is(static_cast<unsigned char>(text.front()), k_whitespace_any)) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is(static_cast<unsigned char>(text.back()), k_whitespace_any)) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

// `.load(key = "k", target = "string" | "int", try, trim, escape, priority) "file"`: the
// contents of a file as the value of a new key (libucl's ucl_load_handler).
void Parser::load(Chunk& chunk, Location at, const Value& args, const std::string& path) {
    const std::string key = param_string(args, "key");
    if (key.empty()) {
        fail(at, R"('.load' needs a key, as in .load(key = "name") "file")");
    }
    if (m_options.includes == nullptr) {
        fail(at, "cannot load '" + path + "': files are not available here");
    }
    const std::string resolved = join_path(chunk.directory, path);
    const auto contents = m_options.includes->read(resolved);
    if (!contents) {
        if (param_bool(args, "try")) {
            return;
        }
        fail(at, "cannot read loaded file '" + resolved + "'");
    }
    Frame& frame = m_stack.back();
    if (frame.value->find(key) != nullptr) {
        fail(at, "cannot load into '" + key + "': the key already exists");
    }
    std::string target = param_string(args, "target");
    Value value;
    if (target.empty() || strcasecmp(target.c_str(), "string") == 0) {
        std::string_view text = *contents;
        if (param_bool(args, "trim")) {
            text = trim_blanks(text);
        }
        value = Value::string(param_bool(args, "escape") ? json_escape(text, ControlChars::keep)
                                                         : std::string(text),
                              at);
    } else if (strcasecmp(target.c_str(), "int") == 0) {
        value = Value::integer(std::strtoll(contents->c_str(), nullptr, 10), at);
    } else {
        return; // libucl silently loads nothing for other targets
    }
    const Value* priority = args.is_object() ? args.find("priority") : nullptr;
    if (priority != nullptr && priority->type() == Type::integer) {
        set_meta(frame, key, KeyMeta{static_cast<unsigned>(priority->as_int()) & 0xFU, false});
    }
    frame.value->insert(key, at, std::move(value));
}

// `.inherit "name"`: copy the keys of the top-level object `name` that the current object
// lacks; keys defined later replace the copies (libucl's ucl_inherit_handler).
void Parser::inherit(Location at, const Value& args, const std::string& name) {
    const Value* parent = m_root != nullptr && m_root->is_object() ? m_root->find(name) : nullptr;
    if (parent == nullptr || !parent->is_object()) {
        fail(at, "cannot inherit from '" + name + "': no such top-level object");
    }
    Frame& frame = m_stack.back();
    if (!frame.value->is_object() || frame.value == parent) {
        fail(at, "'.inherit' can only be used inside another object");
    }
    const bool replace = param_bool(args, "replace");
    const std::size_t budget =
        std::max(k_min_inherited_values, k_inherited_values_per_byte * m_document_size);
    m_inherited_values += count_values(*parent);
    if (m_inherited_values > budget) {
        fail(at, "'.inherit' copies too much (more than " + std::to_string(budget) + " values)");
    }
    const Value copy = *parent; // the target may be inside the parent
    for (const Member& member : copy.members()) {
        if (!replace && frame.value->find(member.key) != nullptr) {
            continue;
        }
        frame.value->insert(member.key, member.key_location, member.value);
        if (!replace) {
            set_meta(frame, member.key, KeyMeta{0, true});
        }
    }
}

} // namespace jrun::ucl::detail
