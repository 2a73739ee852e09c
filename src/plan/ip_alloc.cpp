// SPDX-License-Identifier: BSD-2-Clause
#include "plan/ip_alloc.hpp"

#include <set>

namespace jrun::plan {

namespace {

// Addresses no automatic allocation may hand out, and who holds each static one.
struct Taken {
    std::set<std::string> addresses;
    std::map<std::string, std::string> static_owner; // address -> jail with it written
};

Taken taken_addresses(const model::Config& config,
                      const model::Recorded& recorded,
                      const LiveSnapshot& live) {
    Taken taken;
    for (const auto& jail : config.jails) {
        if (jail.ip) {
            taken.addresses.insert(*jail.ip);
            taken.static_owner.emplace(*jail.ip, jail.name);
        }
    }
    // Rationale: every recorded address stays taken, even one its jail is about to give up,
    // because jails move in waves and the old holder may still use it while others restart.
    std::set<std::string> ours;
    for (const auto& [name, jail] : recorded.jails) {
        ours.insert(jail.ip);
        taken.addresses.insert(jail.ip);
    }
    for (const auto& ip : live.ips_in_use) {
        if (!ours.contains(ip)) {
            taken.addresses.insert(ip); // an unmanaged jail's address
        }
    }
    return taken;
}

// Return the lowest free automatic address at or above `*cursor`, advancing the cursor.
// Rationale: addresses are only ever taken during one allocation, so the search never needs to
// look below the last address it handed out; this keeps allocation linear in the jail count.
std::optional<std::string> lowest_free(const std::set<std::string>& taken, int* cursor) {
    for (; *cursor <= k_last_auto_host; ++*cursor) {
        std::string candidate = std::string(k_subnet_prefix) + std::to_string(*cursor);
        if (!taken.contains(candidate)) {
            return candidate;
        }
    }
    return std::nullopt;
}

// The recorded address of `jail`, when it may keep it.
std::optional<std::string> keepable(const model::Jail& jail,
                                    const model::Recorded& recorded,
                                    const Taken& taken,
                                    const std::set<std::string>& handed_out) {
    const auto it = recorded.jails.find(jail.name);
    if (it == recorded.jails.end() || it->second.ip.empty()) {
        return std::nullopt;
    }
    const std::string& ip = it->second.ip;
    const auto owner = taken.static_owner.find(ip);
    if ((owner != taken.static_owner.end() && owner->second != jail.name)
        || handed_out.contains(ip)) {
        return std::nullopt;
    }
    return ip;
}

} // namespace

IpPlan allocate_ips(const model::Config& config,
                    const std::vector<std::size_t>& deploy,
                    const model::Recorded& recorded,
                    const LiveSnapshot& live) {
    Taken taken = taken_addresses(config, recorded, live);
    IpPlan out;
    std::set<std::string> handed_out;
    // Pass 1: static and kept addresses, so that a new jail never takes a kept one.
    std::vector<std::size_t> needing;
    for (const std::size_t index : deploy) {
        const auto& jail = config.jails[index];
        if (jail.ip) {
            out.allocations.push_back({jail.name, *jail.ip, "static"});
        } else if (auto kept = keepable(jail, recorded, taken, handed_out)) {
            out.allocations.push_back({jail.name, *kept, "kept"});
            taken.addresses.insert(*kept);
        } else {
            out.allocations.push_back({jail.name, "", "assigned"});
            needing.push_back(out.allocations.size() - 1);
            continue;
        }
        handed_out.insert(out.allocations.back().ip);
    }
    // Pass 2: the rest, lowest free first, in config order.
    int cursor = k_first_auto_host;
    for (const std::size_t slot : needing) {
        auto& allocation = out.allocations[slot];
        const auto ip = lowest_free(taken.addresses, &cursor);
        if (!ip) {
            out.errors.push_back("no free address left in " + std::string(k_subnet_prefix)
                                 + std::to_string(k_first_auto_host) + "-"
                                 + std::to_string(k_last_auto_host) + " for jail '"
                                 + allocation.jail + "'");
            continue;
        }
        allocation.ip = *ip;
        taken.addresses.insert(*ip);
    }
    return out;
}

} // namespace jrun::plan
