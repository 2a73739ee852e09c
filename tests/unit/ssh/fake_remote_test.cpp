// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_remote.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

namespace jrun::test {
namespace {

using ::testing::ElementsAre;

TEST(FakeRemote, AnswersBySubstringThenQueueThenDefault) {
    FakeRemote remote;
    remote.on_script("zfs list", {remote_exit(1), remote_exit(0, "zroot\n")});
    remote.queue(remote_exit(5));
    EXPECT_EQ(remote.run_script("zfs list -H")->exit_code, 1);
    EXPECT_EQ(remote.run_script("x; zfs list")->out, "zroot\n");
    EXPECT_EQ(remote.run_script("zfs list")->out, "zroot\n");
    EXPECT_EQ(remote.run_script("jls")->exit_code, 5);
    EXPECT_EQ(remote.run_script("jls")->exit_code, 0);
    EXPECT_EQ(remote.round_trips(), 5U);
    EXPECT_EQ(remote.scripts().front(), "zfs list -H");
}

TEST(FakeRemote, LaterRulesWinAndErrorsPassThrough) {
    FakeRemote remote;
    remote.on_script("a", remote_exit(1));
    remote.on_script("a", Error{ErrorKind::remote, "cannot connect", "refused", {}});
    auto result = remote.run_script("a");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::remote);
}

TEST(FakeRemote, StreamsOutputLines) {
    FakeRemote remote;
    remote.set_default(remote_exit(0, "a\nb\n"));
    std::vector<std::string> lines;
    ASSERT_TRUE(remote.run_script("x", [&](std::string_view l) { lines.emplace_back(l); }).ok());
    EXPECT_THAT(lines, ElementsAre("a", "b"));
}

TEST(FakeRemote, RecordsInteractiveCommands) {
    FakeRemote remote;
    remote.set_interactive_result(3);
    EXPECT_EQ(*remote.run_interactive({"sh", "-c", "x"}, true, ssh::RunAs::root), 3);
    EXPECT_THAT(remote.interactive(), ElementsAre(std::vector<std::string>{"sh", "-c", "x"}));
    EXPECT_THAT(remote.interactive_tty(), ElementsAre(true));
}

TEST(FakeRemote, CountsEveryScriptFromManyThreads) {
    FakeRemote remote;
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                (void)remote.run_script("x");
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(remote.round_trips(), 200U);
}

} // namespace
} // namespace jrun::test
