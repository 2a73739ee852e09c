// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Is the VM running? Asked of QEMU itself over QMP (`query-status`), never of process names.

#include "vm/paths.hpp"
#include "vm/ports.hpp"

#include <optional>
#include <string>

namespace jrun::vm {

// What QEMU said about the VM.
struct VmLiveness {
    bool running = false;   // QEMU answers on the QMP socket
    std::string status;     // its run state ("running", "paused", ...); empty when not running
    std::optional<int> pid; // from QEMU's pid file, when it holds one
};

// Ask QEMU over the QMP socket. When nothing answers, a stale pid file and socket are removed
// and the VM counts as stopped. Fails only when QEMU answers with something that is not QMP.
[[nodiscard]] Result<VmLiveness> probe_vm(VmPorts& ports, const VmPaths& paths);

// Return the pid written in QEMU's pid file, nullopt when there is none.
[[nodiscard]] std::optional<int> read_pid_file(sys::FileSystem& fs, const std::string& path);

} // namespace jrun::vm
