// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_clock.hpp"
#include "fakes/scripted_stream.hpp"
#include "qemu/qmp_commands.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::qemu {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* k_greeting =
    R"({"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": ""}, )"
    R"("capabilities": ["oob"]}})"
    "\r\n";

// A connected client whose next command gets id 2.
class QmpCommands : public ::testing::Test {
protected:
    test::FakeClock clock;
    test::ScriptedStream stream{clock};
    QmpClient qmp{stream, clock};

    void SetUp() override {
        stream.feed(k_greeting).after_writes(1).feed("{\"return\": {}, \"id\": 1}\r\n");
        ASSERT_TRUE(qmp.handshake().ok());
    }
    // Script `reply` (a JSON value) as the return of the next command (id 2).
    void reply_with(const json& value) {
        stream.after_writes(2).feed(json{{"return", value}, {"id", 2}}.dump() + "\r\n");
    }
    // Return the last command sent, parsed.
    json sent() const { return json::parse(stream.written_lines().back()); }
};

TEST_F(QmpCommands, QueryStatusReadsTheRunState) {
    reply_with({{"status", "running"}, {"singlestep", false}, {"running", true}});
    auto status = query_status(qmp);
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->status, "running");
    EXPECT_TRUE(status->running);
    EXPECT_EQ(sent()["execute"], "query-status");
}

TEST_F(QmpCommands, QueryStatusRejectsAReplyWithoutTheFields) {
    reply_with(json::object());
    EXPECT_EQ(query_status(qmp).error().kind, ErrorKind::protocol);
}

TEST_F(QmpCommands, SystemPowerdownSendsTheCommand) {
    reply_with(json::object());
    ASSERT_TRUE(system_powerdown(qmp).ok());
    EXPECT_EQ(sent()["execute"], "system_powerdown");
}

TEST_F(QmpCommands, QuitCountsEndOfFileBeforeTheReplyAsDone) {
    stream.after_writes(2).feed("{\"event\": \"SHUTDOWN\"}\r\n").eof();
    EXPECT_TRUE(quit(qmp).ok());
    EXPECT_TRUE(qmp.closed());
}

TEST_F(QmpCommands, QuitTimeoutIsAnError) {
    EXPECT_EQ(quit(qmp).error().kind, ErrorKind::timeout);
}

TEST_F(QmpCommands, HostfwdAddSendsTheHmpCommandAndAcceptsEmptyOutput) {
    reply_with("");
    ASSERT_TRUE(hostfwd_add(qmp, "net0", "127.0.0.1", {model::Proto::tcp, 8080, 80}).ok());
    EXPECT_EQ(sent()["execute"], "human-monitor-command");
    EXPECT_EQ(sent()["arguments"]["command-line"], "hostfwd_add net0 tcp:127.0.0.1:8080-:80");
}

TEST_F(QmpCommands, HostfwdAddTurnsQemusTextIntoAnError) {
    // QEMU answers a busy port with text and a successful QMP return.
    reply_with("Could not set up host forwarding rule 'tcp:127.0.0.1:8080-:80'\r\n");
    auto st = hostfwd_add(qmp, "net0", "127.0.0.1", {model::Proto::tcp, 8080, 80});
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::remote);
    EXPECT_EQ(st.error().what, "cannot forward host port tcp:127.0.0.1:8080-:80");
    EXPECT_EQ(st.error().why, "Could not set up host forwarding rule 'tcp:127.0.0.1:8080-:80'");
}

TEST_F(QmpCommands, HostfwdAddRefusesValuesThatWouldInjectHmpText) {
    auto st = hostfwd_add(qmp, "net0", "127.0.0.1 ; quit", {model::Proto::udp, 53, 53});
    EXPECT_EQ(st.error().kind, ErrorKind::config);
    st = hostfwd_add(qmp, "net0 x", "127.0.0.1", {model::Proto::udp, 53, 53});
    EXPECT_EQ(st.error().kind, ErrorKind::config);
    EXPECT_EQ(stream.written_lines().size(), 1U) << "nothing but the handshake was sent";
}

TEST_F(QmpCommands, HostfwdRemoveReportsWhetherTheRuleExisted) {
    reply_with("host forwarding rule for udp:127.0.0.1:5353 removed\r\n");
    auto removed = hostfwd_remove(qmp, "net0", "127.0.0.1", {model::Proto::udp, 5353, 53});
    ASSERT_TRUE(removed.ok());
    EXPECT_TRUE(*removed);
    EXPECT_EQ(sent()["arguments"]["command-line"], "hostfwd_remove net0 udp:127.0.0.1:5353");
}

TEST_F(QmpCommands, HostfwdRemoveOfAMissingRuleIsNotAnError) {
    reply_with("host forwarding rule for tcp:127.0.0.1:8080 not found\r\n");
    auto removed = hostfwd_remove(qmp, "net0", "127.0.0.1", {model::Proto::tcp, 8080, 80});
    ASSERT_TRUE(removed.ok());
    EXPECT_FALSE(*removed);
}

TEST_F(QmpCommands, HostfwdRemoveFailsOnOtherText) {
    reply_with("unrecognized netdev id 'net1'\r\n");
    auto removed = hostfwd_remove(qmp, "net1", "127.0.0.1", {model::Proto::tcp, 8080, 80});
    ASSERT_FALSE(removed.ok());
    EXPECT_EQ(removed.error().why, "unrecognized netdev id 'net1'");
}

TEST_F(QmpCommands, HumanMonitorCommandNeedsATextReply) {
    reply_with(json::object());
    EXPECT_EQ(human_monitor_command(qmp, "info usernet").error().kind, ErrorKind::protocol);
}

TEST_F(QmpCommands, Hotplug9pSendsDeviceAddWithTheBus) {
    reply_with(json::object());
    ASSERT_TRUE(hotplug_9p(qmp, {"p9a", "fs_jrun_1", "jrun_1", "rp1"}).ok());
    EXPECT_EQ(sent()["execute"], "device_add");
    EXPECT_EQ(sent()["arguments"],
              json::parse(R"({"driver": "virtio-9p-pci", "id": "p9a", "fsdev": "fs_jrun_1",
                              "mount_tag": "jrun_1", "bus": "rp1"})"));
}

TEST_F(QmpCommands, Hotplug9pValidatesIds) {
    auto st = hotplug_9p(qmp, {"p9a", "fs,x", "jrun_1", ""});
    ASSERT_FALSE(st.ok());
    EXPECT_THAT(st.error().what, HasSubstr("fsdev id"));
}

TEST_F(QmpCommands, DeviceDelSendsTheId) {
    reply_with(json::object());
    ASSERT_TRUE(device_del(qmp, "p9a").ok());
    EXPECT_EQ(sent()["arguments"]["id"], "p9a");
}

} // namespace
} // namespace jrun::qemu
