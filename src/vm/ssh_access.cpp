// SPDX-License-Identifier: BSD-2-Clause
#include "vm/ssh_access.hpp"

#include "vm/paths.hpp"

namespace jrun::vm {

ssh::SshConfig vm_ssh_config(const Settings& settings) {
    const auto paths = vm_paths(settings);
    ssh::SshConfig config;
    config.target = {settings.ssh_user, settings.vm_host, settings.ssh_port, true};
    config.identity_file = paths.user_key;
    config.known_hosts = paths.known_hosts;
    config.control_dir = settings.home + "/cm";
    config.become = true;
    return config;
}

} // namespace jrun::vm
