// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// QEMU user-network host forwards, as written in `-netdev user,hostfwd=...` and in the HMP
// `hostfwd_add` / `hostfwd_remove` commands.

#include "model/recorded.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>

namespace jrun::qemu {

// The id of the VM's user-mode network backend.
inline constexpr std::string_view k_netdev_id = "net0";

// Return true when `address` is a dotted-quad IPv4 address (all QEMU's slirp binds to).
[[nodiscard]] bool is_ipv4_address(std::string_view address);
// Fail with `config` unless `address` (JRUN_VM_HOST) is an IPv4 address.
[[nodiscard]] Status check_bind_address(std::string_view address);

// Return the rule "<proto>:<bind>:<host_port>-:<guest_port>", e.g. "tcp:127.0.0.1:8080-:80".
// `bind` must have passed check_bind_address().
[[nodiscard]] std::string hostfwd_rule(std::string_view bind, const model::VmForward& forward);
// Return the rule's key for hostfwd_remove: "<proto>:<bind>:<host_port>".
[[nodiscard]] std::string hostfwd_key(std::string_view bind, const model::VmForward& forward);

} // namespace jrun::qemu
