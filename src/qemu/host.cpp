// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/host.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <array>

namespace jrun::qemu {

namespace {

// Return true when `help` (from `-accel help`) lists `name`; an empty text was not asked for.
bool accel_listed(const HostFacts& facts, std::string_view name) {
    if (facts.accel_help.empty()) {
        return true;
    }
    const auto lines = split(facts.accel_help, '\n');
    return std::any_of(
        lines.begin(), lines.end(), [&](const std::string& line) { return trim(line) == name; });
}

// Return why KVM cannot run a stock guest here, or "" when it can.
std::string kvm_problem(const HostFacts& facts) {
    if (facts.os != HostOs::linux_os) {
        return "KVM exists only on Linux";
    }
    if (!facts.kvm_opens) {
        return "/dev/kvm cannot be opened (is the kvm module loaded, and may you use /dev/kvm?)";
    }
    // Rationale: vmx/svm are x86 flags; arm64 cpuinfo has no equivalent, and there an
    // openable /dev/kvm already means the CPU's virtualisation extensions are in use.
    if (facts.arch == HostArch::x86_64 && !facts.cpu_has_vmx_svm) {
        return "the CPU flags show neither vmx nor svm (hardware virtualisation is off or hidden)";
    }
    if (facts.kvm_is_pvm) {
        return "the host's KVM is PVM (/sys/module/kvm_pvm exists), under which stock guests hang";
    }
    if (!accel_listed(facts, "kvm")) {
        return "this QEMU was built without KVM support";
    }
    return {};
}

// Return why HVF cannot be used here, or "" when it can.
std::string hvf_problem(const HostFacts& facts) {
    if (facts.os != HostOs::macos) {
        return "HVF exists only on macOS";
    }
    if (!accel_listed(facts, "hvf")) {
        return "this QEMU was built without HVF support";
    }
    return {};
}

Error unusable(Accel accel, std::string why) {
    const std::string name = to_string(accel);
    return Error{ErrorKind::config,
                 "cannot use the " + name + " accelerator (JRUN_QEMU_ACCEL=" + name + ")",
                 std::move(why),
                 "set JRUN_QEMU_ACCEL=auto to fall back to TCG"};
}

AccelChoice tcg_fallback(const std::string& why) {
    return {Accel::tcg,
            "no hardware acceleration: " + why
                + "; using TCG (software emulation, several times slower)"};
}

AccelChoice choose_automatic(const HostFacts& facts) {
    switch (facts.os) {
    case HostOs::linux_os:
        if (auto problem = kvm_problem(facts); !problem.empty()) {
            return tcg_fallback(problem);
        }
        return {Accel::kvm, {}};
    case HostOs::macos:
        if (auto problem = hvf_problem(facts); !problem.empty()) {
            return tcg_fallback(problem);
        }
        return {Accel::hvf, {}};
    case HostOs::freebsd:
    case HostOs::other:
        break;
    }
    return tcg_fallback("QEMU has no hardware accelerator on this OS");
}

} // namespace

const char* to_string(Accel accel) {
    switch (accel) {
    case Accel::kvm:
        return "kvm";
    case Accel::hvf:
        return "hvf";
    case Accel::tcg:
        break;
    }
    return "tcg";
}

const char* to_string(Mode mode) {
    switch (mode) {
    case Mode::tty:
        return "tty";
    case Mode::graphic:
        return "graphic";
    case Mode::server:
        break;
    }
    return "server";
}

Status check_host(const HostFacts& facts) {
    if (facts.os == HostOs::other) {
        return Error{ErrorKind::config,
                     "cannot run the VM on this host",
                     "the operating system is not supported (Linux, macOS and FreeBSD are)",
                     "set JRUN_TARGET to use a remote FreeBSD host instead"};
    }
    if (facts.arch == HostArch::other) {
        return Error{ErrorKind::config,
                     "cannot run the VM on this host",
                     "the CPU architecture is not supported (x86_64 and aarch64 are)",
                     "set JRUN_TARGET to use a remote FreeBSD host instead"};
    }
    return {};
}

std::string binary_name(HostArch arch) {
    return arch == HostArch::aarch64 ? "qemu-system-aarch64" : "qemu-system-x86_64";
}

std::string_view machine_type(HostArch arch) {
    return arch == HostArch::aarch64 ? "virt" : "q35";
}

std::string_view virtio_suffix(HostArch arch) {
    return arch == HostArch::aarch64 ? "device" : "pci";
}

Result<AccelChoice> choose_accel(const HostFacts& facts, QemuAccel requested) {
    switch (requested) {
    case QemuAccel::kvm:
        if (auto problem = kvm_problem(facts); !problem.empty()) {
            return unusable(Accel::kvm, problem);
        }
        return AccelChoice{Accel::kvm, {}};
    case QemuAccel::hvf:
        if (auto problem = hvf_problem(facts); !problem.empty()) {
            return unusable(Accel::hvf, problem);
        }
        return AccelChoice{Accel::hvf, {}};
    case QemuAccel::tcg:
        return AccelChoice{Accel::tcg, {}};
    case QemuAccel::automatic:
        break;
    }
    return choose_automatic(facts);
}

bool supports_9p(const HostFacts& facts) {
    const std::string device = "name \"virtio-9p-" + std::string(virtio_suffix(facts.arch)) + "\"";
    return facts.qemu_help.find("-fsdev") != std::string::npos
           && facts.device_help.find(device) != std::string::npos;
}

Status check_9p(const HostFacts& facts) {
    if (supports_9p(facts)) {
        return {};
    }
    return Error{ErrorKind::config,
                 "cannot share host directories with the VM",
                 "this QEMU has no virtio-9p support (no '-fsdev' in '-help' or no 'virtio-9p-"
                     + std::string(virtio_suffix(facts.arch)) + "' in '-device help')",
                 "install a QEMU built with virtfs, or remove the 'mount' sections"};
}

std::vector<std::string> parse_display_help(std::string_view text) {
    std::vector<std::string> names;
    for (const auto& line : split(text, '\n')) {
        const auto word = trim(line);
        if (word.empty() || word.find(' ') != std::string_view::npos || ends_with(word, ":")) {
            continue;
        }
        names.emplace_back(word);
    }
    return names;
}

Result<std::string> choose_display(const HostFacts& facts) {
    const auto available = parse_display_help(facts.display_help);
    constexpr std::array<std::string_view, 3> k_macos_order{"cocoa", "gtk", "sdl"};
    constexpr std::array<std::string_view, 3> k_other_order{"gtk", "sdl", "cocoa"};
    const auto& order = facts.os == HostOs::macos ? k_macos_order : k_other_order;
    for (const auto name : order) {
        if (std::find(available.begin(), available.end(), name) != available.end()) {
            return std::string(name);
        }
    }
    return Error{ErrorKind::config,
                 "cannot open a VM window",
                 "this QEMU has no window display (it offers: " + join(available, ", ") + ")",
                 "install QEMU's GUI support (Debian: qemu-system-gui), or use --mode tty"};
}

} // namespace jrun::qemu
