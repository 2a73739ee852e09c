// SPDX-License-Identifier: BSD-2-Clause
#include "vm/lifecycle.hpp"
#include "vm/liveness.hpp"
#include "vm/qmp_vm_wiring.hpp"
#include "vm/readiness.hpp"
#include "vm_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

namespace jrun::vm {
namespace {

using test_support::FakeVm;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

VmPaths test_paths() {
    VmPaths paths;
    paths.qmp_socket = "/h/qmp.sock";
    paths.pid_file = "/h/vm.pid";
    paths.console_log = "/h/logs/console.log";
    return paths;
}

// A QMP connection that answers `count` query-status commands (ids 2, 3, ...) with `running`.
test::ScriptedStream& answering_status(FakeVm& vm, int count) {
    auto& stream = vm.accept_connection();
    for (int i = 0; i < count; ++i) {
        FakeVm::reply(stream, static_cast<std::size_t>(i + 2), FakeVm::running());
    }
    return stream;
}

TEST(VmLiveness, NobodyOnTheSocketMeansStoppedAndCleansStaleFiles) {
    FakeVm vm;
    vm.fs.add_file("/h/vm.pid", "4242\n");
    vm.fs.add_file("/h/qmp.sock", "");
    auto live = probe_vm(vm.ports, test_paths());
    ASSERT_TRUE(live.ok()) << live.error().why;
    EXPECT_FALSE(live->running);
    EXPECT_FALSE(vm.fs.exists("/h/vm.pid"));
    EXPECT_FALSE(vm.fs.exists("/h/qmp.sock"));
}

TEST(VmLiveness, QemuAnsweringQueryStatusIsRunningWithItsPid) {
    FakeVm vm;
    vm.fs.add_file("/h/vm.pid", "4242\n");
    answering_status(vm, 1);
    auto live = probe_vm(vm.ports, test_paths());
    ASSERT_TRUE(live.ok()) << live.error().why;
    EXPECT_TRUE(live->running);
    EXPECT_EQ(live->status, "running");
    EXPECT_EQ(live->pid, 4242);
    EXPECT_THAT(vm.used.front()->written(), HasSubstr("query-status"));
}

// Take the fake's next scripted QMP connection, shake hands, and wait until the VM is ready.
Result<Readiness> wait_on_next_connection(FakeVm& vm, const ReadinessOptions& options) {
    auto stream = vm.ports.connect_qmp("/h/qmp.sock");
    qemu::QmpClient client(**stream, vm.clock);
    EXPECT_TRUE(client.handshake().ok());
    return wait_until_ready(vm.ports, client, options);
}

class VmReadinessWait : public ::testing::Test {
protected:
    FakeVm vm;
    ReadinessOptions options;
    void SetUp() override {
        options.console_log = "/h/logs/console.log";
        options.console_silence_limit = 30s;
        options.ready_limit = 120s;
    }
    Result<Readiness> wait(int status_answers) {
        answering_status(vm, status_answers);
        return wait_on_next_connection(vm, options);
    }
};

TEST_F(VmReadinessWait, ProbesTheBannerThenLogsInWithBackOff) {
    vm.fs.add_file("/h/logs/console.log", "SeaBIOS\n");
    vm.ssh.banners = {false, false, false, true};
    vm.ssh.logins = {false, false, true};
    auto ready = wait(50);
    ASSERT_TRUE(ready.ok()) << ready.error().what << ": " << ready.error().why;
    EXPECT_EQ(ready->banner_probes, 4);
    EXPECT_EQ(ready->login_probes, 3);
    EXPECT_EQ(vm.ssh.banner_calls, 4); // no banner probe once sshd answered
    // Banner every 200 ms (3 misses), then login back-off 100 + 200 ms: ready 900 ms in.
    EXPECT_EQ(ready->ready, 900ms);
    EXPECT_EQ(ready->first_banner, 600ms);
}

TEST_F(VmReadinessWait, ASlowMonitorIsNotTakenForAnExit) {
    vm.fs.add_file("/h/logs/console.log", "booting\n");
    vm.ssh.banners = {false, false, true};
    auto& stream = vm.accept_connection();
    FakeVm::reply(stream, 2, FakeVm::running());
    // query-status 3 and 4 time out (a starved main loop); 5 and later are answered.
    for (std::size_t id = 5; id < 12; ++id) {
        FakeVm::reply(stream, id, FakeVm::running());
    }
    auto ready = wait_on_next_connection(vm, options);
    ASSERT_TRUE(ready.ok()) << ready.error().what << ": " << ready.error().why;
}

TEST_F(VmReadinessWait, AMonitorThatStopsAnsweringEndsTheWait) {
    vm.fs.add_file("/h/logs/console.log", "booting\n");
    vm.ssh.banners = {false};
    auto& stream = vm.accept_connection();
    FakeVm::reply(stream, 2, FakeVm::running());
    auto ready = wait_on_next_connection(vm, options);
    ASSERT_FALSE(ready.ok());
    EXPECT_EQ(ready.error().kind, ErrorKind::process);
    EXPECT_THAT(ready.error().why, HasSubstr("stopped answering"));
}

// A guest on the fake clock: sshd greets from `sshd_from` after launch, logins succeed from
// `logins_from` (cloud-init may install the key later), and each login costs `login_cost`.
struct TimedGuest {
    std::chrono::milliseconds sshd_from;
    std::chrono::milliseconds logins_from;
    std::chrono::milliseconds login_cost{0};
};

Readiness wait_for(const TimedGuest& guest) {
    FakeVm vm;
    vm.fs.add_file("/h/logs/console.log", "booting\n");
    const auto start = vm.clock.now();
    vm.ssh.banner_rule = [&] {
        return vm.clock.now() - start >= guest.sshd_from;
    };
    vm.ssh.login_rule = [&] {
        const bool accepted = vm.clock.now() - start >= guest.logins_from;
        vm.clock.advance(guest.login_cost);
        return accepted;
    };
    // One query-status per probe, a probe at least every 100 ms.
    answering_status(vm, static_cast<int>((guest.logins_from + guest.login_cost) / 100ms) + 20);
    ReadinessOptions options;
    options.console_log = "/h/logs/console.log";
    auto ready = wait_on_next_connection(vm, options);
    EXPECT_TRUE(ready.ok());
    return ready.ok() ? *ready : Readiness{};
}

// SPEC §7: readiness is noticed within a second of sshd accepting logins, whenever that
// happens (no coarse polling), here for sshd starting at any moment of the first 20 s.
TEST(VmReadinessLag, NoticesLoginsWithinASecondOfSshdAccepting) {
    for (auto at = 0ms; at <= 20s; at += 211ms) {
        const auto ready = wait_for({at, at});
        EXPECT_GE(ready.ready, at);
        EXPECT_LE(ready.ready - at, 1s) << "sshd accepting from " << at.count() << " ms";
        EXPECT_EQ(ready.login_probes, 1) << "keys in place when sshd starts: one login";
    }
}

TEST(VmReadinessLag, NoticesAKeyInstalledAfterSshdStartedWithinASecond) {
    for (auto late = 0ms; late <= 20s; late += 293ms) {
        const auto ready = wait_for({5s, 5s + late});
        EXPECT_LE(ready.ready - (5s + late), 1s) << "logins from " << (5s + late).count() << " ms";
    }
}

TEST(VmReadinessLag, ASlowLoginAddsOnlyItsOwnCost) {
    // Under TCG one login costs seconds: the only lag beyond the probe interval is that login.
    for (std::chrono::milliseconds at = 30s; at <= 32s; at += 101ms) {
        const auto ready = wait_for({at, at, 2500ms});
        EXPECT_LE(ready.ready - at, 1s + 2500ms) << "sshd accepting from " << at.count() << " ms";
        EXPECT_EQ(ready.login_probes, 1);
    }
}

TEST_F(VmReadinessWait, ASilentConsoleFailsWithTheTcgHint) {
    vm.fs.add_file("/h/logs/console.log", "");
    vm.ssh.banners = {false};
    auto ready = wait(1000);
    ASSERT_FALSE(ready.ok());
    EXPECT_EQ(ready.error().kind, ErrorKind::timeout);
    EXPECT_THAT(ready.error().hint, HasSubstr("JRUN_QEMU_ACCEL=tcg"));
    EXPECT_EQ(vm.ssh.login_calls, 0);
}

TEST_F(VmReadinessWait, QemuExitingEndsTheWaitWithTheConsoleTail) {
    vm.fs.add_file("/h/logs/console.log", "line1\nKernel panic - not syncing\n");
    vm.ssh.banners = {false};
    auto& stream = vm.accept_connection();
    FakeVm::reply(stream, 2, FakeVm::running());
    stream.after_writes(3).eof();
    auto ready = wait_on_next_connection(vm, options);
    ASSERT_FALSE(ready.ok());
    EXPECT_EQ(ready.error().kind, ErrorKind::process);
    EXPECT_THAT(ready.error().why, HasSubstr("Kernel panic"));
}

TEST(VmStop, PowerButtonThenWaitsForQemuToGo) {
    FakeVm vm;
    vm.fs.add_file("/h/vm.pid", "4242\n");
    answering_status(vm, 1); // probe_vm
    auto& stop = vm.accept_connection();
    FakeVm::reply(stop, 2, nlohmann::json::object());
    stop.feed(R"({"event": "SHUTDOWN", "data": {"guest": true}, "timestamp": )"
              R"({"seconds": 1, "microseconds": 0}})"
              "\r\n")
        .eof();
    auto outcome = stop_vm(vm.ports, test_paths(), {});
    ASSERT_TRUE(outcome.ok()) << outcome.error().why;
    EXPECT_EQ(*outcome, StopOutcome::powered_off);
    EXPECT_THAT(stop.written(), HasSubstr("system_powerdown"));
    EXPECT_THAT(stop.written(), ::testing::Not(HasSubstr("\"quit\"")));
    EXPECT_TRUE(vm.kills.empty());
    EXPECT_FALSE(vm.fs.exists("/h/vm.pid"));
}

TEST(VmStop, AGuestIgnoringThePowerButtonIsQuit) {
    FakeVm vm;
    vm.fs.add_file("/h/vm.pid", "4242\n");
    answering_status(vm, 1);
    auto& stop = vm.accept_connection();
    FakeVm::reply(stop, 2, nlohmann::json::object());
    stop.after_writes(3).eof(); // `quit`: QEMU closes the connection
    StopOptions options;
    options.powerdown_limit = 5s;
    auto outcome = stop_vm(vm.ports, test_paths(), options);
    ASSERT_TRUE(outcome.ok()) << outcome.error().why;
    EXPECT_EQ(*outcome, StopOutcome::quit);
    EXPECT_THAT(stop.written(), HasSubstr("\"quit\""));
    EXPECT_TRUE(vm.kills.empty());
}

TEST(VmStop, AQemuThatStaysIsKilledByItsPid) {
    FakeVm vm;
    vm.fs.add_file("/h/vm.pid", "4242\n");
    answering_status(vm, 1);
    auto& stop = vm.accept_connection();
    FakeVm::reply(stop, 2, nlohmann::json::object());
    stop.after_writes(3).eof();
    vm.pid_alive = true; // the monitor is closed, but the process stays
    StopOptions options;
    options.powerdown_limit = 1s;
    options.quit_limit = 1s;
    auto outcome = stop_vm(vm.ports, test_paths(), options);
    ASSERT_TRUE(outcome.ok()) << outcome.error().why;
    EXPECT_EQ(*outcome, StopOutcome::killed);
    ASSERT_EQ(vm.kills.size(), 1U);
    EXPECT_EQ(vm.kills.front(), std::make_pair(4242, SIGKILL));
}

TEST(VmStop, WaitsForTheProcessAfterTheMonitorCloses) {
    FakeVm vm;
    vm.fs.add_file("/h/vm.pid", "4242\n");
    answering_status(vm, 1);
    auto& stop = vm.accept_connection();
    FakeVm::reply(stop, 2, nlohmann::json::object());
    stop.feed(R"({"event": "SHUTDOWN", "data": {}, "timestamp": {"seconds": 1, "microseconds": 0}})"
              "\r\n")
        .eof();
    vm.pid_alive = true;
    StopOptions options;
    options.quit_limit = 2s;
    auto outcome = stop_vm(vm.ports, test_paths(), options);
    ASSERT_TRUE(outcome.ok()) << outcome.error().why;
    EXPECT_EQ(*outcome, StopOutcome::killed); // it never went: escalated, not reported stopped
}

TEST(VmStop, AStoppedVmIsNotRunning) {
    FakeVm vm;
    auto outcome = stop_vm(vm.ports, test_paths(), {});
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(*outcome, StopOutcome::not_running);
}

TEST(QmpVmWiring, AddsAndRemovesForwardsLive) {
    FakeVm vm;
    auto& add = vm.accept_connection();
    FakeVm::reply(add, 2, "");
    auto& remove = vm.accept_connection();
    FakeVm::reply(remove, 2, "host forwarding rule for tcp:127.0.0.1:8080 removed\r\n");
    QmpVmWiring wiring(vm.ports.connect_qmp, vm.clock, "/h/qmp.sock", "127.0.0.1");
    ASSERT_TRUE(wiring.add_forward({model::Proto::tcp, 8080, 80}).ok());
    ASSERT_TRUE(wiring.remove_forward({model::Proto::tcp, 8080, 80}).ok());
    EXPECT_THAT(add.written(), HasSubstr("hostfwd_add net0 tcp:127.0.0.1:8080-:80"));
    EXPECT_THAT(remove.written(), HasSubstr("hostfwd_remove net0 tcp:127.0.0.1:8080"));
}

TEST(QmpVmWiring, ANewShareIsRefusedWithTheRestartHint) {
    FakeVm vm;
    FakeVm::reply(vm.accept_connection(), 2, "  dev: virtio-9p-pci\n    mount_tag = \"other\"\n");
    QmpVmWiring wiring(vm.ports.connect_qmp, vm.clock, "/h/qmp.sock", "127.0.0.1");
    auto status = wiring.add_share({"/data", "jrun_abc"});
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, ErrorKind::config);
    EXPECT_THAT(status.error().hint, HasSubstr("jrun stop"));
}

TEST(QmpVmWiring, AShareQemuHasAlreadyIsAccepted) {
    FakeVm vm;
    FakeVm::reply(vm.accept_connection(), 2, "    mount_tag = \"jrun_abc\"\n");
    QmpVmWiring wiring(vm.ports.connect_qmp, vm.clock, "/h/qmp.sock", "127.0.0.1");
    EXPECT_TRUE(wiring.add_share({"/data", "jrun_abc"}).ok());
}

TEST(QmpVmWiring, ANewShareRunsTheRestartHookWhenGiven) {
    FakeVm vm;
    FakeVm::reply(vm.accept_connection(), 2, "");
    std::vector<std::string> restarted;
    QmpVmWiring wiring(vm.ports.connect_qmp,
                       vm.clock,
                       "/h/qmp.sock",
                       "127.0.0.1",
                       [&](const model::VmShare& share) {
                           restarted.push_back(share.host);
                           return Status{};
                       });
    ASSERT_TRUE(wiring.add_share({"/data", "jrun_abc"}).ok());
    EXPECT_EQ(restarted, std::vector<std::string>{"/data"});
}

} // namespace
} // namespace jrun::vm
