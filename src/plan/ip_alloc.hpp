// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "model/config.hpp"
#include "model/recorded.hpp"
#include "plan/plan.hpp"

#include <string>
#include <vector>

namespace jrun::plan {

// The jail subnet (SPEC §8): bridge at .1, automatic addresses from .10 to .250.
inline constexpr std::string_view k_subnet_prefix = "10.17.89.";
inline constexpr int k_first_auto_host = 10;
inline constexpr int k_last_auto_host = 250;

// The result of IP allocation: one entry per deployed jail, and errors (pool exhausted).
struct IpPlan {
    std::vector<IpAllocation> allocations;
    std::vector<std::string> errors;
};

// Give every jail of `deploy` (indices into config.jails, config order) an address: static ones
// as written; otherwise the recorded one (unless a static address of another jail now claims
// it); otherwise the lowest free address of the automatic range. Every recorded address
// and every address seen live stays taken. Deterministic.
[[nodiscard]] IpPlan allocate_ips(const model::Config& config,
                                  const std::vector<std::size_t>& deploy,
                                  const model::Recorded& recorded,
                                  const LiveSnapshot& live);

} // namespace jrun::plan
