// SPDX-License-Identifier: BSD-2-Clause
// $VAR / ${VAR} expansion, with the cases of libucl's tests/test_variables.c.
#include "ucl_test_util.hpp"

namespace jrun::ucl {

using test::parsed;

namespace {

ParseOptions with_variables() {
    ParseOptions options;
    options.variables = {{"X", "AB"}, {"Y", "C"}, {"EMPTY", ""}, {"BUILTIN", "registered"}};
    return options;
}

std::string expanded(const std::string& inner) {
    const auto result = parse("v.ucl", "value = \"" + inner + "\";", with_variables());
    EXPECT_TRUE(result.document) << inner;
    return result.document ? result.document->root.find("value")->as_string() : "";
}

} // namespace

TEST(ParserVariables, ExpandsBracedVariablesAnywhereInAString) {
    EXPECT_EQ(expanded("${X}"), "AB");
    EXPECT_EQ(expanded("pre${X}mid${X}post"), "preABmidABpost");
    EXPECT_EQ(expanded("${X}${Y}"), "ABC");
    EXPECT_EQ(expanded("${BUILTIN}/${X}/${Y}"), "registered/AB/C");
    EXPECT_EQ(expanded("${EMPTY}${X}${EMPTY}${Y}"), "ABC");
}

TEST(ParserVariables, ExpandsBareVariablesByPrefix) {
    EXPECT_EQ(expanded("$BUILTIN/${X}"), "registered/AB");
    EXPECT_EQ(expanded("$Xyz"), "AByz");
}

TEST(ParserVariables, LeavesUnknownAndUnterminatedReferencesAsWritten) {
    EXPECT_EQ(expanded("${MISSING}-${X}-${MISSING}"), "${MISSING}-AB-${MISSING}");
    EXPECT_EQ(expanded("${X}-${MISSING"), "AB-${MISSING");
    EXPECT_EQ(expanded("${X}-${"), "AB-${");
    EXPECT_EQ(expanded("$NOPE and ${NOPE}"), "$NOPE and ${NOPE}");
}

TEST(ParserVariables, DoubleDollarIsADollarWhenSomethingExpands) {
    EXPECT_EQ(expanded("$${X}-${Y}-$$"), "${X}-C-$");
    // libucl copies the text unchanged when no variable is found in it.
    EXPECT_EQ(expanded("costs $$5"), "costs $$5");
}

TEST(ParserVariables, ExpandsInBareWordsAndHeredocsButNotSingleQuotesOrKeys) {
    EXPECT_EQ(parsed("a = $X/b\nc = <<EOD\n${Y}\nEOD\nd = '${X}'\n\"${X}\" = 1", with_variables()),
              "{a: \"AB/b\", c: \"C\", d: \"${X}\", ${X}: 1}");
}

TEST(ParserVariables, DefinesFilenameCurdirAndConfdir) {
    ParseOptions options;
    options.working_directory = "/home/u";
    const auto result =
        parse("conf/site.ucl", "f = $FILENAME\nd = ${CONFDIR}\nc = $CURDIR\n", options);
    ASSERT_TRUE(result.document);
    EXPECT_EQ(test::compact(result.document->root),
              "{f: \"/home/u/conf/site.ucl\", d: \"/home/u/conf\", c: \"/home/u/conf\"}");
}

TEST(ParserVariables, UserVariablesCannotOverrideFileVariables) {
    ParseOptions options;
    options.variables = {{"FILENAME", "x"}, {"NAME", "web"}};
    EXPECT_EQ(parsed("a = \"$FILENAME $NAME\"", options), "{a: \"test.ucl web\"}");
}

TEST(ParserVariables, ExpandsAfterUnescapingLikeLibucl) {
    // A backslash does not protect a variable from expansion.
    EXPECT_EQ(parsed("a = \"\\$X\"", with_variables()), "{a: \"AB\"}");
}

} // namespace jrun::ucl
