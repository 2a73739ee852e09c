// SPDX-License-Identifier: BSD-2-Clause
#include "ssh/harness.hpp"

#include "util/strings.hpp"

#include <filesystem>

namespace jrun::test {

void SshHarness::TearDown() {
    for (auto& remote : m_remotes) {
        EXPECT_TRUE(remote->close().ok()) << remote->describe();
    }
    m_remotes.clear();
    sshd.reset();
}

ssh::SshConfig SshHarness::direct_config() const {
    ssh::SshConfig config;
    config.target = ssh::SshEndpoint{sshd->user(), "127.0.0.1", sshd->port(), false};
    config.identity_file = sshd->user_key();
    config.known_hosts = dir.path() / "known_hosts";
    config.control_dir = dir.path() / "ctl";
    config.connect_timeout = std::chrono::seconds(10);
    config.control_persist = std::chrono::seconds(60);
    std::filesystem::create_directories(config.control_dir);
    return config;
}

ssh::SshRemote& SshHarness::remote(const ssh::SshConfig& config) {
    auto created = ssh::SshRemote::create(config, runner);
    EXPECT_TRUE(created.ok()) << (created ? "" : created.error().why);
    m_remotes.push_back(std::move(*created));
    return *m_remotes.back();
}

std::string SshHarness::known_hosts() const {
    const auto path = dir.path() / "known_hosts";
    return std::filesystem::exists(path) ? read_file(path) : std::string();
}

std::string public_key_of(const std::filesystem::path& path) {
    const auto words = split(trim(read_file(path)), ' ');
    return words.size() >= 2 ? words[0] + " " + words[1] : std::string();
}

} // namespace jrun::test
