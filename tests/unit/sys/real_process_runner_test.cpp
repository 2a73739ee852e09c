// SPDX-License-Identifier: BSD-2-Clause
// Real children (/bin/sh and coreutils) on the local machine: fast and hermetic.
#include "fakes/fake_signals.hpp"
#include "support/support.hpp"
#include "sys/real_process_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <thread>

namespace jrun::sys {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

Command sh(const std::string& script) {
    return Command({"/bin/sh", "-c", script});
}

// Return true while `pid` exists and is not a zombie (Linux /proc; elsewhere kill(pid, 0)).
bool process_alive(int pid) {
    if (::kill(pid, 0) != 0) {
        return false;
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) {
        return true;
    }
    const auto close = line.rfind(") ");
    return close == std::string::npos || line.at(close + 2) != 'Z';
}

// Wait up to 5 s for `pid` to be gone; return whether it went.
bool gone_soon(int pid) {
    for (int i = 0; i < 500; ++i) {
        if (!process_alive(pid)) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

TEST(RealProcessRunner, CapturesStdoutAndStderrSeparately) {
    RealProcessRunner runner;
    auto result = runner.run(sh("echo out; echo err >&2; echo more"));
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_TRUE(result->success());
    EXPECT_EQ(result->out, "out\nmore\n");
    EXPECT_EQ(result->err, "err\n");
}

TEST(RealProcessRunner, ReportsExitCodeAsCompletedNotError) {
    RealProcessRunner runner;
    auto result = runner.run(sh("exit 7"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->status, ExitStatus::exited(7));
}

TEST(RealProcessRunner, ReportsTheSignalThatKilledTheChild) {
    RealProcessRunner runner;
    auto result = runner.run(sh("kill -KILL $$"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->status, ExitStatus::signalled(SIGKILL));
}

TEST(RealProcessRunner, EchoesMegabytesOfStdinWithoutDeadlock) {
    std::string input;
    for (int i = 0; input.size() < std::size_t{4} * 1024 * 1024; ++i) {
        input += "line " + std::to_string(i) + "\n";
    }
    RealProcessRunner runner;
    auto result = runner.run(Command({"cat"}).set_stdin(input));
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_EQ(result->out.size(), input.size());
    EXPECT_TRUE(result->out == input);
}

TEST(RealProcessRunner, ReadsStderrWhileTheChildHasNotReadStdinYet) {
    // Given a child that fills its stderr pipe before it reads any stdin,
    // when jrun feeds it a large stdin, then neither side blocks.
    const std::string input(std::size_t{1024} * 1024, 'x');
    RealProcessRunner runner;
    auto result = runner.run(sh("head -c 300000 /dev/zero >&2; wc -c").set_stdin(input));
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_EQ(result->err.size(), 300000U);
    EXPECT_THAT(result->out, HasSubstr("1048576"));
}

TEST(RealProcessRunner, ChildThatStopsReadingStdinIsNotAnError) {
    const std::string input(std::size_t{1024} * 1024, 'y');
    RealProcessRunner runner;
    auto result = runner.run(Command({"head", "-c", "3"}).set_stdin(input));
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_EQ(result->out, "yyy");
}

TEST(RealProcessRunner, GivesTheChildAnEmptyStdinByDefault) {
    RealProcessRunner runner;
    auto result = runner.run(Command({"cat"}));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->out, "");
}

TEST(RealProcessRunner, MissingProgramIsAProcessErrorNamingIt) {
    RealProcessRunner runner;
    auto result = runner.run(Command({"jrun-test-no-such-program", "arg"}));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::process);
    EXPECT_EQ(result.error().what, "cannot run 'jrun-test-no-such-program'");
    EXPECT_EQ(result.error().why, "program not found in PATH");
}

TEST(RealProcessRunner, MissingProgramPathIsAProcessError) {
    RealProcessRunner runner;
    auto result = runner.run(Command({"/nonexistent/jrun-test/prog"}));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::process);
    EXPECT_EQ(result.error().what, "cannot run '/nonexistent/jrun-test/prog'");
    EXPECT_EQ(result.error().why, "no such file");
}

TEST(RealProcessRunner, NonExecutableFileIsAProcessError) {
    const test::TempDir dir;
    const auto script = dir.write("not-executable.sh", "#!/bin/sh\necho hi\n");
    RealProcessRunner runner;
    auto result = runner.run(Command({script.string()}));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::process);
    EXPECT_THAT(result.error().why, HasSubstr("permission denied"));
}

TEST(RealProcessRunner, MissingWorkingDirectoryIsAProcessError) {
    RealProcessRunner runner;
    auto result = runner.run(Command({"true"}).set_cwd("/nonexistent/jrun-test"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::process);
    EXPECT_THAT(result.error().why, HasSubstr("'/nonexistent/jrun-test'"));
}

TEST(RealProcessRunner, RunsInTheGivenWorkingDirectory) {
    const test::TempDir dir;
    RealProcessRunner runner;
    auto result = runner.run(Command({"pwd", "-P"}).set_cwd(dir.path()));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->out, std::filesystem::canonical(dir.path()).string() + "\n");
}

TEST(RealProcessRunner, AppliesEnvironmentOverridesAndRemovals) {
    ::setenv("JRUN_TEST_REMOVED", "present", 1);
    RealProcessRunner runner;
    auto command = sh("echo \"$JRUN_TEST_SET:${JRUN_TEST_REMOVED-unset}\"")
                       .set_env("JRUN_TEST_SET", "a b")
                       .unset_env("JRUN_TEST_REMOVED");
    auto result = runner.run(command);
    ::unsetenv("JRUN_TEST_REMOVED");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->out, "a b:unset\n");
}

