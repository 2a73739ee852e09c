// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "model/proto.hpp"

#include <cstdint>
#include <string>

namespace jrun::config {

// What a path on the host is.
enum class PathKind : std::uint8_t { missing, directory, file, other };

// Whether a host port can be bound on the address QEMU forwards from.
enum class PortStatus : std::uint8_t { free, in_use, not_permitted };

// The checker's only window on the host: the kind of a path and whether a port is free.
// Rationale: keeping the checks of SPEC §5 that need the host behind this port keeps
// `config::check` pure; sys::RealHostProbe asks the system, tests use a fake.
class HostProbe {
public:
    virtual ~HostProbe() = default;
    // Return what `path` (absolute) is, following symlinks.
    [[nodiscard]] virtual PathKind path_kind(const std::string& path) const = 0;
    // Return whether `port` can be bound for `proto` on the forwarding address.
    [[nodiscard]] virtual PortStatus port_status(model::Proto proto, std::uint16_t port) const = 0;

protected:
    HostProbe() = default;
    HostProbe(const HostProbe&) = default;
    HostProbe& operator=(const HostProbe&) = default;
};

} // namespace jrun::config
