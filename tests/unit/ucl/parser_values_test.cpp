// SPDX-License-Identifier: BSD-2-Clause
// Scalar values: strings, escapes, numbers and their suffixes, booleans, null, heredocs.
#include "ucl_test_util.hpp"

namespace jrun::ucl {

using test::parsed;

TEST(ParserValues, DoubleQuotedStringsResolveJsonEscapes) {
    EXPECT_EQ(parsed(R"(a = "x\n\t\"\\\/y")"), "{a: \"x\n\t\"\\/y\"}");
    EXPECT_EQ(parsed(R"(a = "caf\u00e9 \u20ac")"), "{a: \"caf\xc3\xa9 \xe2\x82\xac\"}");
}

TEST(ParserValues, SurrogatePairsBecomeOneUtf8Character) {
    EXPECT_EQ(parsed(R"(a = "\ud83d\ude00")"), "{a: \"\xf0\x9f\x98\x80\"}");
    // A lone surrogate cannot be encoded: U+FFFD.
    EXPECT_EQ(parsed(R"(a = "\ud83dx")"), "{a: \"\xef\xbf\xbdx\"}");
}

TEST(ParserValues, UnknownEscapesDropTheBackslashLikeLibucl) {
    EXPECT_EQ(parsed(R"(a = "a\qb")"), "{a: \"aqb\"}");
}

TEST(ParserValues, SingleQuotedStringsOnlyUnescapeQuotes) {
    EXPECT_EQ(parsed(R"(a = 'it\'s \n raw')"), "{a: \"it's \\n raw\"}");
    EXPECT_EQ(parsed("a = 'two\nlines'"), "{a: \"two\nlines\"}");
    EXPECT_EQ(parsed("a = 'joined\\\nline'"), "{a: \"joinedline\"}");
    EXPECT_EQ(parsed("a = '$FILENAME'"), "{a: \"$FILENAME\"}");
}

TEST(ParserValues, ParsesIntegersFloatsAndHex) {
    EXPECT_EQ(parsed("a = 42; b = -7; c = 0x1F; d = 1.5; e = -2.5e3; f = 1e2"),
              "{a: 42, b: -7, c: 31, d: 1.5f, e: -2500f, f: 100f}");
}

TEST(ParserValues, AppliesSizeMultipliers) {
    EXPECT_EQ(parsed("a = 1k; b = 2m; c = 1g; d = 1kb; e = 2mb; f = 1gb; g = 1.5k"),
              "{a: 1000, b: 2000000, c: 1000000000, d: 1024, e: 2097152, f: 1073741824, "
              "g: 1500f}");
    EXPECT_EQ(parsed("a = 1K; b = 1Kb; c = 1KB"), "{a: 1000, b: 1024, c: 1024}");
}

TEST(ParserValues, AppliesTimeSuffixes) {
    EXPECT_EQ(parsed("a = 10ms; b = 10s; c = 5min; d = 2h; e = 1d; f = 1w; g = 1y"),
              "{a: 0.01s, b: 10s, c: 300s, d: 7200s, e: 86400s, f: 604800s, g: 31536000s}");
}

TEST(ParserValues, NumbersWithOtherTrailingTextAreStrings) {
    EXPECT_EQ(parsed("a = 10.17.89.50; b = 1st; c = 8080:80; d = 10 apples; e = 2x"),
              "{a: \"10.17.89.50\", b: \"1st\", c: \"8080:80\", d: \"10 apples\", e: 0}");
}

TEST(ParserValues, NumberFollowedBySpacesIsANumber) {
    EXPECT_EQ(parsed("a = 10   \nb = 5s\n"), "{a: 10, b: 5s}");
    // libucl: a time suffix must be followed directly by the end of the value.
    EXPECT_EQ(parsed("a = 5s  # c\n"), "{a: \"5s\"}");
}

TEST(ParserValues, ParsesBooleansInAnyCaseAndNull) {
    EXPECT_EQ(parsed("a = true; b = yes; c = on; d = FALSE; e = No; f = off; g = null"),
              "{a: true, b: true, c: true, d: false, e: false, f: false, g: null}");
    EXPECT_EQ(parsed("a = Null; b = \"true\""), "{a: \"Null\", b: \"true\"}");
}

TEST(ParserValues, ParsesHeredocs) {
    EXPECT_EQ(parsed("a = <<EOD\nline 1\n  line 2\nEOD\nb = 1"), "{a: \"line 1\n  line 2\", b: 1}");
    EXPECT_EQ(parsed("a = <<EOT\nx\nEOT;"), "{a: \"x\"}");
    // The terminator must start its line; an indented one is body text.
    EXPECT_EQ(parsed("a = <<EOD\nx\n EOD\nEOD\n"), "{a: \"x\n EOD\"}");
    // A line that only begins with the terminator does not end the heredoc.
    EXPECT_EQ(parsed("a = <<EOD\nx\nEODX\nEOD"), "{a: \"x\nEODX\"}");
}

TEST(ParserValues, LowercaseHeredocTagIsAString) {
    EXPECT_EQ(parsed("a = <<eod\n"), "{a: \"<<eod\"}");
}

} // namespace jrun::ucl