TEST(RealProcessRunner, ClearedEnvironmentContainsOnlyWhatWasSet) {
    RealProcessRunner runner;
    auto result = runner.run(Command({"/usr/bin/env"}).clear_env().set_env("ONLY", "1"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->out, "ONLY=1\n");
}

TEST(RealProcessRunner, WritesOutputToFilesAndDiscards) {
    const test::TempDir dir;
    const auto log = dir.write("out.log", "before\n");
    RealProcessRunner runner;
    auto command = sh("echo to-file; echo to-null >&2")
                       .set_stdout(Output::to_file(log))
                       .set_stderr(Output::discard());
    auto result = runner.run(command);
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_EQ(result->out, "");
    EXPECT_EQ(result->err, "");
    EXPECT_EQ(test::read_file(log), "before\nto-file\n");
}

TEST(RealProcessRunner, UnwritableOutputFileIsAnIoError) {
    RealProcessRunner runner;
    auto result =
        runner.run(Command({"true"}).set_stdout(Output::to_file("/nonexistent/jrun/out.log")));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::io);
    EXPECT_THAT(result.error().what, HasSubstr("/nonexistent/jrun/out.log"));
}

TEST(RealProcessRunner, TimeoutKillsTheWholeProcessGroup) {
    const test::TempDir dir;
    const auto pid_file = dir.path() / "grandchild.pid";
    RealProcessRunner runner({nullptr, 200ms});
    auto command = sh("sleep 60 & echo $! > '" + pid_file.string() + "'; wait").set_timeout(300ms);
    auto result = runner.run(command);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::timeout);
    EXPECT_THAT(result.error().what, HasSubstr("timed out"));
    EXPECT_THAT(result.error().why, HasSubstr("300 ms"));
    const int grandchild = std::stoi(test::read_file(pid_file));
    EXPECT_TRUE(gone_soon(grandchild)) << "grandchild " << grandchild << " survived";
}

TEST(RealProcessRunner, TimeoutEscalatesToSigkillWhenTermIsIgnored) {
    RealProcessRunner runner({nullptr, 100ms});
    auto result = runner.run(sh("trap '' TERM; sleep 60").set_timeout(200ms));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::timeout);
}

TEST(RealProcessRunner, DoesNotWaitForAGrandchildThatKeepsTheOutputOpen) {
    // Given a child that leaves a background process holding its stdout (as ssh's
    // ControlPersist master does), run() returns when the child exits.
    RealProcessRunner runner;
    const auto start = std::chrono::steady_clock::now();
    auto result = runner.run(sh("sleep 60 & echo $!"));
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(result.ok());
    const int grandchild = std::stoi(result->out);
    ::kill(grandchild, SIGKILL);
    EXPECT_LT(took, 30s);
}

TEST(RealProcessRunner, InterruptTerminatesTheChildAndReportsInterrupted) {
    test::FakeSignals signals;
    signals.raise(SIGINT);
    RealProcessRunner runner({&signals, 200ms});
    auto result = runner.run(Command({"sleep", "60"}));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::interrupted);
    EXPECT_EQ(result.error().why, "jrun received SIGINT");
}

