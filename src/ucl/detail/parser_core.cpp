// SPDX-License-Identifier: BSD-2-Clause
// The state machine: keys, values and what may follow a value, over a stack of open containers.
#include "ucl/detail/chars.hpp"
#include "ucl/detail/parser_impl.hpp"

#include <algorithm>

namespace jrun::ucl::detail {

void fail(const Location& location, std::string message) {
    throw ParseError{location, std::move(message)};
}

Parser::Parser(const ParseOptions& options, SourceSet& sources, std::size_t nesting)
    : m_options(options),
      m_sources(sources),
      m_nesting(nesting) {}

Value Parser::parse_document(const SourceFile* file,
                             VariableList variables,
                             std::string directory) {
    Chunk chunk(Cursor{file});
    chunk.variables = std::move(variables);
    chunk.directory = std::move(directory);
    m_file_stack.push_back(file->path);
    m_document_size = file->text.size();
    return parse_root(chunk);
}

Value Parser::parse_root(Chunk& chunk) {
    // Rationale: libucl skips only one leading comment before a top-level '{' or '['; all
    // leading blanks and comments are skipped here.
    skip_blank(chunk);
    Cursor& cursor = chunk.cursor;
    const Location start = cursor.location();
    Value root;
    m_root = &root;
    State state = State::key;
    if (cursor.peek() == '[' || cursor.peek() == '{') {
        const bool array = cursor.peek() == '[';
        root = array ? Value::array(start) : Value::object(start);
        push_frame(root, 0, true, start);
        cursor.advance();
        state = array ? State::value : State::key;
    } else {
        root = Value::object(Location{cursor.file(), 1, 1});
        push_frame(root, 0, false, start);
    }
    run(chunk, state);
    check_unclosed(chunk);
    m_stack.clear();
    m_root = nullptr;
    return root;
}

void Parser::run(Chunk& chunk, State state) {
    while (!chunk.cursor.at_end() && state != State::done) {
        switch (state) {
        case State::key:
            state = state_key(chunk);
            break;
        case State::value:
            state = state_value(chunk);
            break;
        case State::after_value:
            state = state_after_value(chunk);
            break;
        case State::done:
            break;
        }
    }
}

Parser::State Parser::state_key(Chunk& chunk) {
    KeyToken token = read_key(chunk);
    switch (token.kind) {
    case KeyToken::Kind::none:
        return State::key;
    case KeyToken::Kind::end_of_object:
        return State::after_value;
    case KeyToken::Kind::macro:
        parse_macro(chunk, token.location);
        return State::key;
    case KeyToken::Kind::key:
        break;
    }
    Value& slot = insert_key(chunk, token);
    if (!token.nested) {
        m_current = &slot;
        return State::value;
    }
    // `key key2 ... {`: this key holds an object that the following keys go into.
    Cursor& cursor = chunk.cursor;
    while (is(cursor.peek(), k_whitespace)) {
        cursor.advance();
    }
    const Location at = cursor.location();
    Value& object = reuse_or_make(slot, false, at);
    push_frame(object, m_stack.back().level + 1, false, at);
    return State::key;
}

Parser::State Parser::state_value(Chunk& chunk) {
    skip_blank(chunk);
    Cursor& cursor = chunk.cursor;
    switch (cursor.peek()) {
    case -1:
        return State::value;
    case '"':
        parse_double_quoted(chunk);
        return State::after_value;
    case '\'':
        parse_single_quoted(chunk);
        return State::after_value;
    case '{':
        open_container(chunk, false);
        return State::key;
    case '[':
        open_container(chunk, true);
        return State::value;
    case ']':
        if (m_stack.back().value->is_array()) {
            return State::after_value;
        }
        break;
    case '<':
        if (try_heredoc(chunk)) {
            return State::after_value;
        }
        break;
    default:
        break;
    }
    parse_atom(chunk);
    return State::after_value;
}

Parser::State Parser::state_after_value(Chunk& chunk) {
    Cursor& cursor = chunk.cursor;
    bool separated = false;
    while (!cursor.at_end()) {
        const int c = cursor.peek();
        if (is(c, k_whitespace)) {
            cursor.advance();
        } else if (at_comment(chunk)) {
            skip_comment(chunk);
            separated = true;
        } else if (c == '}' || c == ']') {
            if (!close_container(chunk, c)) {
                return State::done;
            }
            separated = true;
        } else if (is(c, k_value_end)) {
            cursor.advance();
            separated = true;
        } else if (!separated) {
            fail(cursor.location(),
                 "missing ';', ',' or newline before '" + std::string(1, static_cast<char>(c))
                     + "'");
        } else {
            break;
        }
    }
    return m_stack.back().value->is_object() ? State::key : State::value;
}

void Parser::push_frame(Value& value, int level, bool braced, Location open) {
    if (m_stack.size() >= m_options.max_depth) {
        fail(open,
             "nesting is too deep (more than " + std::to_string(m_options.max_depth) + " levels)");
    }
    m_stack.push_back(Frame{&value, level, braced, open, nullptr});
}

Value& Parser::value_slot(Location location) {
    Value& top = *m_stack.back().value;
    if (top.is_array()) {
        top.push_back(Value::null(location));
        return top.elements().back();
    }
    return *m_current;
}

void Parser::open_container(Chunk& chunk, bool array) {
    Cursor& cursor = chunk.cursor;
    const Location at = cursor.location();
    Value& slot = reuse_or_make(value_slot(at), array, at);
    push_frame(slot, m_stack.back().level, true, at);
    cursor.advance();
}

// Make `slot` a fresh container, or keep the container that a `duplicate = "merge"` include
// merges into (libucl's ucl_parser_add_container).
Value& Parser::reuse_or_make(Value& slot, bool array, Location at) {
    if (slot.is_object() || slot.is_array()) {
        if (slot.is_array() != array) {
            fail(at, "cannot merge an object with an array");
        }
        return slot;
    }
    slot = array ? Value::array(at) : Value::object(at);
    return slot;
}

// Close the innermost container with `closer` ('}' or ']'); false when that ended the
// document (libucl ignores whatever follows).
bool Parser::close_container(Chunk& chunk, int closer) {
    Cursor& cursor = chunk.cursor;
    const Location at = cursor.location();
    const std::string what(1, static_cast<char>(closer));
    if (m_stack.size() <= chunk.base_depth) {
        fail(at, "unexpected '" + what + "' (an included file cannot close its includer's '{')");
    }
    const Frame& top = m_stack.back();
    const bool matches = closer == '}' ? top.value->is_object() : top.value->is_array();
    if (!matches) {
        fail(at,
             closer == '}' ? "unexpected '}' inside an array (missing ']'?)"
                           : "unexpected ']' inside an object (missing '}'?)");
    }
    if (!top.braced) {
        fail(at, "unexpected '" + what + "' (no matching '" + (closer == '}' ? "{" : "[") + "')");
    }
    m_stack.pop_back();
    // Leave the containers that nested keys opened (`a b { }` closes b's object and a's).
    while (m_stack.size() > std::max<std::size_t>(chunk.base_depth, 1)
           && m_stack[m_stack.size() - 2].level != m_stack.back().level) {
        m_stack.pop_back();
    }
    cursor.advance();
    const bool finished =
        m_stack.size() == chunk.base_depth && (chunk.base_depth == 0 || chunk.wrapped);
    if (!finished) {
        return true;
    }
    // libucl ignores whatever follows the closing bracket of the document.
    skip_blank(chunk);
    if (!cursor.at_end()) {
        m_warnings.push_back(Diagnostic{Severity::warning,
                                        cursor.location(),
                                        "text after the closing '" + what + "' is ignored"});
    }
    return false;
}

void Parser::check_unclosed(const Chunk& chunk) const {
    for (std::size_t i = m_stack.size(); i > chunk.base_depth; --i) {
        const Frame& frame = m_stack[i - 1];
        if (frame.braced) {
            fail(frame.open,
                 frame.value->is_array() ? "'[' is never closed (missing ']')"
                                         : "'{' is never closed (missing '}')");
        }
    }
}

} // namespace jrun::ucl::detail
