// SPDX-License-Identifier: BSD-2-Clause
#include "sys/command.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::sys {
namespace {

using ::testing::ElementsAre;

TEST(Command, BuildsArgvWordByWord) {
    const std::vector<std::string> more{"-H", "-o", "name"};
    auto command = Command({"zfs"}).arg("list").args(more);
    EXPECT_THAT(command.argv(), ElementsAre("zfs", "list", "-H", "-o", "name"));
}

TEST(Command, DisplaysArgvShellQuoted) {
    const Command command({"sh", "-c", "echo 'hi there'"});
    EXPECT_EQ(command.display(), R"(sh -c 'echo '\''hi there'\''')");
}

TEST(Command, EnvironmentInheritsParentAndAppliesOverridesAndRemovals) {
    auto command =
        Command({"true"}).set_env("LC_ALL", "C").set_env("HOME", "/tmp").unset_env("SECRET");
    const std::vector<std::string> parent{"HOME=/home/u", "PATH=/bin", "SECRET=x", "BROKEN"};
    EXPECT_THAT(command.environment(parent), ElementsAre("HOME=/tmp", "LC_ALL=C", "PATH=/bin"));
}

TEST(Command, ClearedEnvironmentKeepsOnlyOverrides) {
    auto command = Command({"true"}).clear_env().set_env("ONLY", "1");
    const std::vector<std::string> parent{"HOME=/home/u", "PATH=/bin"};
    EXPECT_THAT(command.environment(parent), ElementsAre("ONLY=1"));
}

TEST(Command, LaterUnsetWinsOverEarlierSetAndViceVersa) {
    auto command =
        Command({"true"}).set_env("A", "1").unset_env("A").unset_env("B").set_env("B", "2");
    EXPECT_THAT(command.environment({}), ElementsAre("B=2"));
}

TEST(Command, DefaultsToNullStdinCapturedOutputsNoTimeoutOwnGroup) {
    const Command command({"true"});
    EXPECT_EQ(command.stdin_mode(), Input::null);
    EXPECT_EQ(command.stdout_target().mode, Output::Mode::capture);
    EXPECT_EQ(command.stderr_target().mode, Output::Mode::capture);
    EXPECT_FALSE(command.timeout().has_value());
    EXPECT_FALSE(command.foreground());
}

TEST(Command, SettingStdinBytesSelectsBytesMode) {
    auto command = Command({"cat"}).set_stdin("hello");
    EXPECT_EQ(command.stdin_mode(), Input::bytes);
    EXPECT_EQ(command.stdin_bytes(), "hello");
}

} // namespace
} // namespace jrun::sys
