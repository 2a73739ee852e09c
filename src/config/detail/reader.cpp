// SPDX-License-Identifier: BSD-2-Clause
#include "config/detail/reader.hpp"

#include "config/values.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace jrun::config::detail {

void Reader::error(const Location& loc, std::string message) {
    m_diagnostics.push_back({Severity::error, loc, std::move(message)});
    m_errors = true;
}

void Reader::warning(const Location& loc, std::string message) {
    m_diagnostics.push_back({Severity::warning, loc, std::move(message)});
}

void Reader::note(const Location& loc, std::string message) {
    m_diagnostics.push_back({Severity::note, loc, std::move(message)});
}

std::string_view Reader::token_at(const Location& loc) {
    if (loc.file == nullptr || loc.line == 0 || loc.column == 0) {
        return {};
    }
    const std::string_view text = loc.file->text;
    auto& starts = m_line_starts[loc.file];
    if (starts.empty()) {
        starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') {
                starts.push_back(i + 1);
            }
        }
    }
    if (loc.line > starts.size()) {
        return {};
    }
    const std::size_t begin = starts[loc.line - 1] + loc.column - 1;
    if (begin >= text.size()) {
        return {};
    }
    const auto end = std::min(text.find_first_of(" \t\r\n;,}]#", begin), text.size());
    return text.substr(begin, end - begin);
}

namespace {

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string format_double(double d) {
    std::array<char, 32> buffer{};
    const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), d);
    return ec == std::errc() ? std::string(buffer.data(), ptr) : std::string("a number");
}

// Return the source token of a number or boolean when it plausibly is the value's own text.
std::string_view written(Reader& reader, const ucl::Value& value) {
    const auto token = reader.token_at(value.location());
    if (token.empty()) {
        return {};
    }
    const char c = token.front();
    const bool numeric = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
    if (value.is_number() ? numeric : std::all_of(token.begin(), token.end(), is_letter)) {
        return token;
    }
    return {};
}

// Return the text of a non-string scalar: as written when known, else formatted.
std::string scalar_as_text(Reader& reader, const ucl::Value& value) {
    if (const auto token = written(reader, value); !token.empty()) {
        return std::string(token);
    }
    switch (value.type()) {
    case ucl::Type::boolean:
        return value.as_bool() ? "true" : "false";
    case ucl::Type::integer:
        return std::to_string(value.as_int());
    case ucl::Type::time:
        return format_double(value.as_double()) + "s";
    default:
        return format_double(value.as_double());
    }
}

// Return whether the written token of a number carries a unit ("5m", "4096M", "4gb").
std::string_view token_with_unit(Reader& reader, const ucl::Value& value) {
    const auto token = written(reader, value);
    return !token.empty() && is_letter(token.back()) ? token : std::string_view{};
}

std::string in_scope(const Scope& scope) {
    return scope.top() ? std::string("at the top level") : "in " + scope.text();
}

std::optional<std::int64_t> coerce_integer(const ucl::Value& value) {
    switch (value.type()) {
    case ucl::Type::integer:
        return value.as_int();
    case ucl::Type::floating: {
        const double d = value.as_double();
        if (std::trunc(d) == d && std::fabs(d) < 9.0e15) {
            return static_cast<std::int64_t>(d);
        }
        return std::nullopt;
    }
    case ucl::Type::string:
        return parse_integer(value.as_string());
    default:
        return std::nullopt;
    }
}

} // namespace

std::string quote(std::string_view text) {
    return "'" + printable(text) + "'";
}

std::string Scope::text() const {
    std::string out(m_kind);
    if (!m_label.empty()) {
        out += " " + quote(m_label);
    }
    if (m_parent != nullptr && !m_parent->top()) {
        out += " of " + m_parent->text();
    }
    return out;
}

std::string describe(Reader& reader, const ucl::Value& value) {
    switch (value.type()) {
    case ucl::Type::string:
        return quote(value.as_string());
    case ucl::Type::null:
        return "null";
    case ucl::Type::array:
        return "a list";
    case ucl::Type::object:
        return "an object";
    default:
        return scalar_as_text(reader, value);
    }
}

std::string subject(std::string_view key, const Scope& scope) {
    return "'" + std::string(key) + "' " + in_scope(scope);
}

void type_error(Reader& reader,
                const ucl::Value& value,
                std::string_view key,
                const Scope& scope,
                std::string_view expected) {
    reader.error(value.location(),
                 subject(key, scope) + " must be " + std::string(expected) + ", not "
                     + describe(reader, value));
}

