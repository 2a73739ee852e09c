// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Host-feature decisions (SPEC §7, reference-behaviour §5.1), pure: the caller gathers the
// facts (see HostFacts) and these functions decide what QEMU gets.

#include "model/settings.hpp"
#include "util/result.hpp"

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::qemu {

// The host operating system. Rationale: `linux_os`, because `linux` is a predefined macro in
// GNU C++ modes.
enum class HostOs { linux_os, macos, freebsd, other };

// The host CPU architecture; the guest always has the host's (no cross-arch emulation).
enum class HostArch { x86_64, aarch64, other };

// The accelerator QEMU runs the guest with.
enum class Accel { kvm, hvf, tcg };

// How the VM is attached to the user: detached with a logged console, the serial console on
// the terminal, or a window.
enum class Mode { server, tty, graphic };

// What the caller found out about the host. Everything is a plain fact; nothing is decided.
struct HostFacts {
    HostOs os = HostOs::other;
    HostArch arch = HostArch::other;
    bool kvm_opens = false;       // open("/dev/kvm", O_RDWR) succeeded
    bool cpu_has_vmx_svm = false; // the CPU flags (/proc/cpuinfo) list vmx or svm (x86 only)
    bool kvm_is_pvm = false;      // /sys/module/kvm_pvm exists
    // The paths among firmware_paths_to_check() that exist as regular files.
    std::set<std::string, std::less<>> existing_files;
    std::string qemu_help;    // output of `qemu-system-<arch> -help`
    std::string device_help;  // output of `qemu-system-<arch> -device help`
    std::string display_help; // output of `qemu-system-<arch> -display help`
    std::string accel_help;   // output of `-accel help`; empty = not asked (not checked)
};

// Return "kvm", "hvf" or "tcg".
[[nodiscard]] const char* to_string(Accel accel);
// Return "server", "tty" or "graphic".
[[nodiscard]] const char* to_string(Mode mode);

// Fail with `config` when jrun cannot run a VM on this OS or architecture.
[[nodiscard]] Status check_host(const HostFacts& facts);
// Return the QEMU binary for `arch`: "qemu-system-x86_64" or "qemu-system-aarch64".
[[nodiscard]] std::string binary_name(HostArch arch);
// Return the machine type: "q35" (x86_64) or "virt" (aarch64).
[[nodiscard]] std::string_view machine_type(HostArch arch);
// Return the virtio device suffix: "pci" (x86_64) or "device" (aarch64, virtio-mmio).
[[nodiscard]] std::string_view virtio_suffix(HostArch arch);

// The accelerator to use and, when it is a fallback, the warning to print.
struct AccelChoice {
    Accel accel = Accel::tcg;
    std::string warning; // empty when nothing needs saying
};

// Choose the accelerator for `requested` (JRUN_QEMU_ACCEL). `automatic`: KVM on Linux when
// /dev/kvm opens, the CPU shows vmx or svm and the KVM is not PVM; HVF on macOS; else TCG with
// a warning saying why. Fails with `config` when `kvm` or `hvf` is asked for but unusable,
// saying why.
[[nodiscard]] Result<AccelChoice> choose_accel(const HostFacts& facts, QemuAccel requested);

// Return true when this QEMU can export host directories: `-help` lists `-fsdev` and
// `-device help` lists virtio-9p-<suffix>.
[[nodiscard]] bool supports_9p(const HostFacts& facts);
// Fail with `config` when shares are wanted but supports_9p() is false.
[[nodiscard]] Status check_9p(const HostFacts& facts);

// Return the display backend names that `-display help` lists.
[[nodiscard]] std::vector<std::string> parse_display_help(std::string_view text);
// Choose the window backend for graphic mode: cocoa first on macOS, else gtk, then sdl.
// Fails with `config` when this QEMU has none of them (a build without GUI modules).
[[nodiscard]] Result<std::string> choose_display(const HostFacts& facts);

} // namespace jrun::qemu
