// SPDX-License-Identifier: BSD-2-Clause
#include "vm/real_ports.hpp"

#include "sys/fd.hpp"
#include "sys/host_probe.hpp"
#include "util/strings.hpp"
#include "vm/ssh_access.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jrun::vm {

namespace {

using std::chrono::milliseconds;

constexpr milliseconds k_login_timeout{15000};

// Wait up to `limit` for `fd` to become ready for `events`.
bool wait_fd(int fd, short events, milliseconds limit) {
    pollfd entry{fd, events, 0};
    return ::poll(&entry, 1, static_cast<int>(limit.count())) == 1;
}

bool connect_with_limit(int fd, const std::string& host, std::uint16_t port, milliseconds limit) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
        return false;
    }
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
        return true;
    }
    if (errno != EINPROGRESS || !wait_fd(fd, POLLOUT, limit)) {
        return false;
    }
    int error = 0;
    socklen_t size = sizeof error;
    return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0;
}

// Return the owner column of `ss` output for `port`, or "".
std::string owner_from_ss(std::string_view table, std::uint16_t port) {
    const std::string needle = ":" + std::to_string(port) + " ";
    for (const auto& line : split(table, '\n')) {
        auto users = line.find("users:((\"");
        if (line.find(needle) == std::string::npos || users == std::string::npos) {
            continue;
        }
        auto rest = line.substr(users + 9);
        auto name_end = rest.find('"');
        auto pid_at = rest.find("pid=");
        std::string owner = rest.substr(0, name_end);
        if (pid_at != std::string::npos) {
            owner += " (pid " + rest.substr(pid_at + 4, rest.find(',', pid_at) - pid_at - 4) + ")";
        }
        return owner;
    }
    return {};
}

} // namespace

Result<std::vector<std::string>> vm_login_argv(const Settings& settings) {
    return ssh::ssh_argv(vm_ssh_config(settings), {{"-T"}, "true"});
}

RealSshProbe::RealSshProbe(sys::ProcessRunner& runner, std::vector<std::string> login_argv)
    : m_runner(runner),
      m_login_argv(std::move(login_argv)) {}

bool RealSshProbe::banner(const std::string& host, std::uint16_t port, milliseconds limit) {
    sys::Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid() || !connect_with_limit(fd.get(), host, port, limit)) {
        return false;
    }
    std::string received;
    std::array<char, 256> buffer{};
    while (received.size() < 4 && wait_fd(fd.get(), POLLIN, limit)) {
        const auto n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n <= 0) {
            return false;
        }
        received.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return starts_with(received, "SSH-");
}

bool RealSshProbe::login() {
    auto done = m_runner.run(sys::Command(m_login_argv).set_timeout(k_login_timeout));
    return done && done->success();
}

PortCheck real_port_check(sys::ProcessRunner& runner, std::string bind_address) {
    return [&runner, bind = std::move(bind_address)](model::Proto proto, std::uint16_t port) {
        const sys::RealHostProbe probe(bind);
        const auto status = probe.port_status(proto, port);
        if (status == config::PortStatus::free) {
            return std::string();
        }
        if (status == config::PortStatus::not_permitted) {
            return std::string("binding it is not permitted (a privileged port)");
        }
        auto table =
            runner.run(sys::Command({"ss", "-Hlnp", proto == model::Proto::tcp ? "-t" : "-u"}));
        auto owner = table && table->success() ? owner_from_ss(table->out, port) : "";
        return owner.empty() ? std::string("it is in use") : "it is in use by " + owner;
    };
}

Status kill_process(int pid, int signal_number) {
    if (::kill(pid, signal_number) == 0) {
        return {};
    }
    return Error{ErrorKind::process,
                 "cannot signal process " + std::to_string(pid),
                 std::strerror(errno),
                 {}};
}

} // namespace jrun::vm
