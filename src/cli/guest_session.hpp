// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// What a command that talks to the guest holds for its run: settings, the state (locked for
// changing commands), and the connection to the host that runs the jails.

#include "cli/cli.hpp"
#include "cli/settings_io.hpp"
#include "model/recorded.hpp"
#include "plan/plan.hpp"
#include "provision/provisioner.hpp"
#include "ssh/remote.hpp"
#include "ssh/ssh_config.hpp"
#include "state/state_store.hpp"
#include "sys/clock.hpp"
#include "sys/real_file_system.hpp"
#include "sys/real_process_runner.hpp"
#include "sys/signals.hpp"

#include <memory>
#include <optional>

namespace jrun::cli {

struct GuestSession {
    LoadedSettings settings;
    config::HostFacts host;
    sys::RealFileSystem fs;
    // Ctrl-C stops what runs (children terminated, `interrupted`, exit 130) instead of killing
    // jrun between a guest step and the state save.
    sys::RealSignals signals;
    sys::RealClock clock;
    sys::RealProcessRunner runner{sys::RealProcessRunnerOptions{&signals, std::chrono::seconds(1)}};
    std::unique_ptr<state::StateStore> store;
    sys::FileLock lock; // held by changing commands
    model::Recorded recorded;
    std::unique_ptr<ssh::Remote> remote;

    [[nodiscard]] const Settings& effective() const { return *settings.load.settings; }
};

// Open a session: settings, state (locked when `changing`) and the connection. Print what went
// wrong and return null when any part fails.
[[nodiscard]] std::unique_ptr<GuestSession> open_session(Context& ctx, bool changing);

// Open the settings and state only (no connection): for commands that read state.
[[nodiscard]] std::unique_ptr<GuestSession> open_offline_session(Context& ctx, bool changing);

// Return the SSH settings for the host that runs the jails (shared by the connection and
// Ansible, so both pin the same keys and share one control master).
[[nodiscard]] ssh::SshConfig ssh_config_for(const GuestSession& session);

// Connect `session` to the host that runs the jails (JRUN_TARGET, else the local VM).
[[nodiscard]] Result<std::unique_ptr<ssh::Remote>> connect_remote(GuestSession& session);

// Connect `session` (its `remote`); print why and return false when that fails.
[[nodiscard]] bool attach_remote(Context& ctx, GuestSession& session);

// Return the connection settings Ansible needs to reach the same host as `config`.
[[nodiscard]] Result<provision::SshConnection> ansible_connection(const ssh::SshConfig& config);

// Probe the host (one round trip) for what the planner needs.
[[nodiscard]] Result<plan::LiveSnapshot> probe_guest(GuestSession& session);

// Save `recorded` as the new state (the lock is held).
[[nodiscard]] Status save_recorded(GuestSession& session, const model::Recorded& recorded);

} // namespace jrun::cli
