// SPDX-License-Identifier: BSD-2-Clause
#include "config/dotenv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace jrun::config {

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

struct Parsed {
    std::vector<std::pair<std::string, std::string>> values;
    std::vector<Diagnostic> diagnostics;
};

// Given env file `text` (and an environment for `${...}`), return its assignments in order.
Parsed parse(const std::string& text, std::map<std::string, std::string, std::less<>> env = {}) {
    const SourceFile file{"test.env", text};
    const auto lookup = [&env](std::string_view name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    auto result = parse_dotenv(file, lookup);
    Parsed out;
    for (const auto& entry : result.entries) {
        out.values.emplace_back(entry.key, entry.value);
    }
    for (auto& diag : result.diagnostics) {
        diag.location.file = nullptr; // `file` dies with this function
        out.diagnostics.push_back(diag);
    }
    return out;
}

} // namespace

TEST(Dotenv, ReadsPlainAndExportedAssignments) {
    const auto parsed = parse("A=1\nexport B=two\n  C = spaced  \n");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", "1"), Pair("B", "two"), Pair("C", "spaced")));
    EXPECT_THAT(parsed.diagnostics, IsEmpty());
}

TEST(Dotenv, SkipsCommentsAndBlankLinesAndStripsInlineComments) {
    const auto parsed = parse("# heading\n\n   \nA=1 # the answer\nB=x#not-a-comment\r\n");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", "1"), Pair("B", "x#not-a-comment")));
}

TEST(Dotenv, KeepsSingleQuotedValuesLiteral) {
    const auto parsed = parse(R"(A='a # b ${HOME} \n it\'s')");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", R"(a # b ${HOME} \n it's)")));
}

TEST(Dotenv, UnescapesDoubleQuotedValues) {
    const auto parsed = parse(R"(A="line1\nline2\t\"q\" \\ \$HOME \x")");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", "line1\nline2\t\"q\" \\ $HOME \\x")));
}

TEST(Dotenv, QuotedValuesMaySpanLines) {
    const auto parsed = parse("A=\"one\ntwo\"\nB=3\n");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", "one\ntwo"), Pair("B", "3")));
}

TEST(Dotenv, InterpolatesBracedVariablesFromFileThenEnvironment) {
    const auto parsed =
        parse("BASE=/srv\nA=${BASE}/x\nB=\"${HOME}/y\"\nC=${NOPE:-fallback}\nD=$HOME",
              {{"HOME", "/home/u"}, {"BASE", "/ignored"}});
    EXPECT_THAT(parsed.values,
                ElementsAre(Pair("BASE", "/srv"),
                            Pair("A", "/srv/x"),
                            Pair("B", "/home/u/y"),
                            Pair("C", "fallback"),
                            Pair("D", "$HOME")));
}

TEST(Dotenv, NeverRunsCommandSubstitution) {
    const auto parsed = parse("A=$(touch /tmp/pwned)\nB=\"`id`\"\n");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", "$(touch /tmp/pwned)"), Pair("B", "`id`")));
}

TEST(Dotenv, ReportsUnterminatedQuoteAtTheQuote) {
    const auto parsed = parse("A=1\nB=\"open\n");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", "1")));
    ASSERT_EQ(parsed.diagnostics.size(), 1U);
    EXPECT_EQ(parsed.diagnostics[0].location.line, 2U);
    EXPECT_EQ(parsed.diagnostics[0].location.column, 3U);
    EXPECT_THAT(parsed.diagnostics[0].message, HasSubstr("unterminated"));
}

TEST(Dotenv, ReportsEveryBadLineAndKeepsTheGoodOnes) {
    const auto parsed = parse("NOEQUALS\nA=1\n9X=2\nB='x' trailing\nC=3\n");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", "1"), Pair("C", "3")));
    ASSERT_EQ(parsed.diagnostics.size(), 3U);
    EXPECT_EQ(parsed.diagnostics[0].location.line, 1U);
    EXPECT_THAT(parsed.diagnostics[0].message, HasSubstr("expected '=' after 'NOEQUALS'"));
    EXPECT_EQ(parsed.diagnostics[1].location.line, 3U);
    EXPECT_EQ(parsed.diagnostics[2].location.line, 4U);
    EXPECT_THAT(parsed.diagnostics[2].message, HasSubstr("after the closing quote"));
}

TEST(Dotenv, LocatesKeysAndValues) {
    const SourceFile file{"x.env", "\n  export KEY = 'v'\n"};
    const auto result = parse_dotenv(file, {});
    ASSERT_EQ(result.entries.size(), 1U);
    EXPECT_EQ(result.entries[0].location.line, 2U);
    EXPECT_EQ(result.entries[0].location.column, 10U);
    EXPECT_EQ(result.entries[0].value_location.column, 16U);
    EXPECT_EQ(result.entries[0].location.file, &file);
}

TEST(Dotenv, EmptyValueIsEmptyString) {
    const auto parsed = parse("A=\nB=''\n");
    EXPECT_THAT(parsed.values, ElementsAre(Pair("A", ""), Pair("B", "")));
}

} // namespace jrun::config
