// SPDX-License-Identifier: BSD-2-Clause
#include "support/support.hpp"
#include "sys/host_probe.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace jrun::sys {

namespace {

// A socket bound to an ephemeral port on 127.0.0.1, closed at destruction.
class BoundSocket {
public:
    explicit BoundSocket(int type) {
        m_fd = ::socket(AF_INET, type, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
        auto* raw = reinterpret_cast<sockaddr*>(&address);
        socklen_t length = sizeof address;
        if (m_fd < 0 || ::bind(m_fd, raw, length) != 0 || ::getsockname(m_fd, raw, &length) != 0) {
            throw std::runtime_error("cannot bind a test socket");
        }
        if (type == SOCK_STREAM) {
            ::listen(m_fd, 1);
        }
        m_port = ntohs(address.sin_port);
    }
    ~BoundSocket() { ::close(m_fd); }
    BoundSocket(const BoundSocket&) = delete;
    BoundSocket& operator=(const BoundSocket&) = delete;
    [[nodiscard]] std::uint16_t port() const { return m_port; }

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
};

} // namespace

TEST(RealHostProbe, TellsDirectoriesFilesAndMissingPathsApart) {
    const test::TempDir dir;
    const auto file = dir.write("playbook.yml", "- hosts: all\n");
    const RealHostProbe probe;
    EXPECT_EQ(probe.path_kind(dir.path().string()), config::PathKind::directory);
    EXPECT_EQ(probe.path_kind(file.string()), config::PathKind::file);
    EXPECT_EQ(probe.path_kind((dir.path() / "nope").string()), config::PathKind::missing);
    EXPECT_EQ(probe.path_kind("/dev/null"), config::PathKind::other);
}

TEST(RealHostProbe, ReportsATcpPortWithAListenerAsInUse) {
    const RealHostProbe probe;
    std::uint16_t port = 0;
    {
        const BoundSocket listener(SOCK_STREAM);
        port = listener.port();
        EXPECT_EQ(probe.port_status(model::Proto::tcp, port), config::PortStatus::in_use);
    }
    EXPECT_EQ(probe.port_status(model::Proto::tcp, port), config::PortStatus::free);
}

TEST(RealHostProbe, ReportsABoundUdpPortAsInUse) {
    const RealHostProbe probe;
    const BoundSocket socket(SOCK_DGRAM);
    EXPECT_EQ(probe.port_status(model::Proto::udp, socket.port()), config::PortStatus::in_use);
}

} // namespace jrun::sys
