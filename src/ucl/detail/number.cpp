// SPDX-License-Identifier: BSD-2-Clause
#include "ucl/detail/number.hpp"

#include "ucl/detail/chars.hpp"

#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace jrun::ucl::detail {

namespace {

using Kind = NumberResult::Kind;

// The scanning state shared by the steps below (libucl keeps the same variables).
struct Scan {
    std::string_view text;
    std::size_t digits = 0; // where the digits start (after '-' or '0x')
    bool negative = false;
    bool allow_double = true;
    bool need_double = false;
    bool is_time = false;
    bool is_hex = false;
    double real = 0.0;
    std::int64_t integer = 0;

    [[nodiscard]] int at(std::size_t i) const {
        return i < text.size() ? static_cast<unsigned char>(text[i]) : -1;
    }
};

int lower(int c) {
    return c < 0 ? c : std::tolower(c);
}

bool is_digit(int c) {
    return c >= '0' && c <= '9';
}

bool is_xdigit(int c) {
    return c >= 0 && std::isxdigit(c) != 0;
}

// Multiply with two's-complement wrap-around, as the C code does in practice.
std::int64_t wrap_mul(std::int64_t value, std::uint64_t factor) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(value) * factor);
}

// Convert like a C cast on x86-64: out-of-range values become INT64_MIN.
std::int64_t to_int(double value) {
    constexpr double k_limit = 9223372036854775808.0;
    if (!(value > -k_limit && value < k_limit)) {
        return std::numeric_limits<std::int64_t>::min();
    }
    return static_cast<std::int64_t>(value);
}

std::uint64_t size_multiplier(int c, bool binary) {
    switch (lower(c)) {
    case 'k':
        return binary ? 1024ULL : 1000ULL;
    case 'm':
        return binary ? 1024ULL * 1024 : 1000ULL * 1000;
    case 'g':
        return binary ? 1024ULL * 1024 * 1024 : 1000ULL * 1000 * 1000;
    default:
        return 1;
    }
}

double time_multiplier(int c) {
    switch (lower(c)) {
    case 'h':
        return 3600.0;
    case 'd':
        return 86400.0;
    case 'w':
        return 604800.0;
    case 'y':
        return 31536000.0;
    default:
        return 1.0;
    }
}

// Walk the digits, dot, exponent and 0x the way libucl does; false: not a number.
bool scan_digits(Scan& s, std::size_t& p) {
    bool valid_start = false;
    bool got_dot = false;
    bool got_exp = false;
    while (p < s.text.size()) {
        const int c = s.at(p);
        if (s.is_hex && is_xdigit(c)) {
            ++p;
        } else if (is_digit(c)) {
            valid_start = true;
            ++p;
        } else if (!s.is_hex && (c == 'x' || c == 'X')) {
            s.is_hex = true;
            s.allow_double = false;
            s.digits = p + 1;
        } else if (!s.allow_double) { // NOLINT(bugprone-branch-clone): libucl's order of tests
            break;
        } else if (p == s.digits) {
            return false;
        } else if (c == '.') {
            if (got_dot) {
                return false;
            }
            got_dot = s.need_double = true;
            ++p;
        } else if (c == 'e' || c == 'E') {
            if (got_exp) {
                return false;
            }
            got_exp = s.need_double = true;
            ++p;
            const int next = s.at(p);
            if (next < 0 || (!is_digit(next) && next != '+' && next != '-')) {
                return false;
            }
            ++p;
        } else {
            break;
        }
    }
    return valid_start;
}

// Copy the longest prefix that strtod/strtoimax could consume, so that they see a C string.
std::string numeric_prefix(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() && std::isspace(static_cast<unsigned char>(text[n])) != 0) {
        ++n;
    }
    while (n < text.size()) {
        const auto c = static_cast<unsigned char>(text[n]);
        if (std::isalnum(c) == 0 && c != '.' && c != '+' && c != '-' && c != '(' && c != ')'
            && c != '_') {
            break;
        }
        ++n;
    }
    return std::string(text.substr(0, n));
}

// Convert the digits with the C library (as libucl does); return the end offset or npos on
// overflow.
std::size_t convert(Scan& s) {
    const std::string buffer = numeric_prefix(s.text.substr(s.digits));
    char* end = nullptr;
    errno = 0;
    if (s.need_double) {
        s.real = std::strtod(buffer.c_str(), &end);
    } else {
        s.integer = std::strtoimax(buffer.c_str(), &end, s.is_hex ? 16 : 10);
    }
    // Rationale: glibc also reports underflow (1e-320) as ERANGE; only overflow is an error
    // here, so that every double the parser produces can be written and read back.
    if (errno == ERANGE && (!s.need_double || std::fabs(s.real) == HUGE_VAL)) {
        return std::string_view::npos;
    }
    return s.digits + static_cast<std::size_t>(end - buffer.c_str());
}

