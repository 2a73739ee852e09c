// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The VM's identity before its first boot: the user's login key, the VM's host key (made by
// jrun, so that it is pinned before the first connection) and the cloud-init seed ISO.

#include "model/recorded.hpp"
#include "vm/paths.hpp"
#include "vm/ports.hpp"

namespace jrun::vm {

// What prepare_identity() produced.
struct Identity {
    model::HostKeyPin pin; // the VM's host key under known_hosts_name(vm_host, ssh_port)
    bool seed_rebuilt = false;
};

// Make sure the login key pair, the VM host key and the seed ISO exist (the ISO is rebuilt only
// when its user-data or meta-data would change). Fails with `process` (ssh-keygen, the ISO
// tool), `config` (an unusable user or interpreter name) or `io`.
[[nodiscard]] Result<Identity> prepare_identity(VmPorts& ports,
                                                const Settings& settings,
                                                const VmPaths& paths,
                                                std::uint16_t ssh_port);

// Replace the pin for `pin.host` in `pins` (or add it).
void pin_host_key(std::vector<model::HostKeyPin>& pins, const model::HostKeyPin& pin);

// Write `pins` as the jrun-owned known_hosts file (mode 0600).
[[nodiscard]] Status write_known_hosts(sys::FileSystem& fs,
                                       const std::string& path,
                                       const std::vector<model::HostKeyPin>& pins);

} // namespace jrun::vm
