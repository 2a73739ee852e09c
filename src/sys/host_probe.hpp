// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "config/host_probe.hpp"

#include <string>

namespace jrun::sys {

// Answer the config checker's questions about this host: stat(2) for paths, bind(2) for ports.
class RealHostProbe final : public config::HostProbe {
public:
    // `bind_address` is the IPv4 address QEMU forwards from (JRUN_VM_HOST, default 127.0.0.1).
    explicit RealHostProbe(std::string bind_address = "127.0.0.1");

    [[nodiscard]] config::PathKind path_kind(const std::string& path) const override;
    [[nodiscard]] config::PortStatus port_status(model::Proto proto,
                                                 std::uint16_t port) const override;

private:
    std::string m_bind_address;
};

} // namespace jrun::sys
