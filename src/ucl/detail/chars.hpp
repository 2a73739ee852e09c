// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <array>
#include <cstdint>

namespace jrun::ucl::detail {

// Character classes of libucl's lexer (its ucl_chartable), one bit each.
enum CharClass : std::uint8_t {
    k_whitespace = 1U << 0,     // space, tab: skipped inside a line
    k_whitespace_any = 1U << 1, // also \n \v \f \r: skipped between entries
    k_value_end = 1U << 2,      // ends a bare value: \0 \n \r # , ; ] }
    k_key_start = 1U << 3,      // may start a bare key: letters, digits, / _ and bytes >= 0x80
    k_key = 1U << 4,            // may continue a bare key: key_start plus - .
    k_key_sep = 1U << 5,        // ends a bare key: space, tab, = :
    k_digit_start = 1U << 6,    // may start a number: digits and -
    k_escape = 1U << 7,         // valid after a backslash in a JSON string
};

constexpr std::array<std::uint8_t, 256> make_char_table() {
    std::array<std::uint8_t, 256> t{};
    t[' '] = k_whitespace | k_whitespace_any | k_key_sep;
    t['\t'] = k_whitespace | k_whitespace_any | k_key_sep;
    for (const char c : {'\n', '\r'}) {
        t[static_cast<unsigned char>(c)] = k_whitespace_any | k_value_end;
    }
    t['\v'] = k_whitespace_any;
    t['\f'] = k_whitespace_any;
    for (const char c : {'\0', '#', ',', ';', ']', '}'}) {
        t[static_cast<unsigned char>(c)] = k_value_end;
    }
    for (unsigned c = 'a'; c <= 'z'; ++c) {
        t[c] = k_key_start | k_key;
        t[c - 'a' + 'A'] = k_key_start | k_key;
    }
    for (unsigned c = '0'; c <= '9'; ++c) {
        t[c] = k_key_start | k_key | k_digit_start;
    }
    for (unsigned c = 0x80; c <= 0xff; ++c) {
        t[c] = k_key_start | k_key;
    }
    t['/'] = k_key_start | k_key | k_escape;
    t['_'] = k_key_start | k_key;
    t['-'] = k_key | k_digit_start;
    t['.'] = k_key;
    t[':'] = k_key_sep;
    t['='] = k_key_sep;
    for (const char c : {'"', '\\', 'b', 'f', 'n', 'r', 't', 'u'}) {
        const auto i = static_cast<unsigned char>(c);
        t[i] = static_cast<std::uint8_t>(t[i] | k_escape);
    }
    return t;
}

inline constexpr std::array<std::uint8_t, 256> k_char_table = make_char_table();

// Return whether byte `c` (or end of input, passed as -1) has class `cls`. End of input counts
// as a value end, like the NUL that terminates libucl's buffers.
constexpr bool is(int c, CharClass cls) {
    if (c < 0) {
        return cls == k_value_end;
    }
    return (k_char_table[static_cast<std::size_t>(c)] & cls) != 0;
}

} // namespace jrun::ucl::detail
