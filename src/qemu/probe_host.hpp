// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Gather the HostFacts that the decisions in host.hpp and firmware.hpp need.

#include "qemu/host.hpp"
#include "sys/file_system.hpp"
#include "sys/process_runner.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace jrun::qemu {

// Return the OS and CPU architecture jrun was built for (and so runs on).
[[nodiscard]] HostOs build_os();
[[nodiscard]] HostArch build_arch();

// Return true when a "flags" line of /proc/cpuinfo text lists vmx (Intel) or svm (AMD).
[[nodiscard]] bool cpuinfo_has_vmx_or_svm(std::string_view cpuinfo);

// What probe_host() works through; `opens_read_write` is sys::can_open_read_write in real use.
struct HostProbePorts {
    sys::ProcessRunner& runner;
    sys::FileSystem& fs;
    std::function<bool(const std::string&)> opens_read_write;
};

// Fill HostFacts for `os`/`arch`: on Linux whether /dev/kvm opens, the CPU flags and
// /sys/module/kvm_pvm; the firmware files that exist (with `bios_override`); and the help
// texts of `qemu_binary` (`-help`, `-machine none -device help`, `-display help`,
// `-accel help`). Fails with `process` when QEMU cannot be run (the hint says to install it).
[[nodiscard]] Result<HostFacts> probe_host(const HostProbePorts& ports,
                                           HostOs os,
                                           HostArch arch,
                                           const std::string& qemu_binary,
                                           std::string_view bios_override);

} // namespace jrun::qemu
