// SPDX-License-Identifier: BSD-2-Clause
// to_json: libucl's UCL_EMIT_JSON layout, number formats and escapes.
#include "support/support.hpp"
#include "ucl/json.hpp"
#include "ucl_test_util.hpp"

namespace jrun::ucl {

namespace {

std::string json_of(const std::string& text) {
    const auto result = parse("t.ucl", text, {});
    EXPECT_TRUE(result.document) << text;
    return result.document ? to_json(result.document->root) : "";
}

} // namespace

TEST(Json, IndentsWithFourSpacesAndKeepsKeyOrder) {
    EXPECT_EQ(json_of("b = 1; a { c = \"x\"; d = [true, null] }"),
              "{\n"
              "    \"b\": 1,\n"
              "    \"a\": {\n"
              "        \"c\": \"x\",\n"
              "        \"d\": [\n"
              "            true,\n"
              "            null\n"
              "        ]\n"
              "    }\n"
              "}");
}

TEST(Json, WritesEmptyContainersWithABlankLine) {
    EXPECT_EQ(json_of(""), "{\n\n}");
    EXPECT_EQ(json_of("a {}\nb = []"), "{\n    \"a\": {\n\n    },\n    \"b\": [\n\n    ]\n}");
}

TEST(Json, WritesImplicitArraysAsArrays) {
    EXPECT_EQ(json_of("jail \"a\" {}\njail \"b\" { ip = 1 }"),
              "{\n"
              "    \"jail\": [\n"
              "        {\n"
              "            \"a\": {\n"
              "\n"
              "            }\n"
              "        },\n"
              "        {\n"
              "            \"b\": {\n"
              "                \"ip\": 1\n"
              "            }\n"
              "        }\n"
              "    ]\n"
              "}");
}

TEST(Json, TopLevelArray) {
    EXPECT_EQ(json_of("[1, [2]]"), "[\n    1,\n    [\n        2\n    ]\n]");
}

TEST(Json, FormatsDoublesLikeLibucl) {
    EXPECT_EQ(json_double(1.0), "1.0");
    EXPECT_EQ(json_double(-3.0), "-3.0");
    EXPECT_EQ(json_double(1.5), "1.500000");
    EXPECT_EQ(json_double(0.01), "0.010000");
    EXPECT_EQ(json_double(1e-8), "1e-08");
    EXPECT_EQ(json_double(3.0000000001), "3.0000000001");
    // Beyond the range of `int`, libucl's `(int)val` test fails and "%f" is used.
    EXPECT_EQ(json_double(1e10), "10000000000.000000");
    EXPECT_EQ(json_double(1.0 / 0.0), "inf");
}

TEST(Json, WritesTimesAndNumbersWithSuffixes) {
    EXPECT_EQ(json_of("a = 10s; b = 10ms; c = 1.5k; d = 1kb; e = -7"),
              "{\n    \"a\": 10.0,\n    \"b\": 0.010000,\n    \"c\": 1500.0,\n    \"d\": 1024,\n"
              "    \"e\": -7\n}");
}

TEST(Json, EscapesStringsLikeLibucl) {
    EXPECT_EQ(json_quote("a\"b\\c\n\r\t\b\f/\xc3\xa9"), "\"a\\\"b\\\\c\\n\\r\\t\\b\\f/\xc3\xa9\"");
    EXPECT_EQ(json_quote(std::string("x\0y\x01\x7f", 5)), "\"x\\uFFFDy\\uFFFD\\uFFFD\"");
    EXPECT_EQ(json_quote("\v"), "\"\\u000b\"");
}

TEST(Json, EscapesKeys) {
    EXPECT_EQ(json_of("\"a\\\"b\" = 1"), "{\n    \"a\\\"b\": 1\n}");
}

TEST(Json, OutputParsesBackToTheSameValue) {
    const std::string text =
        "jail \"web\" { ip = \"10.0.0.2\"; ports = [80, 443]; t = 1.5; on = yes }\n"
        "jail \"db\" { note = <<EOD\nline \"one\"\n\tline two\nEOD\n}\nx = null";
    const auto first = parse("t.ucl", text, {});
    ASSERT_TRUE(first.document);
    const auto second = parse("t.json", to_json(first.document->root), {});
    ASSERT_TRUE(second.document) << render_diagnostic(second.errors.at(0));
    EXPECT_EQ(to_json(second.document->root), to_json(first.document->root));
}

TEST(Json, GoldenSiteConfig) {
    const auto text = jrun::test::read_file(jrun::test::source_dir() / "tests/data/ucl/site.ucl");
    ParseOptions options;
    options.variables = {{"DOMAIN", "example.org"}};
    const auto result = parse("tests/data/ucl/site.ucl", text, options);
    ASSERT_TRUE(result.document) << render_diagnostic(result.errors.at(0));
    jrun::test::expect_golden("ucl/site.json", to_json(result.document->root) + "\n");
}

} // namespace jrun::ucl
