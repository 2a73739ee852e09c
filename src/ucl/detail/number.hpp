// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jrun::ucl::detail {

// What a bare value starting with a digit or '-' turned out to be.
struct NumberResult {
    enum class Kind : std::uint8_t { not_a_number, integer, floating, time, out_of_range };
    Kind kind = Kind::not_a_number;
    std::int64_t integer = 0;
    double real = 0.0;      // floating, or seconds for time
    std::size_t length = 0; // bytes of `text` that form the number (with its suffix)
};

// Parse a number at the start of `text` (the rest of the input) exactly as libucl's
// ucl_maybe_parse_number does for a parser: decimal or 0x hex integers, floats with exponent,
// multipliers k m g (x1000) and kb mb gb (x1024), and time suffixes ms s min h d w y.
// `not_a_number` means the value is a string; `out_of_range` is a syntax error.
[[nodiscard]] NumberResult parse_number(std::string_view text, bool allow_time = true);

} // namespace jrun::ucl::detail
