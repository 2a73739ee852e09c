// SPDX-License-Identifier: BSD-2-Clause
#include "sys/host_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace jrun::sys {

RealHostProbe::RealHostProbe(std::string bind_address)
    : m_bind_address(std::move(bind_address)) {}

config::PathKind RealHostProbe::path_kind(const std::string& path) const {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return config::PathKind::missing;
    }
    if (S_ISDIR(info.st_mode)) {
        return config::PathKind::directory;
    }
    return S_ISREG(info.st_mode) ? config::PathKind::file : config::PathKind::other;
}

config::PortStatus RealHostProbe::port_status(model::Proto proto, std::uint16_t port) const {
    const int type = proto == model::Proto::tcp ? SOCK_STREAM : SOCK_DGRAM;
    const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return config::PortStatus::free; // cannot tell; QEMU will report it
    }
    // Rationale: QEMU's user-mode networking sets SO_REUSEADDR on its TCP listeners, so a port
    // held only by TIME_WAIT connections is usable and must not count as busy. For UDP the
    // option would let us share a port with any socket that also set it, so it stays off.
    if (proto == model::Proto::tcp) {
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::inet_pton(AF_INET, m_bind_address.c_str(), &address.sin_addr) != 1) {
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    const int error = errno;
    ::close(fd);
    if (rc == 0) {
        return config::PortStatus::free;
    }
    return error == EACCES || error == EPERM ? config::PortStatus::not_permitted
                                             : config::PortStatus::in_use;
}

} // namespace jrun::sys
