// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A throw-away OpenSSH server on 127.0.0.1 for tests (tests/support/sshd-fixture.sh), running
// as the current user with its own host key and a client key that it authorizes.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace jrun::test {

// Exit the test program with 77 (skipped, reason printed) when /usr/sbin/sshd, ssh or
// ssh-keygen is missing. Call it from SetUpTestSuite, before any fixture exists.
void require_sshd();

// Starts sshd in `dir` at construction and stops it (and the sessions it serves) at
// destruction, also when the test failed. Fails the test (ADD_FAILURE) when sshd cannot start.
class LoopbackSshd {
public:
    // `config_lines` are appended to sshd_config (e.g. `fakebsd env --sshd`'s SetEnv line).
    explicit LoopbackSshd(std::filesystem::path dir, std::vector<std::string> config_lines = {});
    ~LoopbackSshd();
    LoopbackSshd(const LoopbackSshd&) = delete;
    LoopbackSshd& operator=(const LoopbackSshd&) = delete;
    LoopbackSshd(LoopbackSshd&&) = delete;
    LoopbackSshd& operator=(LoopbackSshd&&) = delete;

    // Stop and start again on the same port; with `new_host_key`, under a fresh host key.
    void restart(bool new_host_key);
    void stop();

    [[nodiscard]] bool running() const { return m_running; }
    [[nodiscard]] std::uint16_t port() const { return m_port; }
    [[nodiscard]] const std::string& user() const { return m_user; }
    [[nodiscard]] std::filesystem::path user_key() const { return m_dir / "user_key"; }
    [[nodiscard]] std::filesystem::path host_public_key() const { return m_dir / "host_key.pub"; }
    [[nodiscard]] std::filesystem::path log_path() const { return m_dir / "sshd.log"; }
    // Return how many logins sshd accepted (one per TCP connection that authenticated).
    [[nodiscard]] std::size_t accepted_logins() const;

private:
    void start();

    std::filesystem::path m_dir;
    std::vector<std::string> m_config_lines;
    std::string m_user;
    std::uint16_t m_port = 0;
    bool m_running = false;
};

// Return the path of tests/support/sshd-fixture.sh.
[[nodiscard]] std::filesystem::path sshd_fixture_script();

} // namespace jrun::test