void check_keys(Reader& reader,
                const ucl::Value& object,
                std::span<const std::string_view> allowed,
                const Scope& scope) {
    for (const auto& member : object.members()) {
        if (std::find(allowed.begin(), allowed.end(), member.key) != allowed.end()) {
            continue;
        }
        std::string message = "unknown key " + quote(member.key) + " " + in_scope(scope);
        if (const auto suggestion = closest_match(member.key, allowed)) {
            message += " (did you mean '" + *suggestion + "'?)";
        }
        reader.error(member.key_location, std::move(message));
    }
}

const ucl::Value& single(Reader& reader, const ucl::Member& member, const Scope& scope) {
    const ucl::Value& value = member.value;
    if (!value.is_array() || !value.implicit() || value.elements().size() < 2) {
        return value;
    }
    const auto& elements = value.elements();
    for (std::size_t i = 1; i < elements.size(); ++i) {
        reader.error(elements[i].location(), subject(member.key, scope) + " is set more than once");
    }
    reader.note(elements[0].location(), subject(member.key, scope) + " is first set here");
    return elements.front();
}

const ucl::Value*
single(Reader& reader, const ucl::Value& object, std::string_view key, const Scope& scope) {
    const ucl::Member* member = object.find_member(key);
    return member == nullptr ? nullptr : &single(reader, *member, scope);
}

const ucl::Value* required(Reader& reader,
                           const ucl::Value& object,
                           std::string_view key,
                           const Scope& scope,
                           std::string_view meaning) {
    const ucl::Value* value = single(reader, object, key, scope);
    if (value == nullptr) {
        reader.error(object.location(),
                     scope.text() + " needs '" + std::string(key) + "' (" + std::string(meaning)
                         + ")");
    }
    return value;
}

std::optional<std::string>
string_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope) {
    if (!value.is_string()) {
        type_error(reader, value, key, scope, "a string");
        return std::nullopt;
    }
    if (value.as_string().find('\0') != std::string::npos) {
        reader.error(value.location(), subject(key, scope) + " must not contain a NUL character");
        return std::nullopt;
    }
    // Rationale: the model is kept in the JSON state file and hashed as JSON, which holds only
    // UTF-8 text; a value with other bytes would be altered or refused after the deploy.
    if (!is_utf8(value.as_string())) {
        reader.error(value.location(),
                     subject(key, scope) + " must be UTF-8 text, not " + quote(value.as_string()));
        return std::nullopt;
    }
    return value.as_string();
}

std::optional<bool>
bool_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope) {
    if (value.type() == ucl::Type::boolean) {
        return value.as_bool();
    }
    if (value.is_string()) {
        const auto& s = value.as_string();
        for (const std::string_view yes : {"true", "yes", "on"}) {
            if (s == yes) {
                return true;
            }
        }
        for (const std::string_view no : {"false", "no", "off"}) {
            if (s == no) {
                return false;
            }
        }
    }
    type_error(reader, value, key, scope, "true or false");
    return std::nullopt;
}

std::optional<std::int64_t>
integer_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope) {
    const auto number = coerce_integer(value);
    if (!number) {
        type_error(reader, value, key, scope, "a whole number");
    }
    return number;
}

std::optional<std::uint16_t>
port_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope) {
    const auto number = coerce_integer(value);
    if (!number || *number < 1 || *number > 65535) {
        type_error(reader, value, key, scope, "a port number (1-65535)");
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(*number);
}

std::optional<std::chrono::milliseconds>
duration_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope) {
    std::optional<std::chrono::milliseconds> duration;
    if (value.is_string()) {
        duration = parse_duration(value.as_string());
    } else if (const auto token = token_with_unit(reader, value); !token.empty()) {
        duration = parse_duration(token);
    } else if (value.is_number() && value.as_double() >= 0) {
        duration = parse_duration(format_double(value.as_double()));
    }
    if (!duration) {
        type_error(reader, value, key, scope, "a duration like 30s, 1min or 500ms");
    }
    return duration;
}

std::optional<std::uint64_t>
size_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope) {
    std::optional<std::uint64_t> size;
    if (value.is_string()) {
        size = parse_bytes(value.as_string());
    } else if (const auto token = token_with_unit(reader, value); !token.empty()) {
        size = parse_bytes(token);
    } else if (value.type() == ucl::Type::integer || value.type() == ucl::Type::floating) {
        reader.error(value.location(),
                     subject(key, scope) + " needs a unit, like 4096M or 4G, not "
                         + describe(reader, value));
        return std::nullopt;
    }
    if (!size) {
        type_error(reader, value, key, scope, "a size like 4096M or 4G");
    }
    return size;
}

std::optional<std::string>
scalar_text(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope) {
    if (value.is_string()) {
        return string_field(reader, value, key, scope);
    }
    if (value.is_number() || value.type() == ucl::Type::boolean) {
        return scalar_as_text(reader, value);
    }
    type_error(reader, value, key, scope, "a string, number or boolean");
    return std::nullopt;
}

} // namespace jrun::config::detail
