// SPDX-License-Identifier: BSD-2-Clause
#include "loopback.hpp"

#include "support/support.hpp"
#include "sys/clock.hpp"
#include "sys/fd.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

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

sockaddr* generic(sockaddr_in& address) {
    return reinterpret_cast<sockaddr*>(
        &address); // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

std::string current_user() {
    const passwd* entry = ::getpwuid(::getuid());
    return entry != nullptr ? entry->pw_name : "root";
}

std::string
sshd_config(const std::filesystem::path& dir, std::uint16_t port, const std::string& set_env) {
    return "ListenAddress 127.0.0.1\nPort " + std::to_string(port) + "\nHostKey "
           + (dir / "host_key").string() + "\nPidFile " + (dir / "sshd.pid").string()
           + "\nAuthorizedKeysFile " + (dir / "authorized_keys").string()
           + "\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
             "PermitRootLogin prohibit-password\nUsePAM no\n"
           + set_env + "\n";
}

} // namespace

void skip_test(const std::string& reason) {
    std::cout << "SKIPPED: " << reason << std::endl;
    std::exit(77);
}

std::string require_program(const std::string& program) {
    if (program.find('/') != std::string::npos) {
        if (::access(program.c_str(), X_OK) != 0) {
            skip_test(program + " is not installed");
        }
        return program;
    }
    const char* path = std::getenv("PATH");
    for (const auto& dir : split(path != nullptr ? path : "/usr/bin:/bin", ':')) {
        const std::string candidate = dir + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    skip_test(program + " is not installed (not found on PATH)");
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

bool poll_until(const std::function<bool()>& done, int attempts) {
    sys::RealClock clock;
    for (int i = 0; i < attempts; ++i) {
        if (done()) {
            return true;
        }
        clock.sleep(std::chrono::milliseconds(20));
    }
    return done();
}

ServerProcess::ServerProcess(sys::Command command, std::uint16_t port)
    : m_port(port) {
    auto child = m_runner.spawn(command);
    if (!child) {
        ADD_FAILURE() << child.error().what << ": " << child.error().why;
        return;
    }
    m_child = std::move(*child);
    m_ready = poll_until(
                  [&] {
                      auto exited = m_child->try_wait();
                      return !exited || exited->has_value() || can_connect(m_port);
                  },
                  500)
              && can_connect(m_port);
}

void ServerProcess::stop() {
    m_child.reset();
}

LoopbackSshd::LoopbackSshd(const std::filesystem::path& dir, const std::string& set_env)
    : m_dir(dir),
      m_user(current_user()) {
    const std::string sshd = require_program("/usr/sbin/sshd");
    if (!std::filesystem::is_directory("/run/sshd")) {
        skip_test("/run/sshd is missing (sshd's privilege separation directory)");
    }
    const std::string keygen = require_program("ssh-keygen");
    for (const char* key : {"host_key", "user_key"}) {
        run_ok({keygen, "-q", "-t", "ed25519", "-N", "", "-f", (dir / key).string()});
    }
    std::filesystem::copy_file(dir / "user_key.pub", dir / "authorized_keys");
    const std::uint16_t port = free_tcp_port();
    const std::string host_key = read_file(dir / "host_key.pub");
    std::ofstream(dir / "known_hosts")
        << "[127.0.0.1]:" << port << " " << host_key.substr(0, host_key.rfind(' ')) << "\n";
    std::ofstream(dir / "sshd_config") << sshd_config(dir, port, set_env);
    sys::Command command(
        {sshd, "-D", "-f", (dir / "sshd_config").string(), "-E", (dir / "sshd.log").string()});
    m_server = std::make_unique<ServerProcess>(std::move(command), port);
    if (!m_server->ready()) {
        ADD_FAILURE() << "sshd did not start: " << read_file(dir / "sshd.log");
    }
}

std::string run_ok(const std::vector<std::string>& argv,
                   const std::vector<std::pair<std::string, std::string>>& env) {
    sys::Command command(argv);
    for (const auto& [name, value] : env) {
        command.set_env(name, value);
    }
    sys::RealProcessRunner runner;
    auto done = runner.run(command);
    if (!done || !done->success()) {
        ADD_FAILURE() << command.display()
                      << " failed: " << (done ? done->err + done->out : done.error().why);
        return {};
    }
    return done->out;
}

} // namespace jrun::test
