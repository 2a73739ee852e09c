// SPDX-License-Identifier: BSD-2-Clause
// Syntax errors: exact message and line:column.
#include "ucl_test_util.hpp"

namespace jrun::ucl {

using test::parse_error;

TEST(ParserErrors, UnterminatedDoubleQuotedString) {
    EXPECT_EQ(parse_error("a = 1\nb = \"abc"),
              "2:5: unterminated string (missing '\"' before the end of the line)");
    EXPECT_EQ(parse_error("b = \"abc\nd\""),
              "1:5: unterminated string (missing '\"' before the end of the line)");
}

TEST(ParserErrors, UnterminatedSingleQuotedString) {
    EXPECT_EQ(parse_error("a = 'abc\n\n"), "1:5: unterminated string (missing \"'\")");
}

TEST(ParserErrors, UnterminatedComment) {
    EXPECT_EQ(parse_error("a = 1\n  /* x /* y */\nb = 2"),
              "2:3: unterminated comment (missing '*/')");
}

TEST(ParserErrors, UnterminatedHeredoc) {
    EXPECT_EQ(parse_error("x = 1\na = <<EOD\nbody\n"),
              "2:5: unterminated heredoc (no line starting with 'EOD' closes it)");
}

TEST(ParserErrors, BadUnicodeEscape) {
    EXPECT_EQ(parse_error("a = \"x\\u12G4\""), "1:11: invalid \\u escape (4 hex digits expected)");
}

TEST(ParserErrors, ControlCharacterInString) {
    EXPECT_EQ(parse_error("a = \"x\ty\""), "1:7: control character (byte 0x09) in a string");
}

TEST(ParserErrors, UnclosedBrace) {
    EXPECT_EQ(parse_error("a {\n  b = 1\n"), "1:3: '{' is never closed (missing '}')");
    EXPECT_EQ(parse_error("a = [1, 2\n"), "1:5: '[' is never closed (missing ']')");
    EXPECT_EQ(parse_error("{ a = 1"), "1:1: '{' is never closed (missing '}')");
}

TEST(ParserErrors, UnexpectedClosingBrace) {
    EXPECT_EQ(parse_error("a = 1\n}\n"), "2:1: unexpected '}' (no matching '{')");
    EXPECT_EQ(parse_error("a = [1 }"), "1:8: unexpected '}' inside an array (missing ']'?)");
    EXPECT_EQ(parse_error("a { b = 1 ]"), "1:11: unexpected ']' inside an object (missing '}'?)");
}

TEST(ParserErrors, MissingValue) {
    EXPECT_EQ(parse_error("a = ;"), "1:5: missing value");
    EXPECT_EQ(parse_error("flag\nb = 1"), "1:1: missing value for key 'flag'");
    EXPECT_EQ(parse_error("x = 1\nflag;"), "2:1: missing value for key 'flag'");
    EXPECT_EQ(parse_error("x = 1\nkey ="), "2:1: missing value for key 'key'");
}

TEST(ParserErrors, MissingSeparator) {
    EXPECT_EQ(parse_error("a = \"x\" b = 2"), "1:9: missing ';', ',' or newline before 'b'");
}

TEST(ParserErrors, InvalidKeys) {
    EXPECT_EQ(parse_error("= 1"), "1:1: expected a key, found '='");
    EXPECT_EQ(
        parse_error("a{ }"),
        "1:2: unexpected '{' after key 'a' (keys are letters, digits, '_', '-', '.' and '/')");
    EXPECT_EQ(parse_error("\"\" = 1"), "1:1: empty key");
    EXPECT_EQ(parse_error("a = = 1"), "1:5: unexpected '=' after key 'a'");
}

TEST(ParserErrors, NumberOutOfRange) {
    EXPECT_EQ(parse_error("a = 99999999999999999999"), "1:5: number out of range");
}

TEST(ParserErrors, NestingDeeperThanMaxDepthIsAnError) {
    ParseOptions options;
    options.max_depth = 10;
    EXPECT_EQ(parse_error(std::string(20, '['), options),
              "1:11: nesting is too deep (more than 10 levels)");
    // The default bound holds for hostile input without exhausting the stack.
    EXPECT_EQ(parse_error("a = " + std::string(100000, '[')),
              "1:132: nesting is too deep (more than 128 levels)");
}

TEST(ParserErrors, UnknownMacro) {
    EXPECT_EQ(parse_error("a = 1\n.frobnicate \"x\""), "2:1: unknown macro '.frobnicate'");
}

TEST(ParserErrors, RenderedWithFileLineAndCaret) {
    const auto result = parse("site.ucl", "jail \"web\" {\n  ip = \"10.0.0.2\n}\n", {});
    ASSERT_EQ(result.errors.size(), 1U);
    EXPECT_EQ(render_diagnostic(result.errors[0]),
              "site.ucl:2:8: error: unterminated string (missing '\"' before the end of the "
              "line)\n      ip = \"10.0.0.2\n           ^");
}

} // namespace jrun::ucl
