// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// From settings and host facts to a running QEMU: accelerator, firmware, the LaunchSpec, the
// host ports checked, and the launch itself.

#include "model/config.hpp"
#include "model/recorded.hpp"
#include "qemu/launch_spec.hpp"
#include "vm/paths.hpp"
#include "vm/ports.hpp"

#include <string>

namespace jrun::vm {

// What this host gives the VM.
struct HostChoice {
    qemu::HostFacts facts;
    qemu::AccelChoice accel;
    qemu::Firmware firmware;
    std::string display; // graphic mode only
};

// Probe the host and decide accelerator, firmware (JRUN_QEMU_BIOS), 9p support (when `shares`)
// and the window backend (graphic mode). Fails with `config` or `process` saying what to fix.
[[nodiscard]] Result<HostChoice>
choose_host(VmPorts& ports, const Settings& settings, qemu::Mode mode, bool shares);

// Return the LaunchSpec for the VM with `wiring`; `base` may override CPUs and memory.
[[nodiscard]] qemu::LaunchSpec launch_spec(const Settings& settings,
                                           const VmPaths& paths,
                                           const HostChoice& host,
                                           const model::RecordedVm& wiring,
                                           const model::Base* base,
                                           qemu::Mode mode);

// Fail with `config` naming the first host port of `spec` (SSH, then forwards) that is busy.
[[nodiscard]] Status check_ports_free(VmPorts& ports, const qemu::LaunchSpec& spec);

// Start QEMU for `spec` in server mode (daemonized: returns once QEMU runs, or fails with
// `process` and QEMU's own message). Its previous console log is removed first.
[[nodiscard]] Status launch_daemon(VmPorts& ports, const qemu::LaunchSpec& spec);

// Return the command that runs QEMU for `spec` in the foreground (tty or graphic mode): in
// jrun's process group, on jrun's terminal (see vm/foreground.hpp).
[[nodiscard]] Result<sys::Command> foreground_command(const qemu::LaunchSpec& spec);

} // namespace jrun::vm
