// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/hostfwd.hpp"

#include <arpa/inet.h>

namespace jrun::qemu {

bool is_ipv4_address(std::string_view address) {
    in_addr parsed{};
    const std::string text(address);
    // Rationale: inet_pton accepts only the strict dotted-quad form (no "127.1", no octal),
    // which is also the only form nobody misreads.
    return ::inet_pton(AF_INET, text.c_str(), &parsed) == 1;
}

Status check_bind_address(std::string_view address) {
    if (is_ipv4_address(address)) {
        return {};
    }
    return Error{ErrorKind::config,
                 "cannot forward host ports from '" + std::string(address) + "' (JRUN_VM_HOST)",
                 "QEMU's user networking binds only to an IPv4 address",
                 "set JRUN_VM_HOST to an IPv4 address such as 127.0.0.1"};
}

std::string hostfwd_key(std::string_view bind, const model::VmForward& forward) {
    return std::string(model::to_string(forward.proto)) + ":" + std::string(bind) + ":"
           + std::to_string(forward.host_port);
}

std::string hostfwd_rule(std::string_view bind, const model::VmForward& forward) {
    return hostfwd_key(bind, forward) + "-:" + std::to_string(forward.guest_port);
}

} // namespace jrun::qemu