TEST(RealProcessRunner, RealSigintWhileWaitingStopsTheChild) {
    // Given installed handlers, when SIGINT reaches jrun (here: sent by the child to its
    // parent), then the wait ends with `interrupted` instead of sleeping on.
    RealSignals signals;
    RealProcessRunner runner({&signals, 200ms});
    auto result = runner.run(sh("kill -INT $PPID; sleep 60"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::interrupted);
    EXPECT_TRUE(signals.interrupted());
}

TEST(RealProcessRunner, ForegroundChildIsPassedTheInterruptAndWaitedFor) {
    // Given a foreground child (it shares jrun's terminal) that handles SIGTERM itself,
    // when jrun is interrupted, then the child gets the signal and its own exit is reported.
    test::FakeSignals signals;
    RealProcessRunner runner({&signals, 200ms});
    auto spawned =
        runner.spawn(sh("trap 'kill $!; echo handled; exit 5' TERM; sleep 60 & echo ready; wait")
                         .set_foreground());
    ASSERT_TRUE(spawned.ok());
    auto ready = (*spawned)->read_output(5s);
    ASSERT_TRUE(ready.ok());
    ASSERT_EQ(ready->out, "ready\n");
    signals.raise(SIGTERM);
    auto result = (*spawned)->wait();
    ASSERT_TRUE(result.ok()) << result.error().what;
    EXPECT_EQ(result->status, ExitStatus::exited(5));
    EXPECT_EQ(result->out, "handled\n");
}

TEST(RealProcessRunner, RunClosesAPipedStdin) {
    RealProcessRunner runner;
    auto result = runner.run(Command({"cat"}).set_stdin_mode(Input::pipe));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->out, "");
}

TEST(RealProcessRunner, SpawnedChildTalksThroughAStdinPipe) {
    RealProcessRunner runner;
    auto spawned =
        runner.spawn(sh("echo ready; read line; echo \"got $line\"").set_stdin_mode(Input::pipe));
    ASSERT_TRUE(spawned.ok());
    auto& child = **spawned;
    std::string out;
    while (out.find("ready\n") == std::string::npos) {
        auto chunk = child.read_output(1s);
        ASSERT_TRUE(chunk.ok());
        ASSERT_FALSE(chunk->eof);
        out += chunk->out;
    }
    ASSERT_TRUE(child.write_stdin("hello\n").ok());
    child.close_stdin();
    auto done = child.wait();
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->out, "got hello\n");
    EXPECT_TRUE(done->success());
}

TEST(RealProcessRunner, DestroyingAChildKillsAndReapsIt) {
    RealProcessRunner runner;
    auto spawned = runner.spawn(Command({"sleep", "60"}));
    ASSERT_TRUE(spawned.ok());
    const int pid = (*spawned)->pid();
    ASSERT_TRUE(process_alive(pid));
    spawned->reset();
    EXPECT_FALSE(process_alive(pid));
    errno = 0;
    EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD) << "child was not reaped";
}

TEST(RealProcessRunner, DetachedChildOutlivesItsChildObject) {
    RealProcessRunner runner;
    auto spawned = runner.spawn(Command({"sleep", "60"}));
    ASSERT_TRUE(spawned.ok());
    const int pid = (*spawned)->detach();
    spawned->reset();
    EXPECT_TRUE(process_alive(pid));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

TEST(RealProcessRunner, SignalReachesTheChild) {
    RealProcessRunner runner;
    auto spawned = runner.spawn(Command({"sleep", "60"}));
    ASSERT_TRUE(spawned.ok());
    ASSERT_TRUE((*spawned)->send_signal(SIGTERM).ok());
    auto done = (*spawned)->wait();
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->status, ExitStatus::signalled(SIGTERM));
    EXPECT_FALSE((*spawned)->send_signal(SIGTERM).ok()) << "signalling a reaped child";
}

TEST(RealProcessRunner, TryWaitReportsNothingWhileRunningThenTheStatus) {
    RealProcessRunner runner;
    auto spawned = runner.spawn(sh("read x; exit 3").set_stdin_mode(Input::pipe));
    ASSERT_TRUE(spawned.ok());
    auto& child = **spawned;
    auto running = child.try_wait();
    ASSERT_TRUE(running.ok());
    EXPECT_FALSE(running->has_value());
    child.close_stdin();
    std::optional<ExitStatus> status;
    for (int i = 0; i < 500 && !status; ++i) {
        auto polled = child.try_wait();
        ASSERT_TRUE(polled.ok());
        status = *polled;
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(status, ExitStatus::exited(3));
}

} // namespace
} // namespace jrun::sys
