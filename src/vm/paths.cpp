// SPDX-License-Identifier: BSD-2-Clause
#include "vm/paths.hpp"

namespace jrun::vm {

VmPaths vm_paths(const Settings& settings) {
    VmPaths paths;
    paths.disk = settings.disk_dir + "/vm.qcow2";
    paths.efi_vars = settings.disk_dir + "/efi-vars.fd";
    paths.seed_dir = settings.cloud_dir;
    paths.seed_iso = settings.cloud_dir + "/seed.iso";
    paths.qmp_socket = settings.home + "/qmp.sock";
    paths.pid_file = settings.pid_file;
    paths.console_log = settings.log_dir + "/console.log";
    const bool bare_name = settings.ssh_key.find('/') == std::string::npos;
    paths.user_key = bare_name ? settings.ssh_dir + "/" + settings.ssh_key : settings.ssh_key;
    paths.host_key = settings.ssh_dir + "/vm_host_ed25519";
    paths.known_hosts = settings.ssh_dir + "/known_hosts";
    return paths;
}

std::string known_hosts_name(std::string_view host, std::uint16_t port) {
    if (port == 22) {
        return std::string(host);
    }
    return "[" + std::string(host) + "]:" + std::to_string(port);
}

} // namespace jrun::vm
