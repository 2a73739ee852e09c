// SPDX-License-Identifier: BSD-2-Clause
// Inserting keys: implicit arrays, priorities and the duplicate strategies of libucl.
#include "ucl/detail/parser_impl.hpp"

namespace jrun::ucl::detail {

KeyMeta Parser::meta_of(const Frame& frame, const std::string& key) {
    if (!frame.meta) {
        return {};
    }
    const auto it = frame.meta->find(key);
    return it == frame.meta->end() ? KeyMeta{} : it->second;
}

void Parser::set_meta(Frame& frame, const std::string& key, KeyMeta meta) {
    if (!frame.meta) {
        if (meta.priority == 0 && !meta.inherited) {
            return;
        }
        frame.meta = std::make_unique<std::unordered_map<std::string, KeyMeta>>();
    }
    (*frame.meta)[key] = meta;
}

Value& Parser::discard_slot() {
    m_discarded.push_back(std::make_unique<Value>());
    return *m_discarded.back();
}

// Add the key to the innermost object and return the slot its value goes into. Same
// priority: an implicit array; higher: replaces; lower: parsed, then dropped (libucl).
Value& Parser::insert_key(Chunk& chunk, const KeyToken& token) {
    Frame& frame = m_stack.back();
    Value& object = *frame.value;
    const Value* existing = object.find(token.name);
    if (existing == nullptr) {
        set_meta(frame, token.name, KeyMeta{chunk.priority, false});
        return object.insert(token.name, token.location, Value::null(token.location));
    }
    const KeyMeta old = meta_of(frame, token.name);
    const unsigned priority = old.inherited ? old.priority + 1 : chunk.priority;
    switch (chunk.duplicates) {
    case Duplicates::error:
        fail(token.location, "duplicate key '" + token.name + "'");
    case Duplicates::rewrite:
        set_meta(frame, token.name, KeyMeta{chunk.priority, false});
        return object.replace(token.name, token.location, Value::null(token.location));
    case Duplicates::merge: {
        // Containers take the new value's contents (see reuse_or_make); scalars append.
        Value& head = existing->implicit() ? object.find(token.name)->elements().front()
                                           : *object.find(token.name);
        if (head.is_object() || head.is_array()) {
            return head;
        }
        break;
    }
    case Duplicates::append:
        break;
    }
    if (priority == old.priority) {
        return object.insert(token.name, token.location, Value::null(token.location));
    }
    if (priority < old.priority) {
        return discard_slot();
    }
    set_meta(frame, token.name, KeyMeta{chunk.priority, false});
    return object.replace(token.name, token.location, Value::null(token.location));
}

} // namespace jrun::ucl::detail
