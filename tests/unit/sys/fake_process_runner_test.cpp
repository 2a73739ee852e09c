// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_process_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

namespace jrun::test {
namespace {

using sys::Command;
using ::testing::ElementsAre;

TEST(FakeProcessRunner, RecordsEveryCommandInOrder) {
    FakeProcessRunner runner;
    (void)runner.run(Command({"zfs", "list"}));
    (void)runner.spawn(Command({"ssh", "-N", "host"}));
    ASSERT_EQ(runner.commands_ran.size(), 2U);
    EXPECT_THAT(runner.commands_ran[0].argv(), ElementsAre("zfs", "list"));
    EXPECT_THAT(runner.ran(), ElementsAre("zfs list", "ssh -N host"));
}

TEST(FakeProcessRunner, AnswersUnmatchedCommandsWithTheDefault) {
    FakeProcessRunner runner;
    auto first = runner.run(Command({"anything"}));
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(first->success());
    runner.set_default(exited(1, "", "nope"));
    auto second = runner.run(Command({"anything"}));
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->status, sys::ExitStatus::exited(1));
    EXPECT_EQ(second->err, "nope");
}

TEST(FakeProcessRunner, MatchesArgvPrefixesWithWildcardWords) {
    FakeProcessRunner runner;
    runner.on({"ssh", "*", "--", "zfs", "list"}, exited(0, "zroot\n"));
    auto hit = runner.run(Command({"ssh", "vm", "--", "zfs", "list", "-H"}));
    ASSERT_TRUE(hit.ok());
    EXPECT_EQ(hit->out, "zroot\n");
    auto miss = runner.run(Command({"ssh", "vm", "--", "zfs", "get"}));
    ASSERT_TRUE(miss.ok());
    EXPECT_EQ(miss->out, "");
}

TEST(FakeProcessRunner, LaterRulesWin) {
    FakeProcessRunner runner;
    runner.on({"jls"}, exited(0, "old"));
    runner.on({"jls"}, exited(0, "new"));
    EXPECT_EQ(runner.run(Command({"jls"}))->out, "new");
}

TEST(FakeProcessRunner, PlaysResultSequencesAndRepeatsTheLast) {
    // Given a tool that fails once, then succeeds.
    FakeProcessRunner runner;
    runner.on({"pkg", "install"}, {exited(1, "", "network down"), exited(0)});
    EXPECT_EQ(runner.run(Command({"pkg", "install", "x"}))->status, sys::ExitStatus::exited(1));
    EXPECT_TRUE(runner.run(Command({"pkg", "install", "x"}))->success());
    EXPECT_TRUE(runner.run(Command({"pkg", "install", "x"}))->success());
}

TEST(FakeProcessRunner, ReturnsScriptedErrors) {
    FakeProcessRunner runner;
    runner.on({"ssh"}, Error{ErrorKind::timeout, "'ssh' timed out", "slow", {}});
    auto result = runner.run(Command({"ssh", "host"}));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::timeout);
}

TEST(FakeProcessRunner, RespondsThroughACallback) {
    FakeProcessRunner runner;
    runner.on_match(
        [](const Command& c) { return c.stdin_mode() == sys::Input::bytes; },
        [](const Command& c) -> Result<sys::Completed> { return exited(0, c.stdin_bytes()); });
    EXPECT_EQ(runner.run(Command({"cat"}).set_stdin("echo me"))->out, "echo me");
}

TEST(FakeProcessRunner, BlanksStreamsThatAreNotCaptured) {
    FakeProcessRunner runner;
    runner.set_default(exited(0, "out", "err"));
    auto result = runner.run(
        Command({"x"}).set_stdout(sys::Output::discard()).set_stderr(sys::Output::inherit()));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->out, "");
    EXPECT_EQ(result->err, "");
}

TEST(FakeProcessRunner, SpawnFailsOnlyForProcessErrors) {
    FakeProcessRunner runner;
    runner.on({"missing"}, Error{ErrorKind::process, "cannot run 'missing'", "not found", {}});
    runner.on({"slow"}, Error{ErrorKind::timeout, "'slow' timed out", "", {}});
    EXPECT_FALSE(runner.spawn(Command({"missing"})).ok());
    auto slow = runner.spawn(Command({"slow"}));
    ASSERT_TRUE(slow.ok());
    auto waited = (*slow)->wait();
    ASSERT_FALSE(waited.ok());
    EXPECT_EQ(waited.error().kind, ErrorKind::timeout);
}

TEST(FakeProcessRunner, RecordsWhatHappensToSpawnedChildren) {
    FakeProcessRunner runner;
    runner.on({"ssh"}, exited(0, "hello\n"));
    {
        auto child = runner.spawn(Command({"ssh", "host"}).set_stdin_mode(sys::Input::pipe));
        ASSERT_TRUE(child.ok());
        EXPECT_TRUE((*child)->write_stdin("ls\n").ok());
        (*child)->close_stdin();
        EXPECT_FALSE((*child)->write_stdin("more").ok());
        EXPECT_TRUE((*child)->send_signal(SIGTERM).ok());
        auto chunk = (*child)->read_output(std::chrono::milliseconds(0));
        ASSERT_TRUE(chunk.ok());
        EXPECT_EQ(chunk->out, "hello\n");
        EXPECT_TRUE(chunk->eof);
    }
    ASSERT_EQ(runner.spawned.size(), 1U);
    const auto& record = *runner.spawned[0];
    EXPECT_EQ(record.stdin_written, "ls\n");
    EXPECT_TRUE(record.stdin_closed);
    EXPECT_THAT(record.signals, ElementsAre(SIGTERM));
    EXPECT_FALSE(record.waited);
    EXPECT_TRUE(record.destroyed);
}

TEST(ArgvMatches, NeedsEveryPatternWordInOrder) {
    EXPECT_TRUE(argv_matches({}, {"a"}));
    EXPECT_TRUE(argv_matches({"a", "*"}, {"a", "b", "c"}));
    EXPECT_FALSE(argv_matches({"a", "*"}, {"a"}));
    EXPECT_FALSE(argv_matches({"b"}, {"a", "b"}));
}

} // namespace
} // namespace jrun::test
