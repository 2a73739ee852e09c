// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// UEFI firmware: where each OS keeps it (reference-behaviour §5.1), which one to use, and the
// VM's own copy of the variable store.

#include "qemu/host.hpp"
#include "sys/file_system.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::qemu {

// The firmware to boot. With a `vars_template` it is loaded as two pflash drives (code
// read-only, the VM's copy of the template writable); without one, with `-bios`.
struct Firmware {
    std::string code;
    std::string vars_template;
    bool operator==(const Firmware&) const = default;
};

// Return every path find_firmware() may use for this host and `bios_override`
// (JRUN_QEMU_BIOS; empty = probe), so that the caller can record which exist in
// HostFacts::existing_files.
[[nodiscard]] std::vector<std::string>
firmware_paths_to_check(HostOs os, HostArch arch, std::string_view bios_override);

// Choose the firmware: `bios_override` when set (with its VARS template when it is a known
// code file whose template exists), else the first known code file that exists, paired with
// its VARS template when that exists too. Fails with `config` when the override is missing or
// nothing is found, listing the paths looked at.
[[nodiscard]] Result<Firmware> find_firmware(const HostFacts& facts,
                                             std::string_view bios_override);

// What ensure_vars_file() did.
enum class VarsOutcome {
    kept,    // the VM's variable store existed and fits the firmware
    created, // first start: copied from the template
    reset,   // it did not fit the firmware (size differs: the firmware changed): re-copied
};

// Make sure the VM's persistent EFI variable store `vars_file` exists: copy it from
// `firmware.vars_template` when missing or when its size no longer matches the template. It is
// never deleted on start or stop, so boot entries and settings persist (unlike the Python
// implementation). Nothing to do without a template. Fails with `io`.
[[nodiscard]] Result<VarsOutcome> ensure_vars_file(sys::FileSystem& fs,
                                                   const Firmware& firmware,
                                                   const std::filesystem::path& vars_file);

} // namespace jrun::qemu
