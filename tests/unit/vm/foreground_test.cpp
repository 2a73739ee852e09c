// SPDX-License-Identifier: BSD-2-Clause
// The foreground VM (tty/graphic mode): QEMU runs on the calling thread while a worker waits
// for readiness, prepares the guest and hands the state back before QEMU exits. The fake
// "QEMU" is a FakeProcessRunner rule that blocks until the test releases it.
#include "fakes/fake_signals.hpp"
#include "vm/foreground.hpp"
#include "vm_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <future>
#include <mutex>
#include <thread>

namespace jrun::vm {
namespace {

using test_support::FakeVm;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

qemu::LaunchSpec tty_spec() {
    qemu::LaunchSpec spec;
    spec.binary = "qemu-system-x86_64";
    spec.firmware.code = "/fw/bios.bin";
    spec.disk = "/h/disks/vm.qcow2";
    spec.mode = qemu::Mode::tty;
    spec.qmp_socket = "/h/qmp.sock";
    spec.pid_file = "/h/vm.pid";
    spec.console_log = "/h/logs/console.log";
    return spec;
}

bool is_qemu(const sys::Command& command) {
    return command.argv().front() == "qemu-system-x86_64";
}

// A QMP connection that answers `count` query-status commands with `running`.
void accept_status(FakeVm& vm, int count) {
    auto& stream = vm.accept_connection();
    for (int i = 0; i < count; ++i) {
        FakeVm::reply(stream, static_cast<std::size_t>(i + 2), FakeVm::running());
    }
}

// Events in the order they happened, from either thread.
class Events {
public:
    void add(std::string event) {
        const std::lock_guard lock(m_mutex);
        m_events.push_back(std::move(event));
    }
    [[nodiscard]] std::vector<std::string> list() {
        const std::lock_guard lock(m_mutex);
        return m_events;
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_events;
};

// Wait (real time, bounded by the test's own timeout) until `stop` reports an interrupt.
void wait_for_stop(const sys::Signals& stop) {
    while (!stop.interrupted()) {
        std::this_thread::sleep_for(1ms);
    }
}

class ForegroundVm : public ::testing::Test {
protected:
    FakeVm vm;
    Events events;
    std::promise<void> qemu_released;
    std::shared_future<void> qemu_exit = qemu_released.get_future().share();
    ForegroundWork work;