void make_double(Scan& s) {
    if (!s.need_double) {
        s.need_double = true;
        s.real = static_cast<double>(s.integer);
    }
}

void apply_size(Scan& s, int c, bool binary) {
    if (s.need_double) {
        s.real *= static_cast<double>(size_multiplier(c, false));
    } else {
        s.integer = wrap_mul(s.integer, size_multiplier(c, binary));
    }
}

// Handle a suffix starting with k, m or g at `p`; return the end offset or npos.
std::size_t size_or_ms_suffix(Scan& s, std::size_t p, bool allow_time) {
    const int c = s.at(p);
    if (s.text.size() - p < 2) {
        apply_size(s, c, false);
        return p + 1;
    }
    const int next = s.at(p + 1);
    if (next == 's' || next == 'S') {
        make_double(s);
        s.is_time = true;
        s.real = lower(c) == 'm' ? s.real / 1000.0
                                 : s.real * static_cast<double>(size_multiplier(c, false));
        return p + 2;
    }
    if (next == 'b' || next == 'B') {
        if (s.need_double) {
            s.need_double = false;
            s.integer = to_int(s.real);
        }
        s.integer = wrap_mul(s.integer, size_multiplier(c, true));
        return p + 2;
    }
    if (is(next, k_value_end)) {
        apply_size(s, c, false);
        return p + 1;
    }
    if (allow_time && s.text.size() - p >= 3 && lower(c) == 'm' && lower(next) == 'i'
        && lower(s.at(p + 2)) == 'n') {
        make_double(s);
        s.is_time = true;
        s.real *= 60.0;
        return p + 3;
    }
    return std::string_view::npos;
}

// Handle whatever follows the digits at `p`; return the end offset or npos (not a number).
std::size_t suffix(Scan& s, std::size_t p, bool allow_time) {
    const int c = s.at(p);
    const bool last_or_end = p + 1 == s.text.size() || is(s.at(p + 1), k_value_end);
    switch (c) {
    case 'm':
    case 'M':
    case 'g':
    case 'G':
    case 'k':
    case 'K':
        return size_or_ms_suffix(s, p, allow_time);
    case 's':
    case 'S':
        if (allow_time && last_or_end) {
            make_double(s);
            s.is_time = true;
            return p + 1;
        }
        return std::string_view::npos;
    case 'h':
    case 'H':
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 'y':
    case 'Y':
        if (allow_time && last_or_end) {
            make_double(s);
            s.is_time = true;
            s.real *= time_multiplier(c);
            return p + 1;
        }
        return std::string_view::npos;
    case ' ':
    case '\t':
        while (p < s.text.size() && is(s.at(p), k_whitespace)) {
            ++p;
        }
        return is(s.at(p), k_value_end) ? p : std::string_view::npos;
    default:
        return std::string_view::npos;
    }
}

NumberResult finish(const Scan& s, std::size_t end) {
    NumberResult r;
    r.length = end;
    if (s.allow_double && (s.need_double || s.is_time)) {
        r.kind = s.is_time ? Kind::time : Kind::floating;
        r.real = s.negative ? -s.real : s.real;
    } else {
        r.kind = Kind::integer;
        r.integer = s.negative ? wrap_mul(s.integer, ~0ULL) : s.integer;
    }
    return r;
}

} // namespace

NumberResult parse_number(std::string_view text, bool allow_time) {
    Scan s;
    s.text = text;
    std::size_t p = 0;
    if (s.at(0) == '-') {
        s.negative = true;
        s.digits = p = 1;
    }
    if (!scan_digits(s, p)) {
        return {};
    }
    const std::size_t end = convert(s);
    if (end == std::string_view::npos) {
        return NumberResult{Kind::out_of_range, 0, 0.0, 0};
    }
    if (end >= text.size() || is(s.at(end), k_value_end)) {
        return finish(s, end);
    }
    if (end == 0) {
        return {};
    }
    const std::size_t after = suffix(s, end, allow_time);
    return after == std::string_view::npos ? NumberResult{} : finish(s, after);
}

} // namespace jrun::ucl::detail
