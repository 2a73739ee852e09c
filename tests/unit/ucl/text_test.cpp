// SPDX-License-Identifier: BSD-2-Clause
// String helpers: JSON and single-quote unescaping, UTF-8, variable expansion, paths.
#include "ucl/detail/paths.hpp"
#include "ucl/detail/text.hpp"

#include <gtest/gtest.h>

namespace jrun::ucl::detail {

TEST(Text, UnescapesJson) {
    EXPECT_EQ(unescape_json(R"(a\nb\tc\\d\"e\/f\bg\fh\ri)"), "a\nb\tc\\d\"e/f\bg\fh\ri");
    EXPECT_EQ(unescape_json(R"(\u0041\u00e9\u20ac)"), "A\xc3\xa9\xe2\x82\xac");
    EXPECT_EQ(unescape_json(R"(\ud83d\ude00)"), "\xf0\x9f\x98\x80");
    EXPECT_EQ(unescape_json(R"(\ude00)"), "\xef\xbf\xbd");
    EXPECT_EQ(unescape_json(R"(\uZZ)"), "uZZ");
    EXPECT_EQ(unescape_json("trailing\\"), "trailing\\");
}

TEST(Text, UnescapesSingleQuoted) {
    EXPECT_EQ(unescape_single_quoted(R"(it\'s)"), "it's");
    EXPECT_EQ(unescape_single_quoted(R"(a\nb\\c)"), "a\\nb\\\\c");
    EXPECT_EQ(unescape_single_quoted("a\\\nb\\\r\nc"), "abc");
}

TEST(Text, EncodesUtf8) {
    std::string out;
    append_utf8(out, 0x24);
    append_utf8(out, 0xA2);
    append_utf8(out, 0x20AC);
    append_utf8(out, 0x10348);
    EXPECT_EQ(out, "$\xc2\xa2\xe2\x82\xac\xf0\x90\x8d\x88");
}

TEST(Text, FirstRegisteredVariableWinsForBareReferences) {
    const VariableList vars{{"A", "1"}, {"AB", "2"}};
    EXPECT_EQ(expand_variables("$AB", vars), "1B");
    EXPECT_EQ(expand_variables("${AB}", vars), "2");
}

TEST(Text, LongRunsOfUnclosedReferencesStayLinear) {
    const VariableList vars{{"X", "1"}};
    std::string text;
    for (int i = 0; i < 200000; ++i) {
        text += "${";
    }
    EXPECT_EQ(expand_variables(text + "$X", vars), text + "1");
}

TEST(Paths, NormalizesLexically) {
    EXPECT_EQ(normalize_path("/a/./b//c/../d"), "/a/b/d");
    EXPECT_EQ(normalize_path("../x/.."), "..");
    EXPECT_EQ(normalize_path("/.."), "/");
    EXPECT_EQ(normalize_path("./"), ".");
    EXPECT_EQ(parent_directory("site.ucl"), ".");
    EXPECT_EQ(parent_directory("/etc/site.ucl"), "/etc");
    EXPECT_EQ(parent_directory("/site.ucl"), "/");
    EXPECT_EQ(join_path("/cfg", "sub/x.ucl"), "/cfg/sub/x.ucl");
    EXPECT_EQ(join_path("/cfg", "/abs.ucl"), "/abs.ucl");
    EXPECT_EQ(join_path(".", "x.ucl"), "x.ucl");
}

} // namespace jrun::ucl::detail
