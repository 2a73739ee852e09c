// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The VM part of `jrun status`: whether the local VM runs, QEMU's pid, where SSH listens and
// the forwards QEMU exposes (SPEC: "VM and jails overview").

#include "cli/cli.hpp"
#include "cli/guest_session.hpp"
#include "model/recorded.hpp"
#include "model/settings.hpp"
#include "vm/liveness.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace jrun::cli {

struct VmStatus {
    bool running = false;
    std::string run_state;  // QEMU's ("running", "paused", ...); empty when stopped
    std::optional<int> pid; // QEMU's, from its pid file
    std::string ssh_host;   // JRUN_VM_HOST
    std::uint16_t ssh_port = 0;
    std::vector<model::VmForward> forwards; // as recorded (what QEMU exposes)
};

// Ask the local VM's QEMU over QMP (no SSH) whether it runs, with the session's ports.
[[nodiscard]] Result<vm::VmLiveness> probe_local_vm(GuestSession& session);

// Ask the local VM's QEMU over QMP (no SSH) with the session's ports. Print why and return
// nullopt when QEMU answers with something that is not QMP.
[[nodiscard]] std::optional<VmStatus> probe_vm_status(Context& ctx, GuestSession& session);

// Return the status line: "vm: running (pid 42), ssh 127.0.0.1:2222, forwards
// 8080->8000/tcp" or "vm: stopped ('jrun start' boots it)".
[[nodiscard]] std::string render_vm_status(const VmStatus& status);

// Return the `vm` object of `jrun status --json`.
[[nodiscard]] nlohmann::ordered_json vm_status_json(const VmStatus& status);

} // namespace jrun::cli
