// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Where the VM's files live, all derived from the Settings (everything under JRUN_HOME unless a
// JRUN_*_DIR setting moves it).

#include "model/settings.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace jrun::vm {

// The files of one VM. All paths are absolute.
struct VmPaths {
    std::string disk;        // <disk_dir>/vm.qcow2: the overlay over the base image
    std::string efi_vars;    // <disk_dir>/efi-vars.fd: the VM's persistent UEFI variables
    std::string seed_dir;    // <cloud_dir>: user-data and meta-data
    std::string seed_iso;    // <cloud_dir>/seed.iso
    std::string qmp_socket;  // <home>/qmp.sock
    std::string pid_file;    // JRUN_PID_FILE
    std::string console_log; // <log_dir>/console.log: the serial console (server mode)
    std::string user_key;    // JRUN_SSH_KEY: the login key (private; `.pub` beside it)
    std::string host_key;    // <ssh_dir>/vm_host_ed25519: the VM's host key, made by jrun
    std::string known_hosts; // <ssh_dir>/known_hosts: rendered from the pinned host keys
};

// Return the paths for `settings`.
[[nodiscard]] VmPaths vm_paths(const Settings& settings);

// Return the name ssh looks the VM up by in known_hosts: "[127.0.0.1]:2222" ("host" for 22).
[[nodiscard]] std::string known_hosts_name(std::string_view host, std::uint16_t port);

} // namespace jrun::vm
