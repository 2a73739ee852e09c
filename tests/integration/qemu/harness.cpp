// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/harness.hpp"

#include "sys/fd.hpp"
#include "sys/unix_stream.hpp"
#include "util/strings.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace jrun::test {

namespace {

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
sockaddr* generic(sockaddr_in& address) {
    return reinterpret_cast<sockaddr*>(&address);
}

[[noreturn]] void skip(const std::string& reason) {
    std::cout << "SKIPPED: " << reason << std::endl;
    std::exit(77);
}

} // namespace

std::string find_on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    for (const auto& dir : split(path != nullptr ? path : "/usr/bin:/bin", ':')) {
        auto candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

std::string require_qemu() {
    if (const char* explicit_qemu = std::getenv("JRUN_TEST_QEMU"); explicit_qemu != nullptr) {
        return explicit_qemu;
    }
    return require_program("qemu-system-x86_64");
}

std::string require_program(const std::string& program) {
    auto found = find_on_path(program);
    if (found.empty()) {
        skip(program + " is not installed (not found on PATH)");
    }
    return found;
}

std::uint16_t free_tcp_port() {
    sys::Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
    auto address = loopback(0);
    socklen_t size = sizeof address;
    if (::bind(fd.get(), generic(address), sizeof address) != 0
        || ::getsockname(fd.get(), generic(address), &size) != 0) {
        return 0;
    }
    return ntohs(address.sin_port);
}

bool can_connect(std::uint16_t port) {
    sys::Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
    auto address = loopback(port);
    return ::connect(fd.get(), generic(address), sizeof address) == 0;
}

bool process_gone(int pid) {
    if (pid <= 0) {
        return false; // kill(0, ...) would address the whole process group
    }
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
        return true;
    }
    // A daemon's parent is init; where init does not reap (some containers) a zombie stays.
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close_paren = text.rfind(')');
    return close_paren != std::string::npos && close_paren + 2 < text.size()
           && text[close_paren + 2] == 'Z';
}

QemuProcess::QemuProcess(const std::vector<std::string>& argv,
                         const std::filesystem::path& qmp_socket) {
    auto child = m_runner.spawn(sys::Command(argv).set_stderr(sys::Output::capture()));
    if (!child) {
        m_error = child.error().what + ": " + child.error().why;
        return;
    }
    m_child = std::move(*child);
    const bool up = eventually(
        [&] {
            auto stream = sys::connect_unix(qmp_socket);
            if (stream) {
                m_stream = std::move(*stream);
            }
            auto exited = m_child->try_wait();
            return stream.ok() || (exited.ok() && exited->has_value());
        },
        std::chrono::seconds(20));
    if (!up || !m_stream) {
        m_error = "QEMU did not open its QMP socket";
        if (auto output = m_child->read_output(std::chrono::milliseconds(100)); output) {
            m_error += ": " + output->err;
        }
    }
}

DaemonGuard::~DaemonGuard() {
    if (const int daemon = pid(); daemon > 0 && !process_gone(daemon)) {
        ::kill(daemon, SIGKILL);
    }
}

int DaemonGuard::pid() {
    if (m_pid == 0) {
        std::ifstream in(m_pid_file);
        in >> m_pid;
    }
    return m_pid;
}

} // namespace jrun::test
