// SPDX-License-Identifier: BSD-2-Clause
// Core UCL syntax: keys, separators, sections, arrays, comments.
#include "ucl_test_util.hpp"

namespace jrun::ucl {

using test::parse_error;
using test::parsed;

TEST(ParserSyntax, EmptyInputIsAnEmptyObject) {
    EXPECT_EQ(parsed(""), "{}");
    EXPECT_EQ(parsed("  \n\t\n"), "{}");
    EXPECT_EQ(parsed("# only a comment\n"), "{}");
}

TEST(ParserSyntax, AcceptsEqualsColonAndSpaceBetweenKeyAndValue) {
    EXPECT_EQ(parsed("a = 1\nb : 2\nc 3\nd=4\ne:5"), "{a: 1, b: 2, c: 3, d: 4, e: 5}");
}

TEST(ParserSyntax, SeparatesEntriesWithSemicolonCommaOrNewline) {
    EXPECT_EQ(parsed("a = 1; b = 2, c = 3\nd = 4;;\n,e = 5"), "{a: 1, b: 2, c: 3, d: 4, e: 5}");
}

TEST(ParserSyntax, ParsesObjectsWithAndWithoutEquals) {
    EXPECT_EQ(parsed("a { b = 1 }\nc = { d = 2; }"), "{a: {b: 1}, c: {d: 2}}");
    EXPECT_EQ(parsed("a {}"), "{a: {}}");
}

TEST(ParserSyntax, NamedSectionsNestObjects) {
    EXPECT_EQ(parsed("jail \"web\" { ip = \"10.0.0.2\" }"), "{jail: {web: {ip: \"10.0.0.2\"}}}");
    EXPECT_EQ(parsed("a \"b\" \"c\" { x = 1 }\nnext = 2"), "{a: {b: {c: {x: 1}}}, next: 2}");
    EXPECT_EQ(parsed("a b c { }"), "{a: {b: {c: {}}}}");
}

TEST(ParserSyntax, RepeatedSectionsBecomeAnImplicitArray) {
    // libucl: each `jail "x" {}` adds one object under `jail`.
    EXPECT_EQ(parsed("jail \"a\" {}\njail \"b\" { ip = 1 }"), "{jail: <{a: {}}, {b: {ip: 1}}>}");
}

TEST(ParserSyntax, RepeatedKeysBecomeAnImplicitArray) {
    EXPECT_EQ(parsed("a = 1\nb = 0\na = 2\na = 3"), "{a: <1, 2, 3>, b: 0}");
    EXPECT_EQ(parsed("s { a = 1 }\ns { a = 2 }"), "{s: <{a: 1}, {a: 2}>}");
}

TEST(ParserSyntax, ParsesArraysWithTrailingSeparators) {
    EXPECT_EQ(parsed("a = [1, 2, 3,]"), "{a: [1, 2, 3]}");
    EXPECT_EQ(parsed("a = [1; 2;]"), "{a: [1, 2]}");
    // libucl takes any run of separators as one.
    EXPECT_EQ(parsed("a = [1,,2]"), "{a: [1, 2]}");
    EXPECT_EQ(parsed("a = [\n  \"x\"\n  \"y\"\n]"), "{a: [\"x\", \"y\"]}");
    EXPECT_EQ(parsed("a = []"), "{a: []}");
    EXPECT_EQ(parsed("depends [\"a\", \"b\"]"), "{depends: [\"a\", \"b\"]}");
    EXPECT_EQ(parsed("a = [[1], {b = 2}, []]"), "{a: [[1], {b: 2}, []]}");
}

TEST(ParserSyntax, SkipsHashAndNestedBlockComments) {
    EXPECT_EQ(parsed("a = 1 # one\n# full line\nb = 2"), "{a: 1, b: 2}");
    EXPECT_EQ(parsed("/* x /* nested */ still */ a = 1"), "{a: 1}");
    EXPECT_EQ(parsed("a = /* inline */ 1"), "{a: 1}");
    EXPECT_EQ(parsed("a = [1, /* two */ 3]"), "{a: [1, 3]}");
}

TEST(ParserSyntax, DoubleSlashCommentsOnlyOnTheirOwnLine) {
    EXPECT_EQ(parsed("// a comment\na = 1\n   // another\nb = 2"), "{a: 1, b: 2}");
    EXPECT_EQ(parsed("url = http://example.com/x"), "{url: \"http://example.com/x\"}");
}

TEST(ParserSyntax, BareWordsRunToTheEndOfTheValue) {
    EXPECT_EQ(parsed("cmd = echo hello world  \nx = 1"), "{cmd: \"echo hello world\", x: 1}");
    EXPECT_EQ(parsed("ip = 10.17.89.50;"), "{ip: \"10.17.89.50\"}");
    EXPECT_EQ(parsed("hub = hub://x/y"), "{hub: \"hub://x/y\"}");
    EXPECT_EQ(parsed("a = b{c}d"), "{a: \"b{c}d\"}");
}

TEST(ParserSyntax, KeysMayContainDotsDashesAndSlashes) {
    // libucl never splits dotted keys.
    EXPECT_EQ(parsed("a.b.c = 1\nx-y = 2\n/path = 3\n_u = 4"),
              "{a.b.c: 1, x-y: 2, /path: 3, _u: 4}");
}

TEST(ParserSyntax, QuotedKeysMayHoldAnything) {
    EXPECT_EQ(parsed("\"a b\" = 1\n\"x\\ty\": 2"), "{a b: 1, x\ty: 2}");
}

TEST(ParserSyntax, TopLevelBracesAndArrays) {
    EXPECT_EQ(parsed("{ \"a\": 1, \"b\": [true, null] }"), "{a: 1, b: [true, null]}");
    EXPECT_EQ(parsed("[1, \"two\", {three = 3}]"), "[1, \"two\", {three: 3}]");
    EXPECT_EQ(parsed("# header\n{ a = 1 }"), "{a: 1}");
}

TEST(ParserSyntax, IgnoresTextAfterTheTopLevelObjectWithAWarning) {
    const auto result = parse("t.ucl", "{ a = 1 }\nb = 2\n", {});
    ASSERT_TRUE(result.document);
    EXPECT_EQ(test::compact(result.document->root), "{a: 1}");
    ASSERT_EQ(result.warnings.size(), 1U);
    EXPECT_EQ(result.warnings[0].location.line, 2U);
}

TEST(ParserSyntax, KeyAtEndOfFileAfterNewlineHasNullValue) {
    // libucl leaves the value of a key with nothing after it null.
    EXPECT_EQ(parsed("a = 1\nb =\n"), "{a: 1, b: null}");
}

TEST(ParserSyntax, ReportsLocationsOfValuesAndKeys) {
    const auto result = parse("loc.ucl", "a = 1\njail \"web\" {\n  ip = \"x\"\n}\n", {});
    ASSERT_TRUE(result.document);
    const Value& root = result.document->root;
    const Member* a = root.find_member("a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->key_location.line, 1U);
    EXPECT_EQ(a->key_location.column, 1U);
    EXPECT_EQ(a->value.location().column, 5U);
    const Value* web = root.find("jail")->find("web");
    ASSERT_NE(web, nullptr);
    EXPECT_EQ(web->location().line, 2U);
    EXPECT_EQ(web->location().column, 12U);
    const Member* ip = web->find_member("ip");
    EXPECT_EQ(ip->key_location.line, 3U);
    EXPECT_EQ(ip->key_location.column, 3U);
    EXPECT_EQ(ip->value.location().column, 8U);
    EXPECT_EQ(ip->value.location().file->path, "loc.ucl");
    const Member* name = root.find("jail")->find_member("web");
    EXPECT_EQ(name->key_location.column, 6U);
}

} // namespace jrun::ucl
