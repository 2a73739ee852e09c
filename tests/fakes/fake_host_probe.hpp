// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "config/host_probe.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace jrun::test {

// A host made of a path table and a set of busy ports; everything else is missing or free.
class FakeHostProbe final : public config::HostProbe {
public:
    std::map<std::string, config::PathKind, std::less<>> paths;
    std::set<std::pair<model::Proto, std::uint16_t>> busy;
    std::set<std::pair<model::Proto, std::uint16_t>> denied;
    mutable int port_probes = 0;

    FakeHostProbe& dir(const std::string& path) {
        paths[path] = config::PathKind::directory;
        return *this;
    }
    FakeHostProbe& file(const std::string& path) {
        paths[path] = config::PathKind::file;
        return *this;
    }

    [[nodiscard]] config::PathKind path_kind(const std::string& path) const override {
        const auto it = paths.find(path);
        return it == paths.end() ? config::PathKind::missing : it->second;
    }

    [[nodiscard]] config::PortStatus port_status(model::Proto proto,
                                                 std::uint16_t port) const override {
        ++port_probes;
        if (denied.contains({proto, port})) {
            return config::PortStatus::not_permitted;
        }
        return busy.contains({proto, port}) ? config::PortStatus::in_use : config::PortStatus::free;
    }
};

} // namespace jrun::test
