// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "model/config.hpp"
#include "model/recorded.hpp"
#include "plan/plan.hpp"

#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace jrun::plan {

// A jail as it will stand after the plan: its spec and address.
struct JailAfter {
    const model::Jail* spec;
    std::string ip;
};

// What the VM must expose for `jails` and `base`: QEMU forwards (a jail forward reaches the VM
// on the same port, pf then redirects it) and 9p shares (one per host directory).
[[nodiscard]] model::RecordedVm desired_vm(const std::vector<JailAfter>& jails,
                                           const std::optional<model::Base>& base,
                                           const model::RecordedVm& current);

// The pf rdr rules and DNS records that `jails` need; compared before/after to decide whether
// the anchor or the records must be rewritten.
using RdrRule = std::tuple<model::Proto, std::uint16_t, std::string, std::uint16_t>;
[[nodiscard]] std::set<RdrRule> rdr_rules(const std::vector<JailAfter>& jails);
[[nodiscard]] std::set<std::pair<std::string, std::string>>
dns_records(const std::vector<JailAfter>& jails);

// Return the jails of `recorded` as JailAfter entries.
[[nodiscard]] std::vector<JailAfter> recorded_jails(const model::Recorded& recorded);

// Append to `plan` the VM-level steps that take `before` to `after`: additions before the
// waves, removals (and pf/DNS rewrites) after them.
void plan_vm_wiring(const std::vector<JailAfter>& before,
                    const std::vector<JailAfter>& after,
                    const model::RecordedVm& current,
                    const model::RecordedVm& desired,
                    Plan& plan);

} // namespace jrun::plan
