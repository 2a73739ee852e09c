// SPDX-License-Identifier: BSD-2-Clause
#include "plan/plan.hpp"
#include "plan/wiring.hpp"

#include <unordered_map>

namespace jrun::plan {

namespace {

std::map<std::string, std::string> hashes_of(const std::vector<model::SetupStep>& steps,
                                             const ContentHashes& hashes) {
    std::map<std::string, std::string> out;
    for (const auto& step : steps) {
        out.emplace(step.label, setup_hash(step, hashes));
    }
    return out;
}

} // namespace

model::Recorded apply_plan(const model::Recorded& recorded,
                           const model::Config& config,
                           const Plan& plan,
                           const ContentHashes& hashes) {
    model::Recorded out = recorded;
    std::unordered_map<std::string, const model::Jail*> desired;
    for (const auto& jail : config.jails) {
        desired.emplace(jail.name, &jail);
    }
    for (const auto& wave : plan.waves) {
        for (const auto& jail : wave) {
            if (jail.action == JailAction::destroy) {
                out.jails.erase(jail.name);
            } else if (jail.action != JailAction::blocked) {
                const model::Jail& spec = *desired.at(jail.name);
                out.jails[jail.name] = model::RecordedJail{
                    spec, jail.private_name, jail.ip, hashes_of(spec.setup, hashes)};
            }
        }
    }
    if (config.base) {
        out.base = config.base;
        out.base_setup_hashes = hashes_of(config.base->setup, hashes);
    }
    out.vm = desired_vm(recorded_jails(out), out.base, recorded.vm);
    return out;
}

} // namespace jrun::plan
