// SPDX-License-Identifier: BSD-2-Clause
// `jrun start --mode tty|graphic` around the foreground QEMU: the worker's end saves the state
// and releases the lock while QEMU still runs; the summary after QEMU exits picks the exit code.
#include "cli/start_foreground.hpp"
#include "fakes/fake_clock.hpp"
#include "fakes/fake_signals.hpp"
#include "fakes/memory_file_system.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

namespace jrun::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ForegroundStartTest : public ::testing::Test {
protected:
    test::MemoryFileSystem fs;
    test::FakeClock clock;
    std::ostringstream out;
    std::ostringstream err;
    Context ctx{{}, {}, out, err, false};
    Settings settings;
    std::optional<LockedState> locked;

    void SetUp() override {
        settings.vm_host = "127.0.0.1";
        settings.ssh_port = 2222;
        settings.log_dir = "/h/logs";
        locked.emplace(LockedState{state::StateStore(fs, {"/h/state.json", "/h", {}, {}}), {}, {}});
        auto lock = locked->store.lock();
        ASSERT_TRUE(lock.ok()) << lock.error().what;
        locked->lock = std::move(*lock);
        locked->recorded.vm.ssh_port = 2222;
    }
    [[nodiscard]] bool lock_is_free() {
        auto lock = locked->store.lock();
        return lock.ok();
    }
};

TEST_F(ForegroundStartTest, TheWorkerEndSavesTheStateAndReleasesTheLock) {
    ForegroundStart start(ctx, settings, qemu::Mode::graphic, *locked);
    auto work = start.work(fs, clock, false);
    ASSERT_FALSE(lock_is_free()); // held while the worker runs
    vm::WorkerReport report;
    report.answered = true;
    work.finished(report);
    EXPECT_TRUE(lock_is_free());
    auto saved = fs.read_file("/h/state.json");
    ASSERT_TRUE(saved.ok()) << saved.error().what;
    EXPECT_THAT(*saved, HasSubstr("2222"));
    EXPECT_THAT(err.str(), HasSubstr("other jrun commands can use the VM"));
}

TEST_F(ForegroundStartTest, AQemuThatNeverAnsweredSavesNothingButStillUnlocks) {
    ForegroundStart start(ctx, settings, qemu::Mode::graphic, *locked);
    auto work = start.work(fs, clock, false);
    vm::WorkerReport report;
    report.status = Error{ErrorKind::interrupted, "QEMU exited", "", {}};
    report.cut_short = true;
    work.finished(report);
    EXPECT_TRUE(lock_is_free());
    EXPECT_FALSE(fs.exists("/h/state.json"));
    EXPECT_EQ(err.str(), ""); // cut short: the summary tells, not the worker
}

TEST_F(ForegroundStartTest, TtyModeKeepsTheWorkerOffTheTerminal) {
    ForegroundStart start(ctx, settings, qemu::Mode::tty, *locked);
    auto work = start.work(fs, clock, false);
    ASSERT_TRUE(work.say);
    work.say("Waiting for the VM");
    vm::WorkerReport report;
    report.answered = true;
    report.status = Error{ErrorKind::remote, "cannot prepare the VM for jails", "pkg", {}};
    work.finished(report);
    EXPECT_EQ(out.str(), "");
    EXPECT_EQ(err.str(), "");
}

TEST_F(ForegroundStartTest, QuittingBeforeTheGuestWasPreparedExitsZeroWithAHint) {
    ForegroundStart start(ctx, settings, qemu::Mode::tty, *locked);
    vm::ForegroundOutcome outcome;
    outcome.worker.answered = true;
    outcome.worker.readiness = vm::Readiness{};
    outcome.worker.status = Error{ErrorKind::interrupted, "stopped", "", {}};
    outcome.worker.cut_short = true;
    EXPECT_EQ(start.summarise(outcome, nullptr), 0);
    EXPECT_THAT(out.str(), HasSubstr("QEMU exited (exit code 0)"));
    EXPECT_THAT(out.str(), HasSubstr("/h/logs/start.log"));
    EXPECT_THAT(err.str(), HasSubstr("before the guest was prepared: run 'jrun start' again"));
}

TEST_F(ForegroundStartTest, AWorkerFailureWhileQemuRanIsTheExitCode) {
    ForegroundStart start(ctx, settings, qemu::Mode::tty, *locked);
    vm::ForegroundOutcome outcome;
    outcome.worker.status = Error{ErrorKind::remote, "cannot prepare the VM for jails", "x", {}};
    EXPECT_EQ(start.summarise(outcome, nullptr), exit_code_for(ErrorKind::remote));
    EXPECT_THAT(err.str(), HasSubstr("cannot prepare the VM for jails"));
    EXPECT_THAT(out.str(), Not(HasSubstr("The guest was prepared")));
}

TEST_F(ForegroundStartTest, AFailedQemuOrASignalIsNotSuccess) {
    ForegroundStart start(ctx, settings, qemu::Mode::graphic, *locked);
    vm::ForegroundOutcome failed;
    failed.qemu = sys::ExitStatus::exited(1);
    failed.worker.status = Error{ErrorKind::process, "QEMU exited", "", {}};
    failed.worker.cut_short = true;
    EXPECT_EQ(start.summarise(failed, nullptr), 1);
    EXPECT_THAT(err.str(), HasSubstr("QEMU failed"));
    test::FakeSignals signals;
    signals.raise(SIGTERM);
    EXPECT_EQ(start.summarise(vm::ForegroundOutcome{}, &signals), 130);
    EXPECT_THAT(err.str(), HasSubstr("SIGTERM"));
}

TEST_F(ForegroundStartTest, APreparedGuestExitsZero) {
    ForegroundStart start(ctx, settings, qemu::Mode::tty, *locked);
    vm::ForegroundOutcome outcome;
    outcome.worker.answered = true;
    outcome.worker.readiness = vm::Readiness{};
    EXPECT_EQ(start.summarise(outcome, nullptr), 0);
    EXPECT_THAT(out.str(), HasSubstr("The guest was prepared"));
    EXPECT_THAT(out.str(), HasSubstr("SSH ready after"));
}

} // namespace
} // namespace jrun::cli
