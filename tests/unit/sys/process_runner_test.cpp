// SPDX-License-Identifier: BSD-2-Clause
#include "sys/process_runner.hpp"

#include <gtest/gtest.h>

#include <csignal>

namespace jrun::sys {
namespace {

using namespace std::chrono_literals;

TEST(ExitStatus, HoldsCodeOrSignalNeverBoth) {
    const auto code = ExitStatus::exited(3);
    EXPECT_EQ(code.code(), 3);
    EXPECT_FALSE(code.signal().has_value());
    EXPECT_FALSE(code.success());
    const auto sig = ExitStatus::signalled(SIGKILL);
    EXPECT_EQ(sig.signal(), SIGKILL);
    EXPECT_FALSE(sig.code().has_value());
    EXPECT_FALSE(sig.success());
    EXPECT_TRUE(ExitStatus::exited(0).success());
}

TEST(ExitStatus, DescribesCodeAndSignal) {
    EXPECT_EQ(ExitStatus::exited(1).describe(), "exit code 1");
    EXPECT_EQ(ExitStatus::signalled(SIGTERM).describe(), "killed by SIGTERM");
}

TEST(FailureError, NamesQuotedArgvStatusAndStderrTail) {
    const Command command({"zfs", "create", "zroot/jails/my web"});
    const Completed completed{ExitStatus::exited(1),
                              "ignored",
                              "\ncannot create 'zroot/jails/my web': dataset already exists\n"};
    const auto error = failure_error(command, completed);
    EXPECT_EQ(error.kind, ErrorKind::process);
    EXPECT_EQ(error.what, "'zfs create 'zroot/jails/my web'' failed");
    EXPECT_EQ(error.why, "exit code 1: cannot create 'zroot/jails/my web': dataset already exists");
}

TEST(FailureError, KeepsOnlyTheLastLinesOfLongStderr) {
    std::string err;
    for (int i = 1; i <= 20; ++i) {
        err += "line " + std::to_string(i) + "\n";
    }
    const auto error = failure_error(Command({"x"}), Completed{ExitStatus::exited(2), {}, err});
    EXPECT_EQ(error.why, "exit code 2: line 16; line 17; line 18; line 19; line 20");
}

TEST(FailureError, FallsBackToStdoutWhenStderrIsEmpty) {
    const auto error =
        failure_error(Command({"x"}), Completed{ExitStatus::signalled(SIGKILL), "oops\n", " \n"});
    EXPECT_EQ(error.why, "killed by SIGKILL: oops");
}

TEST(RequireSuccess, TurnsNonZeroExitIntoProcessError) {
    const Command command({"false"});
    EXPECT_TRUE(require_success(command, Completed{ExitStatus::exited(0), "ok", {}}).ok());
    const auto failed = require_success(command, Completed{ExitStatus::exited(1), {}, {}});
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().kind, ErrorKind::process);
}

TEST(RequireSuccess, PassesErrorsThrough) {
    const auto result =
        require_success(Command({"x"}), Error{ErrorKind::timeout, "'x' timed out", "slow", {}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::timeout);
}

TEST(SignalName, NamesCommonSignalsAndNumbersOthers) {
    EXPECT_EQ(signal_name(SIGINT), "SIGINT");
    EXPECT_EQ(signal_name(SIGHUP), "SIGHUP");
    EXPECT_EQ(signal_name(99), "signal 99");
}

TEST(DescribeDuration, UsesTheLargestReadableUnit) {
    EXPECT_EQ(describe_duration(250ms), "250 ms");
    EXPECT_EQ(describe_duration(5s), "5 s");
    EXPECT_EQ(describe_duration(1500ms), "1.5 s");
    EXPECT_EQ(describe_duration(2min), "2 min");
    EXPECT_EQ(describe_duration(90s), "90 s");
}

} // namespace
} // namespace jrun::sys
