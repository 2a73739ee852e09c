// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/diagnostic.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jrun::ucl {

// The value types libucl distinguishes. `time` is a number of seconds written with a time
// suffix (`10s`, `5min`); libucl keeps it apart from `floating` and so do we.
enum class Type : std::uint8_t { null, boolean, integer, floating, time, string, array, object };

const char* to_string(Type type);

struct Member;

// One node of a parsed UCL document. Objects keep insertion order, like libucl's emitter.
// A key repeated in one object becomes an *implicit array* (libucl semantics): the member's value
// is an array with `implicit()` true, holding every value given for the key, in order.
class Value {
public:
    Value() = default;
    static Value null(Location loc = {});
    static Value boolean(bool b, Location loc = {});
    static Value integer(std::int64_t i, Location loc = {});
    static Value floating(double d, Location loc = {});
    static Value time(double seconds, Location loc = {});
    static Value string(std::string s, Location loc = {});
    static Value array(Location loc = {});
    static Value object(Location loc = {});

    [[nodiscard]] Type type() const { return m_type; }
    [[nodiscard]] const Location& location() const { return m_location; }
    void set_location(Location loc) { m_location = loc; }

    [[nodiscard]] bool is_null() const { return m_type == Type::null; }
    [[nodiscard]] bool is_object() const { return m_type == Type::object; }
    [[nodiscard]] bool is_array() const { return m_type == Type::array; }
    [[nodiscard]] bool is_string() const { return m_type == Type::string; }
    // True for integer, floating and time.
    [[nodiscard]] bool is_number() const;

    // Accessors; calling one for the wrong type is a programmer error (asserted).
    [[nodiscard]] bool as_bool() const;
    [[nodiscard]] std::int64_t as_int() const;
    // Any number as a double (time: seconds).
    [[nodiscard]] double as_double() const;
    [[nodiscard]] const std::string& as_string() const;

    // Array elements (explicit or implicit array).
    [[nodiscard]] const std::vector<Value>& elements() const { return m_elements; }
    std::vector<Value>& elements() { return m_elements; }
    // True when this array was made by repeating a key, not written as `[...]`.
    [[nodiscard]] bool implicit() const { return m_implicit; }
    void set_implicit(bool implicit) { m_implicit = implicit; }

    // Object members in insertion order; each key appears once.
    [[nodiscard]] const std::vector<Member>& members() const { return m_members; }
    // Return the member value for `key`, or null when absent (for an implicit array: the array).
    [[nodiscard]] const Value* find(std::string_view key) const;
    Value* find(std::string_view key);
    // Return the Member for `key` (with the key's own location), or null when absent.
    [[nodiscard]] const Member* find_member(std::string_view key) const;
    // Add `value` under `key` and return the stored value. A repeated key turns the member into
    // an implicit array (or appends to it), as libucl does. Lookups stay O(1) for large objects.
    Value& insert(std::string key, Location key_location, Value value);
    // Replace (or add) the value for `key`, dropping earlier ones; return the stored value.
    Value& replace(std::string key, Location key_location, Value value);
    // Remove `key`; return whether it was present.
    bool erase(std::string_view key);

    void push_back(Value value) { m_elements.push_back(std::move(value)); }

    // Deep equality of type and content (locations ignored; integer 1 != floating 1.0).
    [[nodiscard]] bool operator==(const Value& other) const;

private:
    void rebuild_index();

    Type m_type = Type::null;
    bool m_implicit = false;
    bool m_bool = false;
    std::int64_t m_int = 0;
    double m_double = 0.0;
    std::string m_string;
    std::vector<Value> m_elements;
    std::vector<Member> m_members;
    // Built only when an object grows past a handful of keys.
    // Hashes std::string and std::string_view alike, so lookups need no temporary string.
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const {
            return std::hash<std::string_view>{}(key);
        }
    };
    using Index = std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>>;
    std::unique_ptr<Index> m_index;
    Location m_location;

public:
    Value(const Value& other);
    Value& operator=(const Value& other);
    // Defined in value.cpp, where Member is complete (clang needs that).
    Value(Value&& other) noexcept;
    Value& operator=(Value&& other) noexcept;
    ~Value();
};

struct Member {
    std::string key;
    Location key_location;
    Value value;
};

} // namespace jrun::ucl
