// SPDX-License-Identifier: BSD-2-Clause
#include "ssh/detail/ssh_errors.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace jrun::ssh::detail {

namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// Return ssh's last non-empty stderr line (its verdict, after any warning banner).
std::string last_line(std::string_view text) {
    const auto lines = split(trim(text), '\n');
    const auto last = std::find_if(
        lines.rbegin(), lines.rend(), [](const std::string& line) { return !trim(line).empty(); });
    if (last == lines.rend()) {
        return "ssh exited with code 255 and printed nothing";
    }
    return std::string(trim(*last));
}

std::string forget_key_command(const SshConfig& config) {
    return "ssh-keygen -f " + shell_quote(config.known_hosts.string()) + " -R "
           + shell_quote(known_hosts_name(config.target));
}

std::string changed_key_hint(const SshConfig& config) {
    return "jrun pinned this host's key in " + config.known_hosts.string()
           + " at first contact. If the host was re-created on purpose (a new VM, a reinstalled "
             "server), forget the old key with `"
           + forget_key_command(config)
           + "` (`jrun purge` resets it for the local VM); otherwise someone may be intercepting "
             "the connection.";
}

std::string unknown_key_hint(const SshConfig& config) {
    return "jrun expected the host key of " + known_hosts_name(config.target) + " in "
           + config.known_hosts.string()
           + "; the file was changed or removed. Recreate the VM (`jrun purge`, then `jrun "
             "start`).";
}

std::string refused_hint(const SshConfig& config) {
    return "Nothing listens on " + describe_endpoint(config.target)
           + ": is the host up and its sshd running? For the local VM, run `jrun start`.";
}

std::string denied_hint(const SshConfig& config) {
    const auto key = config.identity_file ? config.identity_file->string() : "your SSH keys";
    return "The host refused " + key + " for user " + config.target.user
           + ": add the public key to that user's authorized_keys.";
}

std::string hint_for(const SshConfig& config, std::string_view err) {
    if (contains(err, "REMOTE HOST IDENTIFICATION HAS CHANGED")) {
        return changed_key_hint(config);
    }
    if (contains(err, "Host key verification failed")) {
        return unknown_key_hint(config);
    }
    if (contains(err, "Connection refused")) {
        return refused_hint(config);
    }
    if (contains(err, "Permission denied")) {
        return denied_hint(config);
    }
    if (contains(err, "Could not resolve hostname")) {
        return "Check the host name of the target (JRUN_TARGET).";
    }
    return {};
}

std::string why_for(std::string_view err) {
    if (contains(err, "REMOTE HOST IDENTIFICATION HAS CHANGED")) {
        return "the host offered a different host key than the one pinned for it";
    }
    return last_line(err);
}

} // namespace

Error connection_error(const SshConfig& config, std::string_view ssh_stderr) {
    const bool timed_out = contains(ssh_stderr, "timed out");
    return Error{timed_out ? ErrorKind::timeout : ErrorKind::remote,
                 "cannot run commands on " + describe_endpoint(config.target) + " over SSH",
                 why_for(ssh_stderr),
                 hint_for(config, ssh_stderr)};
}

} // namespace jrun::ssh::detail
