// SPDX-License-Identifier: BSD-2-Clause
#include "ucl/value.hpp"

#include <cassert>
#include <utility>

namespace jrun::ucl {

namespace {
// Below this many keys a linear scan beats hashing.
constexpr std::size_t k_index_threshold = 16;
} // namespace

const char* to_string(Type type) {
    switch (type) {
    case Type::null:
        return "null";
    case Type::boolean:
        return "boolean";
    case Type::integer:
        return "integer";
    case Type::floating:
        return "number";
    case Type::time:
        return "time";
    case Type::string:
        return "string";
    case Type::array:
        return "array";
    case Type::object:
        return "object";
    }
    return "unknown";
}

Value Value::null(Location loc) {
    Value v;
    v.m_location = loc;
    return v;
}

Value Value::boolean(bool b, Location loc) {
    Value v;
    v.m_type = Type::boolean;
    v.m_bool = b;
    v.m_location = loc;
    return v;
}

Value Value::integer(std::int64_t i, Location loc) {
    Value v;
    v.m_type = Type::integer;
    v.m_int = i;
    v.m_location = loc;
    return v;
}

Value Value::floating(double d, Location loc) {
    Value v;
    v.m_type = Type::floating;
    v.m_double = d;
    v.m_location = loc;
    return v;
}

Value Value::time(double seconds, Location loc) {
    Value v;
    v.m_type = Type::time;
    v.m_double = seconds;
    v.m_location = loc;
    return v;
}

Value Value::string(std::string s, Location loc) {
    Value v;
    v.m_type = Type::string;
    v.m_string = std::move(s);
    v.m_location = loc;
    return v;
}

Value Value::array(Location loc) {
    Value v;
    v.m_type = Type::array;
    v.m_location = loc;
    return v;
}

Value Value::object(Location loc) {
    Value v;
    v.m_type = Type::object;
    v.m_location = loc;
    return v;
}

Value::Value(const Value& other)
    : m_type(other.m_type),
      m_implicit(other.m_implicit),
      m_bool(other.m_bool),
      m_int(other.m_int),
      m_double(other.m_double),
      m_string(other.m_string),
      m_elements(other.m_elements),
      m_members(other.m_members),
      m_location(other.m_location) {
    if (other.m_index) {
        m_index = std::make_unique<Index>(*other.m_index);
    }
}

Value::Value(Value&&) noexcept = default;
Value& Value::operator=(Value&&) noexcept = default;
Value::~Value() = default;

Value& Value::operator=(const Value& other) {
    if (this != &other) {
        Value copy(other);
        *this = std::move(copy);
    }
    return *this;
}

bool Value::is_number() const {
    return m_type == Type::integer || m_type == Type::floating || m_type == Type::time;
}

bool Value::as_bool() const {
    assert(m_type == Type::boolean);
    return m_bool;
}

std::int64_t Value::as_int() const {
    assert(m_type == Type::integer);
    return m_int;
}

double Value::as_double() const {
    assert(is_number());
    return m_type == Type::integer ? static_cast<double>(m_int) : m_double;
}

const std::string& Value::as_string() const {
    assert(m_type == Type::string);
    return m_string;
}

const Member* Value::find_member(std::string_view key) const {
    if (m_index) {
        const auto it = m_index->find(key);
        return it == m_index->end() ? nullptr : &m_members[it->second];
    }
    for (const auto& member : m_members) {
        if (member.key == key) {
            return &member;
        }
    }
    return nullptr;
}

const Value* Value::find(std::string_view key) const {
    const Member* member = find_member(key);
    return member == nullptr ? nullptr : &member->value;
}

Value* Value::find(std::string_view key) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): reuse the const overload
    return const_cast<Value*>(std::as_const(*this).find(key));
}

Value& Value::insert(std::string key, Location key_location, Value value) {
    assert(m_type == Type::object);
    if (Value* existing = find(key)) {
        if (!(existing->is_array() && existing->implicit())) {
            Value array = Value::array(existing->location());
            array.set_implicit(true);
            array.push_back(std::move(*existing));
            *existing = std::move(array);
        }
        existing->push_back(std::move(value));
        return existing->m_elements.back();
    }
    m_members.push_back(Member{std::move(key), key_location, std::move(value)});
    if (m_index) {
        m_index->emplace(m_members.back().key, m_members.size() - 1);
    } else if (m_members.size() > k_index_threshold) {
        rebuild_index();
    }
    return m_members.back().value;
}

Value& Value::replace(std::string key, Location key_location, Value value) {
    assert(m_type == Type::object);
    if (const Member* member = find_member(key)) {
        auto& slot = m_members[static_cast<std::size_t>(member - m_members.data())];
        slot.key_location = key_location;
        slot.value = std::move(value);
        return slot.value;
    }
    return insert(std::move(key), key_location, std::move(value));
}

bool Value::erase(std::string_view key) {
    const Member* member = find_member(key);
    if (member == nullptr) {
        return false;
    }
    m_members.erase(m_members.begin() + (member - m_members.data()));
    if (m_index) {
        rebuild_index();
    }
    return true;
}

void Value::rebuild_index() {
    m_index = std::make_unique<Index>();
    m_index->reserve(m_members.size() * 2);
    for (std::size_t i = 0; i < m_members.size(); ++i) {
        m_index->emplace(m_members[i].key, i);
    }
}

bool Value::operator==(const Value& other) const {
    if (m_type != other.m_type) {
        return false;
    }
    switch (m_type) {
    case Type::null:
        return true;
    case Type::boolean:
        return m_bool == other.m_bool;
    case Type::integer:
        return m_int == other.m_int;
    case Type::floating:
    case Type::time:
        return m_double == other.m_double;
    case Type::string:
        return m_string == other.m_string;
    case Type::array:
        return m_elements == other.m_elements;
    case Type::object:
        if (m_members.size() != other.m_members.size()) {
            return false;
        }
        for (std::size_t i = 0; i < m_members.size(); ++i) {
            if (m_members[i].key != other.m_members[i].key
                || !(m_members[i].value == other.m_members[i].value)) {
                return false;
            }
        }
        return true;
    }
    return false;
}

} // namespace jrun::ucl
