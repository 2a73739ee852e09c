// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/firmware.hpp"

#include "util/strings.hpp"

#include <array>
#include <span>

namespace jrun::qemu {

namespace {

// A firmware code file and the VARS template built with it ("" when it has none: a combined
// image, or a layout whose template is unknown).
struct Candidate {
    std::string_view code;
    std::string_view vars;
};

// Rationale: the pairs follow the distributions' packages (Debian/Ubuntu ovmf and
// qemu-efi-aarch64, Fedora and Arch edk2, SUSE qemu-ovmf, NixOS via libvirt) and QEMU's own
// firmware descriptors (edk2-x86_64-code.fd uses edk2-i386-vars.fd, edk2-aarch64-code.fd uses
// edk2-arm-vars.fd), which Homebrew, MacPorts and FreeBSD's qemu package install.
constexpr auto k_linux_x86_64 = std::to_array<Candidate>({
    {"/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd"},
    {"/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"},
    {"/usr/share/ovmf/OVMF.fd", ""},
    {"/usr/share/edk2/ovmf/OVMF_CODE.fd", "/usr/share/edk2/ovmf/OVMF_VARS.fd"},
    {"/usr/share/edk2/x64/OVMF_CODE.4m.fd", "/usr/share/edk2/x64/OVMF_VARS.4m.fd"},
    {"/usr/share/edk2-ovmf/x64/OVMF_CODE.fd", "/usr/share/edk2-ovmf/x64/OVMF_VARS.fd"},
    {"/usr/share/qemu/ovmf-x86_64-4m-code.bin", "/usr/share/qemu/ovmf-x86_64-4m-vars.bin"},
    {"/usr/share/qemu/ovmf-x86_64-code.bin", "/usr/share/qemu/ovmf-x86_64-vars.bin"},
    {"/run/libvirt/nix-ovmf/OVMF_CODE.fd", "/run/libvirt/nix-ovmf/OVMF_VARS.fd"},
    {"/usr/share/qemu/edk2-x86_64-code.fd", "/usr/share/qemu/edk2-i386-vars.fd"},
});
constexpr auto k_linux_aarch64 = std::to_array<Candidate>({
    {"/usr/share/AAVMF/AAVMF_CODE.fd", "/usr/share/AAVMF/AAVMF_VARS.fd"},
    {"/usr/share/AAVMF/AAVMF_CODE_4M.fd", ""},
    {"/usr/share/edk2/aarch64/QEMU_CODE.fd", "/usr/share/edk2/aarch64/QEMU_VARS.fd"},
    {"/usr/share/edk2/aarch64/QEMU_EFI.fd", ""},
    {"/usr/share/edk2/aarch64/OVMF_CODE.fd", ""},
    {"/run/libvirt/nix-ovmf/AAVMF_CODE.fd", "/run/libvirt/nix-ovmf/AAVMF_VARS.fd"},
    {"/usr/share/qemu/edk2-aarch64-code.fd", "/usr/share/qemu/edk2-arm-vars.fd"},
});
// A bare name (no '/') is looked up by QEMU in its own data directory (-bios only).
constexpr auto k_macos_x86_64 = std::to_array<Candidate>({
    {"/opt/homebrew/share/qemu/edk2-x86_64-code.fd", "/opt/homebrew/share/qemu/edk2-i386-vars.fd"},
    {"/usr/local/share/qemu/edk2-x86_64-code.fd", "/usr/local/share/qemu/edk2-i386-vars.fd"},
    {"/opt/local/share/qemu/edk2-x86_64-code.fd", "/opt/local/share/qemu/edk2-i386-vars.fd"},
    {"edk2-x86_64-code.fd", ""},
});
constexpr auto k_macos_aarch64 = std::to_array<Candidate>({
    {"/opt/homebrew/share/qemu/edk2-aarch64-code.fd", "/opt/homebrew/share/qemu/edk2-arm-vars.fd"},
    {"/usr/local/share/qemu/edk2-aarch64-code.fd", "/usr/local/share/qemu/edk2-arm-vars.fd"},
    {"/opt/local/share/qemu/edk2-aarch64-code.fd", "/opt/local/share/qemu/edk2-arm-vars.fd"},
    {"edk2-aarch64-code.fd", ""},
});
constexpr auto k_freebsd_x86_64 = std::to_array<Candidate>({
    {"/usr/local/share/edk2-qemu/QEMU_UEFI_CODE-x86_64.fd",
     "/usr/local/share/edk2-qemu/QEMU_UEFI_VARS-x86_64.fd"},
    {"/usr/local/share/edk2-qemu/QEMU_UEFI-x86_64.fd", ""},
    {"/usr/local/share/qemu/edk2-x86_64-code.fd", "/usr/local/share/qemu/edk2-i386-vars.fd"},
});
constexpr auto k_freebsd_aarch64 = std::to_array<Candidate>({
    {"/usr/local/share/qemu/edk2-aarch64-code.fd", "/usr/local/share/qemu/edk2-arm-vars.fd"},
});

std::span<const Candidate> candidates(HostOs os, HostArch arch) {
    const bool arm = arch == HostArch::aarch64;
    switch (os) {
    case HostOs::linux_os:
        return arm ? std::span<const Candidate>(k_linux_aarch64) : k_linux_x86_64;
    case HostOs::macos:
        return arm ? std::span<const Candidate>(k_macos_aarch64) : k_macos_x86_64;
    case HostOs::freebsd:
        return arm ? std::span<const Candidate>(k_freebsd_aarch64) : k_freebsd_x86_64;
    case HostOs::other:
        break;
    }
    return {};
}

bool exists(const HostFacts& facts, std::string_view path) {
    return path.find('/') == std::string_view::npos || facts.existing_files.contains(path);
}

// Return `candidate` as a Firmware, with its template only when that exists.
Firmware pick(const HostFacts& facts, std::string_view code, std::string_view vars) {
    const bool pflash = !vars.empty() && exists(facts, vars);
    return {std::string(code), pflash ? std::string(vars) : std::string()};
}

Result<Firmware> from_override(const HostFacts& facts, std::string_view bios) {
    if (!facts.existing_files.contains(bios)) {
        return Error{ErrorKind::config,
                     "cannot use the firmware '" + std::string(bios) + "' (JRUN_QEMU_BIOS)",
                     "no such file",
                     "point JRUN_QEMU_BIOS at a UEFI firmware file, or unset it to probe"};
    }
    for (const auto& candidate : candidates(facts.os, facts.arch)) {
        if (candidate.code == bios) {
            return pick(facts, candidate.code, candidate.vars);
        }
    }
    return Firmware{std::string(bios), {}};
}

} // namespace

std::vector<std::string>
firmware_paths_to_check(HostOs os, HostArch arch, std::string_view bios_override) {
    std::vector<std::string> paths;
    if (!bios_override.empty()) {
        paths.emplace_back(bios_override);
    }
    for (const auto& candidate : candidates(os, arch)) {
        for (const auto path : {candidate.code, candidate.vars}) {
            if (path.find('/') != std::string_view::npos) {
                paths.emplace_back(path);
            }
        }
    }
    return paths;
}

Result<Firmware> find_firmware(const HostFacts& facts, std::string_view bios_override) {
    if (!bios_override.empty()) {
        return from_override(facts, bios_override);
    }
    std::vector<std::string> looked_at;
    for (const auto& candidate : candidates(facts.os, facts.arch)) {
        if (exists(facts, candidate.code)) {
            return pick(facts, candidate.code, candidate.vars);
        }
        looked_at.emplace_back(candidate.code);
    }
    return Error{ErrorKind::config,
                 "cannot find UEFI firmware for the VM",
                 "none of these exists: " + join(looked_at, ", "),
                 "install your distribution's OVMF/AAVMF (edk2) package, or set JRUN_QEMU_BIOS"};
}

Result<VarsOutcome> ensure_vars_file(sys::FileSystem& fs,
                                     const Firmware& firmware,
                                     const std::filesystem::path& vars_file) {
    if (firmware.vars_template.empty()) {
        return VarsOutcome::kept;
    }
    auto templ = fs.read_file(firmware.vars_template);
    if (!templ) {
        return templ.error();
    }
    auto outcome = VarsOutcome::created;
    if (fs.exists(vars_file)) {
        // Rationale: a pflash drive must match the firmware's flash size; a store from other
        // firmware (say OVMF_VARS.fd after switching to the 4M build) would stop QEMU.
        auto current = fs.read_file(vars_file);
        if (!current) {
            return current.error();
        }
        if (current->size() == templ->size()) {
            return VarsOutcome::kept;
        }
        outcome = VarsOutcome::reset;
    }
    if (auto st = fs.write_file_atomic(vars_file, *templ, 0600); !st) {
        return st.error();
    }
    return outcome;
}

} // namespace jrun::qemu
