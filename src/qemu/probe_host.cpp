// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/probe_host.hpp"

#include "qemu/firmware.hpp"
#include "util/strings.hpp"

#include <array>
#include <chrono>

namespace jrun::qemu {

namespace {

constexpr std::chrono::seconds k_help_timeout{20};

// One help text: where it goes and the QEMU arguments that print it. Rationale: `-device
// help` needs a machine on targets without a default one (aarch64), and `none` always exists.
struct HelpQuery {
    std::string HostFacts::*field;
    std::vector<std::string> args;
};
const std::array<HelpQuery, 4> k_help_queries{{
    {&HostFacts::qemu_help, {"-help"}},
    {&HostFacts::device_help, {"-machine", "none", "-device", "help"}},
    {&HostFacts::display_help, {"-display", "help"}},
    {&HostFacts::accel_help, {"-accel", "help"}},
}};

// Return the stdout of `qemu_binary` run with `args`, or why it could not be run.
Result<std::string> help_text(sys::ProcessRunner& runner,
                              const std::string& qemu_binary,
                              std::vector<std::string> args) {
    args.insert(args.begin(), qemu_binary);
    const sys::Command command(std::move(args));
    auto done = sys::require_success(
        command,
        runner.run(sys::Command(command).set_timeout(std::chrono::milliseconds(k_help_timeout))));
    if (!done) {
        Error error = done.error();
        error.hint = "install QEMU ('" + qemu_binary + "' must be on PATH)";
        return error;
    }
    return done->out;
}

void probe_kvm(const HostProbePorts& ports, HostFacts& facts) {
    facts.kvm_opens = ports.opens_read_write("/dev/kvm");
    auto cpuinfo = ports.fs.read_file("/proc/cpuinfo");
    facts.cpu_has_vmx_svm = cpuinfo.ok() && cpuinfo_has_vmx_or_svm(*cpuinfo);
    facts.kvm_is_pvm = ports.fs.exists("/sys/module/kvm_pvm");
}

} // namespace

HostOs build_os() {
#if defined(__linux__)
    return HostOs::linux_os;
#elif defined(__APPLE__)
    return HostOs::macos;
#elif defined(__FreeBSD__)
    return HostOs::freebsd;
#else
    return HostOs::other;
#endif
}

HostArch build_arch() {
#if defined(__x86_64__) || defined(__amd64__)
    return HostArch::x86_64;
#elif defined(__aarch64__)
    return HostArch::aarch64;
#else
    return HostArch::other;
#endif
}

bool cpuinfo_has_vmx_or_svm(std::string_view cpuinfo) {
    for (const auto& line : split(cpuinfo, '\n')) {
        const auto colon = line.find(':');
        if (colon == std::string::npos
            || trim(std::string_view(line).substr(0, colon)) != "flags") {
            continue;
        }
        for (const auto& flag : split(trim(std::string_view(line).substr(colon + 1)), ' ')) {
            if (flag == "vmx" || flag == "svm") {
                return true;
            }
        }
    }
    return false;
}

Result<HostFacts> probe_host(const HostProbePorts& ports,
                             HostOs os,
                             HostArch arch,
                             const std::string& qemu_binary,
                             std::string_view bios_override) {
    HostFacts facts;
    facts.os = os;
    facts.arch = arch;
    if (os == HostOs::linux_os) {
        probe_kvm(ports, facts);
    }
    for (const auto& path : firmware_paths_to_check(os, arch, bios_override)) {
        if (auto kind = ports.fs.kind(path); kind.ok() && *kind == sys::FileKind::regular) {
            facts.existing_files.insert(path);
        }
    }
    for (const auto& query : k_help_queries) {
        auto output = help_text(ports.runner, qemu_binary, query.args);
        if (!output) {
            return output.error();
        }
        facts.*query.field = std::move(*output);
    }
    return facts;
}

} // namespace jrun::qemu
