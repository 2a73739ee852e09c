// SPDX-License-Identifier: BSD-2-Clause
#include "ucl/detail/text.hpp"

#include <optional>

namespace jrun::ucl::detail {

namespace {

constexpr std::uint32_t k_replacement = 0xFFFD;

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Read 4 hex digits at `at`; nullopt when they are not there.
std::optional<std::uint32_t> read_hex4(std::string_view s, std::size_t at) {
    if (at + 4 > s.size()) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int digit = hex_value(s[at + i]);
        if (digit < 0) {
            return std::nullopt;
        }
        value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return value;
}

bool is_high_surrogate(std::uint32_t u) {
    return u >= 0xD800 && u <= 0xDBFF;
}
bool is_low_surrogate(std::uint32_t u) {
    return u >= 0xDC00 && u <= 0xDFFF;
}

// Decode `\uXXXX` whose digits start at `at`; return the code point and the digits consumed
// (4, or 10 for a surrogate pair). Rationale: libucl encodes each half of a pair separately
// (invalid UTF-8); a pair is combined here so that emoji survive a round trip.
std::pair<std::uint32_t, std::size_t> decode_u_escape(std::string_view s, std::size_t at) {
    const auto first = read_hex4(s, at);
    if (!first) {
        return {'u', 0};
    }
    if (is_high_surrogate(*first) && s.substr(at + 4, 2) == "\\u") {
        const auto second = read_hex4(s, at + 6);
        if (second && is_low_surrogate(*second)) {
            return {0x10000 + ((*first - 0xD800) << 10) + (*second - 0xDC00), 10};
        }
    }
    if (is_high_surrogate(*first) || is_low_surrogate(*first)) {
        return {k_replacement, 4};
    }
    return {*first, 4};
}

char simple_escape(char c) {
    switch (c) {
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 'b':
        return '\b';
    case 't':
        return '\t';
    case 'f':
        return '\f';
    default:
        return c;
    }
}

} // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp <= 0x10FFFF) {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += '?';
    }
}

std::string unescape_json(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\' || i + 1 == raw.size()) {
            out += raw[i];
            continue;
        }
        const char c = raw[++i];
        if (c != 'u') {
            out += simple_escape(c);
            continue;
        }
        const auto [code_point, used] = decode_u_escape(raw, i + 1);
        if (used == 0) {
            out += 'u';
            continue;
        }
        append_utf8(out, code_point);
        i += used;
    }
    return out;
}

std::string unescape_single_quoted(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\' || i + 1 == raw.size()) {
            out += raw[i];
            continue;
        }
        const char c = raw[++i];
        if (c == '\'') {
            out += '\'';
        } else if (c == '\r') {
            if (i + 1 < raw.size() && raw[i + 1] == '\n') {
                ++i;
            }
        } else if (c != '\n') {
            out += '\\';
            out += c;
        }
    }
    return out;
}

namespace {

const std::pair<std::string, std::string>* find_exact(std::string_view name,
                                                      const VariableList& variables) {
    for (const auto& var : variables) {
        if (var.first == name) {
            return &var;
        }
    }
    return nullptr;
}

const std::pair<std::string, std::string>* find_prefix(std::string_view text,
                                                       const VariableList& variables) {
    for (const auto& var : variables) {
        if (!var.first.empty() && text.substr(0, var.first.size()) == var.first) {
            return &var;
        }
    }
    return nullptr;
}

// One `$...` reference at text[at] (a '$'): what it expands to and where the text resumes.
struct Reference {
    const std::string* value = nullptr; // null: not a known variable
    std::string_view literal;           // what to copy when `value` is null
    std::size_t next = 0;
};

Reference resolve(std::string_view text, std::size_t at, const VariableList& variables) {
    const std::size_t after = at + 1;
    if (after < text.size() && text[after] == '$') {
        return {nullptr, "$", after + 1};
    }
    if (after < text.size() && text[after] == '{') {
        const auto close = text.find('}', after + 1);
        if (close != std::string_view::npos) {
            if (const auto* var =
                    find_exact(text.substr(after + 1, close - after - 1), variables)) {
                return {&var->second, {}, close + 1};
            }
        }
        return {nullptr, "${", after + 1};
    }
    if (const auto* var = find_prefix(text.substr(after), variables)) {
        return {&var->second, {}, after + var->first.size()};
    }
    return {nullptr, "$", after};
}

bool has_known_reference(std::string_view text, const VariableList& variables) {
    for (auto at = text.find('$'); at != std::string_view::npos; at = text.find('$', at)) {
        const Reference ref = resolve(text, at, variables);
        if (ref.value != nullptr) {
            return true;
        }
        at = ref.next;
    }
    return false;
}

} // namespace

std::string expand_variables(std::string_view text, const VariableList& variables) {
    if (!has_known_reference(text, variables)) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size() + 32);
    std::size_t i = 0;
    for (auto at = text.find('$'); at != std::string_view::npos; at = text.find('$', i)) {
        out.append(text.substr(i, at - i));
        const Reference ref = resolve(text, at, variables);
        out += ref.value != nullptr ? std::string_view(*ref.value) : ref.literal;
        i = ref.next;
    }
    out.append(text.substr(i));
    return out;
}

} // namespace jrun::ucl::detail
