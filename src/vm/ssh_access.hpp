// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// How jrun reaches the local VM over SSH: the one SshConfig every VM connection uses (the
// readiness probe, the executor's SshRemote, `jrun ssh`), so that they share the pinned
// known_hosts and one control master.

#include "model/settings.hpp"
#include "ssh/ssh_config.hpp"

namespace jrun::vm {

// Return the SshConfig for the VM of `settings`: JRUN_SSH_USER at JRUN_VM_HOST:JRUN_SSH_PORT,
// the host key pinned beforehand (strict checking against <ssh_dir>/known_hosts), the login
// key JRUN_SSH_KEY, control sockets in <home>/cm, root work through doas.
[[nodiscard]] ssh::SshConfig vm_ssh_config(const Settings& settings);

} // namespace jrun::vm
