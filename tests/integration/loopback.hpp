// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Helpers for the ansible and hub integration tests: skipping, loopback ports, and servers
// (sshd, a static HTTP server) started as children of the test and killed at destruction, so
// that a failing test never leaves one behind.

#include "sys/process_runner.hpp"
#include "sys/real_process_runner.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace jrun::test {

// Print the reason and exit 77 (CTest: skipped).
[[noreturn]] void skip_test(const std::string& reason);

// Return `program` when it is an executable path, else its path on PATH, else skip the test.
std::string require_program(const std::string& program);

// Return a TCP port on 127.0.0.1 that was free a moment ago.
std::uint16_t free_tcp_port();

// Return true when a TCP connect() to 127.0.0.1:`port` succeeds.
bool can_connect(std::uint16_t port);

// Return true once `done()` is true, trying at most `attempts` times 20 ms apart.
bool poll_until(const std::function<bool()>& done, int attempts);

// A server process owned by the test: started with `argv`, ready when 127.0.0.1:`port` accepts
// connections, killed (process group) at destruction.
class ServerProcess {
public:
    ServerProcess(sys::Command command, std::uint16_t port);
    [[nodiscard]] bool ready() const { return m_ready; }
    [[nodiscard]] std::uint16_t port() const { return m_port; }
    // Kill the server now (destruction does it otherwise).
    void stop();

private:
    sys::RealProcessRunner m_runner;
    std::unique_ptr<sys::Child> m_child;
    std::uint16_t m_port;
    bool m_ready = false;
};

// sshd on 127.0.0.1 with throw-away host and user keys in `dir`, accepting the current user;
// `set_env` (an sshd_config `SetEnv ...` line, may be empty) shapes the sessions' environment.
// Skips the test when sshd or /run/sshd is missing.
class LoopbackSshd {
public:
    LoopbackSshd(const std::filesystem::path& dir, const std::string& set_env);

    [[nodiscard]] std::uint16_t port() const { return m_server->port(); }
    [[nodiscard]] const std::string& user() const { return m_user; }
    [[nodiscard]] std::string identity() const { return (m_dir / "user_key").string(); }
    [[nodiscard]] std::string known_hosts() const { return (m_dir / "known_hosts").string(); }

private:
    std::filesystem::path m_dir;
    std::string m_user;
    std::unique_ptr<ServerProcess> m_server;
};

// Run `argv` with `env` set; fail the current test when it does not succeed. Return stdout.
std::string run_ok(const std::vector<std::string>& argv,
                   const std::vector<std::pair<std::string, std::string>>& env = {});

} // namespace jrun::test
