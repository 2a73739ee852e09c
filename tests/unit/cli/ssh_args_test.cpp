// SPDX-License-Identifier: BSD-2-Clause
#include "cli/cli.hpp"
#include "cli/ssh_args.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace jrun::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Result<SshArgs> parse(const std::vector<std::string>& args) {
    return parse_ssh_args(args);
}

TEST(SshArgs, NothingIsALoginShellOnTheHost) {
    auto parsed = parse({});
    ASSERT_TRUE(parsed.ok());
    EXPECT_FALSE(parsed->jail);
    EXPECT_TRUE(parsed->command.empty());
}

TEST(SshArgs, AJailAloneIsAShellInTheJail) {
    auto parsed = parse({"web"});
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->jail, "web");
    EXPECT_TRUE(parsed->command.empty());
}

TEST(SshArgs, WordsAfterDashesAreTheCommandVerbatim) {
    auto parsed = parse({"web", "--", "ls", "-l", "--", "--help", "$(x)"});
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->jail, "web");
    EXPECT_THAT(parsed->command, ElementsAre("ls", "-l", "--", "--help", "$(x)"));
}

TEST(SshArgs, ACommandWithoutAJailRunsOnTheHost) {
    auto parsed = parse({"--", "uname", "-a"});
    ASSERT_TRUE(parsed.ok());
    EXPECT_FALSE(parsed->jail);
    EXPECT_THAT(parsed->command, ElementsAre("uname", "-a"));
}

TEST(SshArgs, ASecondWordWithoutDashesIsAnErrorShowingBothForms) {
    auto parsed = parse({"web", "extra"});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().kind, ErrorKind::usage);
    EXPECT_EQ(parsed.error().what, "too many arguments");
    EXPECT_THAT(parsed.error().why, HasSubstr("'extra'"));
    EXPECT_THAT(parsed.error().hint, HasSubstr("'jrun ssh [JAIL]'"));
    EXPECT_THAT(parsed.error().hint, HasSubstr("'jrun ssh [JAIL] -- COMMAND [ARG...]'"));
}

TEST(SshArgs, AnOptionBeforeDashesIsUnknown) {
    auto parsed = parse({"-t", "web"});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().what, "unknown option '-t'");
}

TEST(SshArgs, DashesWithNothingAfterThemAreAMissingCommand) {
    auto parsed = parse({"web", "--"});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().what, "missing command");
}

struct Outcome {
    int code;
    std::string out;
    std::string err;
};

Outcome run_jrun(const std::vector<std::string>& argv,
                 const std::map<std::string, std::string, std::less<>>& env = {}) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = run(argv, env, out, err, false);
    return {code, out.str(), err.str()};
}

TEST(SshCommand, ExtraWordIsAUsageErrorBeforeAnythingIsOpened) {
    const auto result = run_jrun({"ssh", "web", "extra"});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.err,
              "jrun: error: too many arguments: 'extra' after the jail name; put a command after "
              "'--'\n"
              "  hint: 'jrun ssh [JAIL]' opens a shell; 'jrun ssh [JAIL] -- COMMAND [ARG...]' "
              "runs a command\n");
}

TEST(SshCommand, UnknownOptionIsAUsageError) {
    const auto result = run_jrun({"ssh", "--verbose"});
    EXPECT_EQ(result.code, 2);
    EXPECT_THAT(result.err, HasSubstr("unknown option '--verbose'"));
}

TEST(SshCommand, HelpBeforeDashesPrintsTheUsage) {
    const auto result = run_jrun({"ssh", "web", "--help"});
    EXPECT_EQ(result.code, 0);
    EXPECT_THAT(result.out, HasSubstr("usage: jrun ssh [JAIL] [-- COMMAND [ARG...]]"));
}

// Past `--` the words are the remote command's: `--help` is not jrun's, so the parser sees it
// (and here fails on `-x`, which proves the usage was not printed instead).
TEST(SshCommand, HelpAfterDashesIsTheRemoteCommands) {
    const auto result = run_jrun({"ssh", "-x", "--", "ls", "--help"});
    EXPECT_EQ(result.code, 2);
    EXPECT_TRUE(result.out.empty());
    EXPECT_THAT(result.err, HasSubstr("unknown option '-x'"));
}

TEST(CmdCommand, HelpIsJrunsOnlyInPlaceOfTheJail) {
    const auto result = run_jrun({"cmd", "--help"});
    EXPECT_EQ(result.code, 0);
    EXPECT_THAT(result.out, HasSubstr("usage: jrun cmd"));
}

// `jrun cmd web ls -h` runs `ls -h` in web: with an empty state, the jail is what is missing.
TEST(CmdCommand, HelpAfterTheJailIsTheCommandsOwn) {
    const test::TempDir dir;
    const std::map<std::string, std::string, std::less<>> env{
        {"HOME", dir.path().string()}, {"JRUN_HOME", (dir.path() / "jrun").string()}};
    const auto result = run_jrun({"cmd", "web", "ls", "-h"}, env);
    EXPECT_EQ(result.code, 2);
    EXPECT_TRUE(result.out.empty());
    EXPECT_THAT(result.err, HasSubstr("no jail 'web'"));
}

TEST(CmdCommand, DashesWithoutACommandAreMissingArguments) {
    const auto result = run_jrun({"cmd", "web", "--"});
    EXPECT_EQ(result.code, 2);
    EXPECT_THAT(result.err, HasSubstr("'jrun cmd' needs a jail and a command"));
}

} // namespace
} // namespace jrun::cli
