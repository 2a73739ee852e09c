// SPDX-License-Identifier: BSD-2-Clause
// parse_number: libucl's ucl_maybe_parse_number, including its corner cases.
#include "ucl/detail/number.hpp"

#include <gtest/gtest.h>

namespace jrun::ucl::detail {

namespace {

using Kind = NumberResult::Kind;

std::string describe(std::string_view text) {
    const NumberResult r = parse_number(text);
    switch (r.kind) {
    case Kind::not_a_number:
        return "string";
    case Kind::out_of_range:
        return "range";
    case Kind::integer:
        return "int " + std::to_string(r.integer) + " /" + std::to_string(r.length);
    case Kind::floating:
        return "float " + std::to_string(r.real) + " /" + std::to_string(r.length);
    case Kind::time:
        return "time " + std::to_string(r.real) + " /" + std::to_string(r.length);
    }
    return "?";
}

} // namespace

TEST(Number, IntegersStopAtTheEndOfTheValue) {
    EXPECT_EQ(describe("42"), "int 42 /2");
    EXPECT_EQ(describe("42;x"), "int 42 /2");
    EXPECT_EQ(describe("-42\n"), "int -42 /3");
    EXPECT_EQ(describe("0x1f}"), "int 31 /4");
    EXPECT_EQ(describe("-0x10"), "int -16 /5");
}

TEST(Number, FloatsAndExponents) {
    EXPECT_EQ(describe("1.5"), "float 1.500000 /3");
    EXPECT_EQ(describe("1e3"), "float 1000.000000 /3");
    EXPECT_EQ(describe("-2.5E-1,"), "float -0.250000 /7");
}

TEST(Number, SizeSuffixes) {
    EXPECT_EQ(describe("2k"), "int 2000 /2");
    EXPECT_EQ(describe("2kb"), "int 2048 /3");
    EXPECT_EQ(describe("3M;"), "int 3000000 /2");
    EXPECT_EQ(describe("1gb"), "int 1073741824 /3");
    EXPECT_EQ(describe("1.5k"), "float 1500.000000 /4");
    // libucl truncates a float to an integer before a binary multiplier.
    EXPECT_EQ(describe("1.5kb"), "int 1024 /5");
}

TEST(Number, TimeSuffixes) {
    EXPECT_EQ(describe("250ms"), "time 0.250000 /5");
    EXPECT_EQ(describe("30s"), "time 30.000000 /3");
    EXPECT_EQ(describe("2min"), "time 120.000000 /4");
    EXPECT_EQ(describe("1.5h"), "time 5400.000000 /4");
    EXPECT_EQ(describe("2d"), "time 172800.000000 /2");
    EXPECT_EQ(describe("1w"), "time 604800.000000 /2");
    EXPECT_EQ(describe("1y"), "time 31536000.000000 /2");
    EXPECT_EQ(describe("2ks"), "time 2000.000000 /3");
}

TEST(Number, TimeWithoutTimeSupportIsNotANumber) {
    EXPECT_EQ(parse_number("30s", false).kind, Kind::not_a_number);
    EXPECT_EQ(parse_number("30", false).kind, Kind::integer);
}

TEST(Number, TrailingSpacesBeforeTheEndAreAllowed) {
    EXPECT_EQ(describe("7   ;"), "int 7 /4");
    EXPECT_EQ(describe("7   x"), "string");
}

TEST(Number, OtherTextMakesAString) {
    EXPECT_EQ(describe("1.2.3"), "string");
    EXPECT_EQ(describe("12ab"), "string");
    EXPECT_EQ(describe("5s "), "string");
    EXPECT_EQ(describe("-"), "string");
    EXPECT_EQ(describe("-x"), "string");
    EXPECT_EQ(describe("1e"), "string");
    EXPECT_EQ(describe("1e+"), "string");
}

TEST(Number, LibuclHexQuirk) {
    // libucl restarts the digits after an 'x' anywhere: "12x5" is 0x5.
    EXPECT_EQ(describe("12x5"), "int 5 /4");
}

TEST(Number, OverflowIsOutOfRangeButUnderflowIsNot) {
    EXPECT_EQ(describe("9223372036854775808"), "range");
    EXPECT_EQ(describe("9223372036854775807"), "int 9223372036854775807 /19");
    EXPECT_EQ(describe("1e400"), "range");
    EXPECT_EQ(parse_number("1e-320").kind, Kind::floating);
}

TEST(Number, MultiplierOverflowWrapsLikeC) {
    EXPECT_EQ(describe("9223372036854775807k").substr(0, 4), "int ");
}

} // namespace jrun::ucl::detail
