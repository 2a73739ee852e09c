// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ssh/remote.hpp"
#include "sys/process_runner.hpp"

#include <atomic>
#include <map>
#include <string>

namespace jrun::ssh {

struct LocalRemoteOptions {
    // Set in the environment of every script and command (the fake FreeBSD userland's
    // FAKEBSD_STATE, JRUN_ROOT and PATH in tests).
    std::map<std::string, std::string> env;
    // Run through doas (`doas env NAME=VALUE... CMD`: doas clears the environment). For a user
    // who is not root on a FreeBSD host running jails natively.
    bool become = false;
};

// A Remote that is this machine: scripts run with `/bin/sh -s` here (SPEC §11: a FreeBSD host
// running jails natively; tests against tests/fakebsd without an sshd). Same semantics as
// SshRemote: a non-zero exit is a RemoteResult, stdout lines stream to the sink, thread-safe.
class LocalRemote final : public Remote {
public:
    LocalRemote(sys::ProcessRunner& runner, LocalRemoteOptions options = {});

    [[nodiscard]] Result<RemoteResult> run_script(std::string_view script,
                                                  const LineSink& on_line = {}) override;
    // Run argv directly (no shell: each word reaches the program as it is), through doas when
    // `become` and `as` is root. An empty argv runs $SHELL (/bin/sh when unset) as this user.
    [[nodiscard]] Result<int>
    run_interactive(const std::vector<std::string>& argv, bool tty, RunAs as) override;
    [[nodiscard]] std::size_t round_trips() const override { return m_round_trips.load(); }
    [[nodiscard]] std::string describe() const override { return "this machine"; }

private:
    // Return argv as root: through `doas env ...` when `become`.
    [[nodiscard]] sys::Command command_for(std::vector<std::string> argv) const;
    // Return argv as this user, with the options' environment.
    [[nodiscard]] sys::Command plain_command(std::vector<std::string> argv) const;

    sys::ProcessRunner& m_runner;
    LocalRemoteOptions m_options;
    std::atomic<std::size_t> m_round_trips{0};
};

} // namespace jrun::ssh
