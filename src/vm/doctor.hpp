// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// `jrun doctor`: check what the VM needs from the host, each problem with its fix.

#include "model/settings.hpp"
#include "vm/ports.hpp"

#include <string>
#include <vector>

namespace jrun::vm {

// One check's outcome.
struct Finding {
    std::string name; // "QEMU", "accelerator", ...
    bool ok = false;
    bool warning = false; // works, but not as well as it could (TCG fallback)
    std::string detail;   // what was found, or what is wrong
    std::string fix;      // how to fix it; empty when ok
};

// Run every check: QEMU binary and version, accelerator (why KVM is or is not used), firmware,
// 9p support, ssh, ssh-keygen, ansible-playbook, an ISO tool, qemu-img, and whether the SSH
// port is free (or held by our own running VM).
[[nodiscard]] std::vector<Finding> run_doctor(VmPorts& ports, const Settings& settings);

// Return the first line of `text`, trimmed.
[[nodiscard]] std::string first_line(std::string_view text);

} // namespace jrun::vm
