// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// LaunchSpec -> QEMU argv, pure (golden-tested per platform in tests/data/golden/qemu/).

#include "model/recorded.hpp"
#include "qemu/firmware.hpp"
#include "qemu/host.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace jrun::qemu {

// Everything QEMU is started with. Host decisions (arch, accel, firmware, display) come from
// host.hpp and firmware.hpp; paths are absolute.
struct LaunchSpec { // NOLINT(clang-analyzer-optin.performance.Padding): grouped by meaning
    // The host.
    std::string binary; // empty = binary_name(arch), found on PATH
    HostArch arch = HostArch::x86_64;
    Accel accel = Accel::tcg;
    Firmware firmware;
    std::string vars_file; // the VM's EFI variable store (see ensure_vars_file); pflash only
    std::string display;   // graphic mode: the window backend (see choose_display)

    // The machine.
    std::string name = "jrun";
    std::uint64_t memory_mib = 4096;
    std::uint32_t cpus = 1;
    std::string disk;     // the qcow2 overlay
    std::string seed_iso; // the cloud-init NoCloud ISO; empty = none

    // The network: SSH and `forwards` bound to `bind_host` (JRUN_VM_HOST, IPv4).
    std::string bind_host = "127.0.0.1";
    std::uint16_t ssh_port = 2222;
    std::vector<model::VmForward> forwards;
    bool restrict_network = false; // `restrict=on`: the guest reaches nothing outside
    std::vector<model::VmShare> shares;

    // Control.
    Mode mode = Mode::server;
    std::string qmp_socket;
    std::string pid_file;    // written by QEMU once it runs
    std::string console_log; // the serial console is logged here (in every mode)
};

// Return the argv that starts the VM described by `spec`. In server mode QEMU daemonizes: it
// exits 0 once the VM is set up (QMP listening, pidfile written) and non-zero with the reason
// on stderr otherwise; tty and graphic modes run in the foreground (tty: the console on the
// terminal, also logged; graphic: a window, the console logged). Every value is checked or
// escaped; fails with `config` on a relative path, a control character, an unusable socket
// path, a non-IPv4 bind address, a bad share tag or a host port used twice.
[[nodiscard]] Result<std::vector<std::string>> build_argv(const LaunchSpec& spec);

} // namespace jrun::qemu
