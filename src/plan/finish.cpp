// SPDX-License-Identifier: BSD-2-Clause
#include "plan/detail/compose.hpp"
#include "plan/wiring.hpp"

#include <unordered_map>

namespace jrun::plan {

namespace {

// The jails as they will stand after `plan`: untouched recorded ones, then the planned ones.
std::vector<JailAfter> jails_after(const model::Config& config,
                                   const model::Recorded& recorded,
                                   const std::set<std::string>& removed,
                                   const Plan& plan) {
    std::unordered_map<std::string, const model::Jail*> desired;
    for (const auto& jail : config.jails) {
        desired.emplace(jail.name, &jail);
    }
    std::set<std::string> planned;
    std::vector<JailAfter> out;
    for (const auto& wave : plan.waves) {
        for (const auto& jail : wave) {
            if (jail.action == JailAction::destroy) {
                continue;
            }
            planned.insert(jail.name);
            const auto rec = recorded.jails.find(jail.name);
            if (jail.action == JailAction::blocked && rec != recorded.jails.end()) {
                out.push_back({&rec->second.spec, rec->second.ip});
            } else if (jail.action != JailAction::blocked) {
                out.push_back({desired.at(jail.name), jail.ip});
            }
        }
    }
    for (const auto& [name, jail] : recorded.jails) {
        if (!planned.contains(name) && !removed.contains(name)) {
            out.push_back({&jail.spec, jail.ip});
        }
    }
    return out;
}

} // namespace

void finish_plan(const model::Config& config,
                 const model::Recorded& recorded,
                 const PlanOptions& options,
                 Plan& plan) {
    std::set<std::string> removed;
    if (options.prune) {
        removed.insert(plan.orphans.begin(), plan.orphans.end());
        plan_removal(recorded, removed, plan);
    } else if (!plan.orphans.empty()) {
        std::string names;
        for (const auto& name : plan.orphans) {
            names += (names.empty() ? "'" : ", '") + name + "'";
        }
        plan.warnings.push_back("in state but not in the config (kept; --prune removes them): "
                                + names);
    }
    const auto before = recorded_jails(recorded);
    const auto after = jails_after(config, recorded, removed, plan);
    const auto& base = config.base ? config.base : recorded.base;
    const auto desired = desired_vm(after, base, recorded.vm);
    plan_vm_wiring(before, after, recorded.vm, desired, plan);
}

} // namespace jrun::plan
