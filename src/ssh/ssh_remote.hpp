// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ssh/remote.hpp"
#include "ssh/ssh_config.hpp"
#include "sys/process_runner.hpp"

#include <atomic>
#include <memory>
#include <mutex>

namespace jrun::ssh {

// A Remote reached with OpenSSH's `ssh` through one control master (SPEC §7 "SSH").
//
// Rationale (first connection): with ControlMaster=auto, threads that connect at the same time
// each find no socket and each open their own TCP connection (the losers run without
// multiplexing). So the master is opened once, under a mutex, before the first script:
// `ssh -O check` (no network) and, when no master answers, `ssh -N -f` with ControlMaster=auto,
// which authenticates, backgrounds itself and lives ControlPersist seconds after its last
// session. Every script is then a multiplexed session on that one connection. A master that
// went away later (idle longer than ControlPersist) is replaced by the next session itself.
//
// The control directory (and the known_hosts file's directory) must exist: the caller creates
// them (0700). Scripts must not exit 255, which is ssh's own failure code.
class SshRemote final : public Remote {
public:
    // Fails with `config` when check_ssh_config() refuses `config`.
    [[nodiscard]] static Result<std::unique_ptr<SshRemote>> create(SshConfig config,
                                                                   sys::ProcessRunner& runner);

    // Run the script with `ssh -T HOST '/bin/sh -s'` (`doas /bin/sh -s` with become). Exit 255
    // is an Error (kind `remote`, or `timeout`) explaining why ssh failed; nothing ran then.
    [[nodiscard]] Result<RemoteResult> run_script(std::string_view script,
                                                  const LineSink& on_line = {}) override;
    // Run argv with jrun's stdio (`-t`: a pty, else `-T`), as root (`doas` prefix with become)
    // or as the login user. An empty argv opens the login shell of the user.
    // Connection failures are Errors (from connect()); the command's exit code is returned.
    // Rationale: argv reaches the login shell as one line of shell-quoted words, so the login
    // shell must be a Bourne shell (sh, bash, zsh: true of FreeBSD's root and jrun's admin).
    [[nodiscard]] Result<int>
    run_interactive(const std::vector<std::string>& argv, bool tty, RunAs as) override;
    [[nodiscard]] std::size_t round_trips() const override { return m_round_trips.load(); }
    [[nodiscard]] std::string describe() const override;

    // Start the control master unless one answers. Thread-safe; run_script does it first.
    [[nodiscard]] Status connect();
    // Stop the control master (`ssh -O exit`); none running is not an error. A later script
    // connects again.
    [[nodiscard]] Status close();

    [[nodiscard]] const SshConfig& config() const { return m_config; }

private:
    SshRemote(SshConfig config, sys::ProcessRunner& runner);

    [[nodiscard]] sys::Command ssh_command(const SshCall& call) const;
    // Return the remote command line for argv run as `as` (empty: the login shell).
    [[nodiscard]] std::string interactive_line(const std::vector<std::string>& argv,
                                               RunAs as) const;
    [[nodiscard]] bool master_answers();
    [[nodiscard]] Status start_master();
    [[nodiscard]] Result<RemoteResult> to_remote_result(Result<sys::Completed> completed) const;

    SshConfig m_config;
    sys::ProcessRunner& m_runner;
    std::mutex m_master_mutex;
    bool m_connected = false; // guarded by m_master_mutex
    std::atomic<std::size_t> m_round_trips{0};
};

} // namespace jrun::ssh