    void SetUp() override {
        vm.fs.add_file("/h/vm.pid", "4242\n");
        vm.fs.add_file("/h/logs/console.log", "the previous boot\n");
        // The fake QEMU runs until released, as a user at the console would keep it.
        vm.runner.on_match(is_qemu, [this](const sys::Command&) {
            qemu_exit.wait();
            events.add("qemu exited");
            return Result<sys::Completed>(test::exited(0));
        });
        work.finished = [this](const WorkerReport& report) {
            events.add(report.status.ok() ? "finished" : "finished: " + report.status.error().what);
        };
    }
    void release_qemu() { qemu_released.set_value(); }
    Result<ForegroundOutcome> run() {
        return run_in_foreground(vm.ports, tty_spec(), ReadinessOptions{}, work);
    }
};

TEST_F(ForegroundVm, QemuRunsUntilItExitsAfterTheWorkerPreparedTheGuestAndFinished) {
    accept_status(vm, 1);
    work.launching = [this] {
        events.add(vm.fs.exists("/h/logs/console.log") ? "old console log kept" : "launching");
    };
    work.prepare = [this](const ReadyVm& ready) {
        events.add("prepared pid " + std::to_string(ready.pid.value_or(0)));
        return Status{};
    };
    const auto finished = work.finished;
    work.finished = [this, finished](const WorkerReport& report) {
        finished(report);
        release_qemu(); // the user quits only after the worker is done
    };
    auto outcome = run();
    ASSERT_TRUE(outcome.ok()) << outcome.error().what;
    EXPECT_THAT(events.list(),
                ElementsAre("launching", "prepared pid 4242", "finished", "qemu exited"));
    EXPECT_TRUE(outcome->qemu.success());
    EXPECT_TRUE(outcome->worker.status.ok());
    EXPECT_TRUE(outcome->worker.answered);
    EXPECT_TRUE(outcome->worker.readiness.has_value());
    EXPECT_FALSE(outcome->worker.cut_short);
    const auto& qemu = vm.runner.commands_ran.front();
    EXPECT_TRUE(qemu.foreground());
    EXPECT_EQ(qemu.stdin_mode(), sys::Input::inherit);
}

TEST_F(ForegroundVm, QemuExitingEarlyStopsTheWorkerAndReportsItCutShort) {
    accept_status(vm, 1);
    std::promise<void> entered;
    work.prepare = [&entered](const ReadyVm& ready) {
        entered.set_value();
        wait_for_stop(ready.stop); // a long playbook, stopped once QEMU is gone
        return Status{Error{ErrorKind::interrupted, "cannot run the base setup", "stopped", {}}};
    };
    std::thread user([&] {
        entered.get_future().wait();
        release_qemu(); // Ctrl-A x while the guest is being prepared
    });
    auto outcome = run();
    user.join();
    ASSERT_TRUE(outcome.ok()) << outcome.error().what;
    EXPECT_THAT(events.list(), ElementsAre("qemu exited", "finished: cannot run the base setup"));
    EXPECT_TRUE(outcome->qemu.success());
    EXPECT_FALSE(outcome->worker.status.ok());
    EXPECT_TRUE(outcome->worker.cut_short);
    EXPECT_TRUE(outcome->worker.answered);
}

TEST_F(ForegroundVm, AWorkerFailureWhileQemuStillRunsIsNotCutShort) {
    accept_status(vm, 1);
    accept_status(vm, 1); // asked after the failure: QEMU still answers
    work.prepare = [](const ReadyVm&) {
        return Status{Error{ErrorKind::remote, "cannot prepare the VM for jails", "pkg", {}}};
    };
    const auto finished = work.finished;
    work.finished = [this, finished](const WorkerReport& report) {
        finished(report);
        release_qemu();
    };
    auto outcome = run();
    ASSERT_TRUE(outcome.ok()) << outcome.error().what;
    EXPECT_THAT(events.list(),
                ElementsAre("finished: cannot prepare the VM for jails", "qemu exited"));
    EXPECT_EQ(outcome->worker.status.error().kind, ErrorKind::remote);
    EXPECT_FALSE(outcome->worker.cut_short);
    ASSERT_EQ(vm.used.size(), 2U);
    EXPECT_THAT(vm.used.back()->written(), HasSubstr("query-status"));
}

TEST_F(ForegroundVm, AQemuThatFailsAtOnceEndsTheWorkerBeforeItAnswered) {
    vm.runner.on_match(is_qemu, [](const sys::Command&) {
        return Result<sys::Completed>(test::exited(1, "", "qemu: could not open disk image"));
    });
    bool prepared = false;
    work.prepare = [&prepared](const ReadyVm&) {
        prepared = true;
        return Status{};
    };
    auto outcome = run();
    ASSERT_TRUE(outcome.ok()) << outcome.error().what;
    EXPECT_EQ(outcome->qemu.code(), 1);
    EXPECT_FALSE(outcome->worker.answered);
    EXPECT_FALSE(outcome->worker.status.ok());
    EXPECT_FALSE(prepared);
    EXPECT_EQ(events.list().size(), 1U); // finished, once
}

TEST_F(ForegroundVm, AUserSignalStopsTheWorkerWhileQemuRuns) {
    test::FakeSignals signals;
    vm.ports.signals = &signals;
    accept_status(vm, 1);
    std::promise<void> entered;
    work.prepare = [&entered](const ReadyVm& ready) {
        entered.set_value();
        wait_for_stop(ready.stop);
        return Status{Error{ErrorKind::interrupted, "interrupted", "SIGTERM", {}}};
    };
    const auto finished = work.finished;
    work.finished = [this, finished](const WorkerReport& report) {
        finished(report);
        release_qemu();
    };
    std::thread user([&] {
        entered.get_future().wait();
        signals.raise(SIGTERM);
    });
    auto outcome = run();
    user.join();
    ASSERT_TRUE(outcome.ok()) << outcome.error().what;
    EXPECT_THAT(events.list(), ElementsAre("finished: interrupted", "qemu exited"));
    EXPECT_TRUE(outcome->worker.cut_short);
}

TEST_F(ForegroundVm, WorkerProgressGoesWhereTheCallerSays) {
    std::vector<std::string> logged;
    work.say = [&logged](std::string_view line) {
        logged.emplace_back(line);
    };
    // No QMP at all: the worker waits for the monitor until QEMU exits.
    work.launching = [this] {
        release_qemu();
    };
    vm.ports.say("before the launch");
    auto outcome = run();
    ASSERT_TRUE(outcome.ok()) << outcome.error().what;
    EXPECT_THAT(vm.said, ElementsAre("before the launch"));
    EXPECT_THAT(logged, ElementsAre("Waiting for the VM to accept SSH logins on 127.0.0.1:2222"));
    EXPECT_FALSE(outcome->worker.answered);
}

} // namespace
} // namespace jrun::vm
