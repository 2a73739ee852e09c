// SPDX-License-Identifier: BSD-2-Clause
// LocalRemote against real /bin/sh children (fast and hermetic, so unit tests).
#include "fakes/fake_process_runner.hpp"
#include "ssh/local_remote.hpp"
#include "sys/real_process_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

namespace jrun::ssh {
namespace {

using ::testing::ElementsAre;

TEST(LocalRemote, ScriptRunsWithTheExtraEnvironment) {
    sys::RealProcessRunner runner;
    LocalRemote remote(runner, {{{"JRUN_ROOT", "/fake root"}}, false});
    auto result = remote.run_script("printf '%s\\n' \"$JRUN_ROOT\"; echo oops >&2; exit 4\n");
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_EQ(result->exit_code, 4);
    EXPECT_EQ(result->out, "/fake root\n");
    EXPECT_EQ(result->err, "oops\n");
    EXPECT_EQ(remote.round_trips(), 1U);
}

TEST(LocalRemote, LinesStreamToTheSinkInOrder) {
    sys::RealProcessRunner runner;
    LocalRemote remote(runner);
    std::vector<std::string> lines;
    auto result = remote.run_script("for i in 1 2 3; do echo line$i; done; printf tail",
                                    [&](std::string_view line) { lines.emplace_back(line); });
    ASSERT_TRUE(result.ok());
    EXPECT_THAT(lines, ElementsAre("line1", "line2", "line3", "tail"));
    EXPECT_EQ(result->out, "line1\nline2\nline3\ntail");
}

TEST(LocalRemote, LargeOutputDoesNotDeadlock) {
    sys::RealProcessRunner runner;
    LocalRemote remote(runner);
    std::size_t count = 0;
    auto result = remote.run_script("i=0; while [ $i -lt 20000 ]; do echo \"$i\"; i=$((i+1)); done",
                                    [&](std::string_view) { ++count; });
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(count, 20000U);
}

TEST(LocalRemote, ScriptsRunConcurrently) {
    sys::RealProcessRunner runner;
    LocalRemote remote(runner);
    std::vector<std::thread> threads;
    std::vector<std::string> outs(6);
    for (std::size_t i = 0; i < outs.size(); ++i) {
        threads.emplace_back([&, i] {
            auto result = remote.run_script("echo " + std::to_string(i));
            outs[i] = result ? result->out : "error";
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (std::size_t i = 0; i < outs.size(); ++i) {
        EXPECT_EQ(outs[i], std::to_string(i) + "\n");
    }
    EXPECT_EQ(remote.round_trips(), outs.size());
}

TEST(LocalRemote, BecomePassesTheEnvironmentThroughDoas) {
    test::FakeProcessRunner runner;
    LocalRemote remote(runner, {{{"A", "1"}, {"B", "x y"}}, true});
    ASSERT_TRUE(remote.run_script("true").ok());
    EXPECT_THAT(runner.commands_ran.back().argv(),
                ElementsAre("doas", "env", "A=1", "B=x y", "/bin/sh", "-s"));
}

TEST(LocalRemote, InteractiveArgvIsExecutedWithoutAShell) {
    test::FakeProcessRunner runner;
    runner.on({"printf"}, test::exited(2));
    LocalRemote remote(runner, {{{"A", "1"}}, false});
    auto code = remote.run_interactive({"printf", "%s", "$(id)"}, true, RunAs::root);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(*code, 2);
    const auto& command = runner.commands_ran.back();
    EXPECT_THAT(command.argv(), ElementsAre("printf", "%s", "$(id)"));
    EXPECT_EQ(command.env_overrides().at("A"), "1");
    EXPECT_EQ(command.stdin_mode(), sys::Input::inherit);
    EXPECT_TRUE(command.foreground());
}

TEST(LocalRemote, InteractiveAsTheLoginUserSkipsDoas) {
    test::FakeProcessRunner runner;
    LocalRemote remote(runner, {{{"A", "1"}}, true});
    ASSERT_TRUE(remote.run_interactive({"id"}, false, RunAs::root).ok());
    EXPECT_THAT(runner.commands_ran.back().argv(), ElementsAre("doas", "env", "A=1", "id"));
    ASSERT_TRUE(remote.run_interactive({"id"}, false, RunAs::login_user).ok());
    EXPECT_THAT(runner.commands_ran.back().argv(), ElementsAre("id"));
    EXPECT_EQ(runner.commands_ran.back().env_overrides().at("A"), "1");
}

} // namespace
} // namespace jrun::ssh
