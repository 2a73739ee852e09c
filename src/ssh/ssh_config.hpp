// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// How jrun runs OpenSSH's `ssh`: one control master per host, a jrun-owned known_hosts that pins
// each host key on first contact, no prompts (SPEC §7 "SSH"). Pure: builds argv, runs nothing.

#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace jrun::ssh {

// One SSH server and the account jrun logs in as.
struct SshEndpoint {
    std::string user;
    std::string host; // a name, an IPv4 or an IPv6 address (no brackets; `%zone` allowed)
    std::uint16_t port = 22;
    // The host key was written to the known_hosts file beforehand (the VM's pre-generated key):
    // check strictly instead of pinning whatever key the host offers first.
    bool pinned = false;
};

// Everything jrun decides about an SSH connection.
struct SshConfig {
    SshEndpoint target;
    std::optional<std::filesystem::path> identity_file; // absolute; none: ssh's defaults
    std::filesystem::path known_hosts;                  // absolute; jrun's own file
    std::filesystem::path control_dir;                  // absolute; short (socket path limit)
    std::optional<SshEndpoint> jump;                    // reach `target` through this host
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds control_persist{600}; // the master's idle lifetime
    bool become = false;                       // run as root through doas when the user is not root
    bool read_user_config = false; // false: `-F none` (no ~/.ssh/config, no /etc/ssh/ssh_config)
};

// What one ssh invocation does once connected: flags such as {"-T"} or {"-O", "exit"}, and the
// remote command line (empty: none).
struct SshCall {
    std::vector<std::string> flags;
    std::string remote_command;
};

// The longest Unix socket path that every supported OS accepts (macOS: sun_path[104]).
inline constexpr std::size_t k_max_socket_path = 103;

// Check `config` (names, addresses, absolute paths without quotes or control characters, the
// control socket length). Fails with `config`, naming the value and what to change.
[[nodiscard]] Status check_ssh_config(const SshConfig& config);

// Return the `-o NAME=VALUE` words for `config` (two words per option): everything but the
// destination, port, user and identity, so that Ansible can reuse them
// (`ansible_ssh_common_args`). Run ssh with SHELL=/bin/sh: a ProxyCommand is sh syntax.
[[nodiscard]] Result<std::vector<std::string>> ssh_options(const SshConfig& config);

// Return the full argv: `ssh [-F none] OPTIONS [-i KEY] -p PORT -l USER FLAGS -- HOST [COMMAND]`.
[[nodiscard]] Result<std::vector<std::string>> ssh_argv(const SshConfig& config,
                                                        const SshCall& call);

// Return the remote command line that runs `argv` (words quoted for the remote sh) as root:
// prefixed with `doas` when the config asks for it and the user is not root.
[[nodiscard]] std::string remote_command(const SshConfig& config,
                                         std::span<const std::string> argv);

// True when remote commands go through doas.
[[nodiscard]] bool uses_doas(const SshConfig& config);

// Return "admin@127.0.0.1:2222" or "root@[::1]:22".
[[nodiscard]] std::string describe_endpoint(const SshEndpoint& endpoint);

// Return the host's name in known_hosts and for `ssh-keygen -R`: "host" or "[host]:port".
[[nodiscard]] std::string known_hosts_name(const SshEndpoint& endpoint);

} // namespace jrun::ssh
