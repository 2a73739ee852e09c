// SPDX-License-Identifier: BSD-2-Clause
#include "util/strings.hpp"

#include <gtest/gtest.h>

#include <array>

namespace jrun {

TEST(ShellQuote, LeavesPlainWordsAlone) {
    EXPECT_EQ(shell_quote("/usr/bin/ssh-keygen"), "/usr/bin/ssh-keygen");
}

TEST(ShellQuote, QuotesEmptyString) {
    EXPECT_EQ(shell_quote(""), "''");
}

TEST(ShellQuote, EscapesSingleQuotes) {
    EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
}

TEST(ShellQuote, QuotesMetacharacters) {
    EXPECT_EQ(shell_quote("$(reboot)"), "'$(reboot)'");
    EXPECT_EQ(shell_quote("a b"), "'a b'");
    EXPECT_EQ(shell_quote("x;y"), "'x;y'");
}

TEST(ShellJoin, QuotesEachWord) {
    const std::array<std::string, 3> argv{"ssh", "-o", "Control Path"};
    EXPECT_EQ(shell_join(argv), "ssh -o 'Control Path'");
}

TEST(EditDistance, CountsEdits) {
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
    EXPECT_EQ(edit_distance("", "abc"), 3U);
    EXPECT_EQ(edit_distance("same", "same"), 0U);
}

TEST(ClosestMatch, SuggestsNearbyKey) {
    const std::array<std::string_view, 4> keys{"forward", "mount", "exec", "setup"};
    EXPECT_EQ(closest_match("forwards", keys), "forward");
    EXPECT_EQ(closest_match("mnt", keys), std::nullopt);
    EXPECT_EQ(closest_match("exce", keys), "exec");
}

TEST(Split, KeepsEmptyFields) {
    EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
}

TEST(Trim, RemovesSurroundingWhitespace) {
    EXPECT_EQ(trim(" \t x y \r\n"), "x y");
}

} // namespace jrun
