// SPDX-License-Identifier: BSD-2-Clause
#include "ucl/json.hpp"

#include <array>
#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace jrun::ucl {

namespace {

// Convert like the C cast `(int)d` on x86-64: out-of-range values (and NaN) give INT_MIN.
double c_int_cast(double d) {
    if (!(d > -2147483649.0 && d < 2147483648.0)) {
        return -2147483648.0;
    }
    return std::trunc(d);
}

enum class DoubleStyle : std::uint8_t { one_decimal, shortest, six_decimals };

// Format with the C library, like libucl (the widest result, "%f" of DBL_MAX, is 317 bytes).
std::string printf_double(DoubleStyle style, double d) {
    std::array<char, 400> buffer{};
    int n = 0;
    switch (style) {
    case DoubleStyle::one_decimal:
        n = std::snprintf(buffer.data(), buffer.size(), "%.1f", d);
        break;
    case DoubleStyle::shortest:
        n = std::snprintf(buffer.data(), buffer.size(), "%.*g", DBL_DIG, d);
        break;
    case DoubleStyle::six_decimals:
        n = std::snprintf(buffer.data(), buffer.size(), "%f", d);
        break;
    }
    return {buffer.data(), n > 0 ? static_cast<std::size_t>(n) : 0};
}

// Writes libucl's UCL_EMIT_JSON layout (ucl_emitter_common_elt and friends).
class JsonWriter {
public:
    std::string take() { return std::move(m_out); }

    void element(const Value& value, bool first, const std::string* key) {
        if (!first) {
            m_out += ",\n";
        }
        indent();
        switch (value.type()) {
        case Type::object:
            object(value, key);
            return;
        case Type::array:
            array(value, key);
            return;
        default:
            print_key(key);
            scalar(value);
            return;
        }
    }

private:
    void indent() { m_out.append(static_cast<std::size_t>(m_depth) * 4, ' '); }

    void print_key(const std::string* key) {
        if (key != nullptr) {
            m_out += json_quote(*key);
            m_out += ": ";
        }
    }

    void scalar(const Value& value) {
        switch (value.type()) {
        case Type::null:
            m_out += "null";
            break;
        case Type::boolean:
            m_out += value.as_bool() ? "true" : "false";
            break;
        case Type::integer:
            m_out += std::to_string(value.as_int());
            break;
        case Type::floating:
        case Type::time:
            m_out += json_double(value.as_double());
            break;
        case Type::string:
            m_out += json_quote(value.as_string());
            break;
        case Type::array:
        case Type::object:
            break;
        }
    }

    void object(const Value& value, const std::string* key) {
        print_key(key);
        m_out += "{\n";
        ++m_depth;
        bool first = true;
        for (const Member& member : value.members()) {
            if (member.value.is_array() && member.value.implicit()) {
                // An implicit array is written like an explicit one under its key.
                if (!first) {
                    m_out += ",\n";
                }
                indent();
                array(member.value, &member.key);
            } else {
                element(member.value, first, &member.key);
            }
            first = false;
        }
        close('}');
    }

    void array(const Value& value, const std::string* key) {
        print_key(key);
        m_out += "[\n";
        ++m_depth;
        bool first = true;
        for (const Value& item : value.elements()) {
            element(item, first, nullptr);
            first = false;
        }
        close(']');
    }

    void close(char bracket) {
        --m_depth;
        m_out += '\n';
        indent();
        m_out += bracket;
    }

    std::string m_out;
    int m_depth = 0;
};

} // namespace

std::string json_double(double number) {
    const double truncated = c_int_cast(number);
    if (number == truncated) {
        return printf_double(DoubleStyle::one_decimal, number);
    }
    if (std::fabs(number - truncated) < 0.0000001) {
        return printf_double(DoubleStyle::shortest, number);
    }
    return printf_double(DoubleStyle::six_decimals, number);
}

namespace {

// The escape of one of the characters every JSON escaper here handles, or null.
const char* standard_escape(char c) {
    switch (c) {
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\b':
        return "\\b";
    case '\t':
        return "\\t";
    case '\f':
        return "\\f";
    case '\\':
        return "\\\\";
    case '"':
        return "\\\"";
    default:
        return nullptr;
    }
}

// What the emitter writes for another control character or DEL.
std::string_view control_escape(char c) {
    // Rationale: libucl writes \v raw, which is not valid JSON; it replaces other control
    // characters and DEL with a truncated "\uFFF"; the full escape is written here.
    return c == '\v' ? std::string_view("\\u000b") : std::string_view("\\uFFFD");
}

} // namespace

std::string json_escape(std::string_view text, ControlChars controls) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (const char* escape = standard_escape(c)) {
            out += escape;
        } else if (controls == ControlChars::replace && (byte < 0x20 || byte == 0x7f)) {
            out += control_escape(c);
        } else {
            out += c;
        }
    }
    return out;
}

std::string json_quote(std::string_view text) {
    return '"' + json_escape(text, ControlChars::replace) + '"';
}

std::string to_json(const Value& value) {
    JsonWriter writer;
    writer.element(value, true, nullptr);
    return writer.take();
}

} // namespace jrun::ucl
