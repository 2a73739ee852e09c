// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A loopback sshd and SshRemotes to it, closed (control masters stopped) after each test.

#include "ssh/ssh_remote.hpp"
#include "support/loopback_sshd.hpp"
#include "support/support.hpp"
#include "sys/real_process_runner.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace jrun::test {

class SshHarness : public ::testing::Test {
protected:
    static void SetUpTestSuite() { require_sshd(); }
    void TearDown() override;

    // Return the config of a direct connection to the loopback sshd.
    [[nodiscard]] ssh::SshConfig direct_config() const;
    // Return a remote for `config`, closed at the end of the test.
    [[nodiscard]] ssh::SshRemote& remote(const ssh::SshConfig& config);
    // Return the jrun known_hosts file's text ("" when it does not exist).
    [[nodiscard]] std::string known_hosts() const;

    TempDir dir;
    sys::RealProcessRunner runner;
    std::vector<std::string> sshd_config_lines;
    std::unique_ptr<LoopbackSshd> sshd;

private:
    std::vector<std::unique_ptr<ssh::SshRemote>> m_remotes;
};

// Return `path`'s first line without its trailing comment: "ssh-ed25519 AAAA...".
[[nodiscard]] std::string public_key_of(const std::filesystem::path& path);

} // namespace jrun::test
