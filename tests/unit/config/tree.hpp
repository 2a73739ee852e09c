// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Terse builders for ucl::Value trees, for tests that do not go through the parser.

#include "ucl/value.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace jrun::test::tree {

using ucl::Value;

inline Value s(std::string text, Location loc = {}) {
    return Value::string(std::move(text), loc);
}
inline Value i(std::int64_t n, Location loc = {}) {
    return Value::integer(n, loc);
}
inline Value f(double d, Location loc = {}) {
    return Value::floating(d, loc);
}
inline Value t(double seconds, Location loc = {}) {
    return Value::time(seconds, loc);
}
inline Value b(bool v, Location loc = {}) {
    return Value::boolean(v, loc);
}

// An object; a key given twice becomes an implicit array, as the parser does.
inline Value obj(std::initializer_list<std::pair<std::string_view, Value>> members) {
    Value out = Value::object();
    for (const auto& [key, value] : members) {
        out.insert(std::string(key), {}, value);
    }
    return out;
}

inline Value arr(std::initializer_list<Value> elements) {
    Value out = Value::array();
    for (const auto& element : elements) {
        out.push_back(element);
    }
    return out;
}

// `jail "NAME" { BODY }` for each pair, as a document root.
inline Value jails(std::initializer_list<std::pair<std::string_view, Value>> named) {
    return obj({{"jail", obj(named)}});
}

} // namespace jrun::test::tree
