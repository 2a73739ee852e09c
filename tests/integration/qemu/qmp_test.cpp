// SPDX-License-Identifier: BSD-2-Clause
// QmpClient against a real qemu-system-x86_64 (-machine none: no firmware, no guest).

#include "qemu/harness.hpp"
#include "qemu/hostfwd.hpp"
#include "qemu/qmp_commands.hpp"
#include "support/support.hpp"
#include "sys/fd.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace jrun::qemu {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class RealQmp : public ::testing::Test {
protected:
    test::TempDir dir;
    std::filesystem::path socket = dir.path() / "qmp.sock";
    sys::RealClock clock;
    std::unique_ptr<test::QemuProcess> qemu;
    std::unique_ptr<QmpClient> qmp;

    static inline std::string binary;

    // Rationale: skip (exit 77) before any fixture exists, so that no temp dir is left.
    static void SetUpTestSuite() { binary = test::require_qemu(); }

    void SetUp() override {
        qemu = std::make_unique<test::QemuProcess>(
            std::vector<std::string>{binary,
                                     "-machine",
                                     "none",
                                     "-nodefaults",
                                     "-display",
                                     "none",
                                     "-qmp",
                                     "unix:" + socket.string() + ",server=on,wait=off",
                                     "-netdev",
                                     "user,id=net0,restrict=on"},
            socket);
        ASSERT_TRUE(qemu->started()) << qemu->start_error();
        qmp = std::make_unique<QmpClient>(qemu->stream(), clock);
        auto greeting = qmp->handshake();
        ASSERT_TRUE(greeting.ok()) << greeting.error().what << ": " << greeting.error().why;
        EXPECT_GE(greeting->major, 7) << "the tested behaviour is QEMU 7.2's";
    }
};

TEST_F(RealQmp, ReportsTheVmRunning) {
    auto status = query_status(*qmp);
    ASSERT_TRUE(status.ok()) << status.error().why;
    EXPECT_EQ(status->status, "running");
    EXPECT_TRUE(status->running);
}

TEST_F(RealQmp, ReportsAnUnknownCommandAsARemoteErrorWithItsClass) {
    auto reply = qmp->execute("no-such-command");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().kind, ErrorKind::remote);
    EXPECT_THAT(reply.error().why, HasSubstr("(CommandNotFound)"));
}

TEST_F(RealQmp, StopAndContEmitEvents) {
    ASSERT_TRUE(qmp->execute("stop").ok());
    ASSERT_TRUE(qmp->wait_for_event("STOP", 5s).ok());
    EXPECT_EQ(query_status(*qmp)->status, "paused");
    ASSERT_TRUE(qmp->execute("cont").ok());
    ASSERT_TRUE(qmp->wait_for_event("RESUME", 5s).ok());
}

TEST_F(RealQmp, HostfwdAddBindsARealPortAndRemoveReleasesIt) {
    const std::uint16_t port = test::free_tcp_port();
    ASSERT_NE(port, 0);
    ASSERT_FALSE(test::can_connect(port));
    const model::VmForward forward{model::Proto::tcp, port, 8080};

    auto added = hostfwd_add(*qmp, k_netdev_id, "127.0.0.1", forward);
    ASSERT_TRUE(added.ok()) << added.error().what << ": " << added.error().why;
    EXPECT_TRUE(test::can_connect(port)) << "QEMU listens on 127.0.0.1:" << port;

    auto removed = hostfwd_remove(*qmp, k_netdev_id, "127.0.0.1", forward);
    ASSERT_TRUE(removed.ok()) << removed.error().why;
    EXPECT_TRUE(*removed);
    EXPECT_FALSE(test::can_connect(port)) << "the port is released";

    auto again = hostfwd_remove(*qmp, k_netdev_id, "127.0.0.1", forward);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again) << "a second removal finds nothing";
}

TEST_F(RealQmp, HostfwdAddOfABusyPortReportsQemusMessage) {
    // Given a port this test holds.
    sys::Fd holder(::socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    ASSERT_EQ(::bind(holder.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(holder.get(), 1), 0);
    ASSERT_EQ(::getsockname(holder.get(), reinterpret_cast<sockaddr*>(&address), &size), 0);
    // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
    const model::VmForward forward{model::Proto::tcp, ntohs(address.sin_port), 80};

    auto added = hostfwd_add(*qmp, k_netdev_id, "127.0.0.1", forward);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().kind, ErrorKind::remote);
    EXPECT_THAT(added.error().why, HasSubstr("Could not set up host forwarding rule"));
}

TEST_F(RealQmp, HostfwdAddOnAMissingNetdevFails) {
    auto added = hostfwd_add(*qmp, "net9", "127.0.0.1", {model::Proto::udp, 5353, 53});
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().why, "unrecognized netdev id 'net9'");
}

// Under -machine none there is no guest to act on the power button: QEMU emits POWERDOWN and
// keeps running, so the stop path's ACPI step cannot be exercised here (the `vm` tier does it
// with a real guest); quit is what ends this QEMU.
TEST_F(RealQmp, PowerdownWithoutAGuestOnlyEmitsTheEvent) {
    ASSERT_TRUE(system_powerdown(*qmp).ok());
    ASSERT_TRUE(qmp->wait_for_event("POWERDOWN", 5s).ok());
    EXPECT_TRUE(query_status(*qmp)->running);
}

TEST_F(RealQmp, QuitEndsTheProcessAfterShutdownEvent) {
    ASSERT_TRUE(quit(*qmp).ok());
    auto shutdown = qmp->wait_for_event("SHUTDOWN", 5s);
    ASSERT_TRUE(shutdown.ok()) << shutdown.error().why;
    EXPECT_EQ(shutdown->data["reason"], "host-qmp-quit");
    auto status = qemu->child().wait();
    ASSERT_TRUE(status.ok()) << status.error().why;
    EXPECT_TRUE(status->success()) << status->status.describe();
    EXPECT_FALSE(qmp->execute("query-status").ok());
    EXPECT_TRUE(qmp->closed());
}

} // namespace
} // namespace jrun::qemu
