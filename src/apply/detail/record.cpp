// SPDX-License-Identifier: BSD-2-Clause
#include "apply/detail/record.hpp"

#include <algorithm>

namespace jrun::apply::detail {

void record_prepared(model::Recorded& recorded,
                     const plan::JailPlan& plan,
                     const model::Jail& desired,
                     bool fresh) {
    const auto it = recorded.jails.find(plan.name);
    const bool had = it != recorded.jails.end() && !fresh;
    model::RecordedJail jail;
    jail.spec = desired;
    jail.spec.execs = had ? it->second.spec.execs : std::vector<model::Exec>{};
    jail.spec.setup = had ? it->second.spec.setup : std::vector<model::SetupStep>{};
    if (had) {
        jail.setup_hashes = it->second.setup_hashes;
    }
    jail.private_name = plan.private_name;
    jail.ip = plan.ip;
    recorded.jails[plan.name] = std::move(jail);
}

void record_setup(model::Recorded& recorded,
                  const std::string& jail,
                  const model::SetupStep& step,
                  const plan::ContentHashes& hashes) {
    auto& entry = recorded.jails.at(jail);
    entry.setup_hashes[step.label] = plan::setup_hash(step, hashes);
    auto& steps = entry.spec.setup;
    const auto it = std::find_if(steps.begin(), steps.end(), [&](const model::SetupStep& s) {
        return s.label == step.label;
    });
    if (it == steps.end()) {
        steps.push_back(step);
    } else {
        *it = step;
    }
}

void record_complete(model::Recorded& recorded,
                     const plan::JailPlan& plan,
                     const model::Jail& desired,
                     const plan::ContentHashes& hashes) {
    model::RecordedJail jail{desired, plan.private_name, plan.ip, {}};
    for (const auto& step : desired.setup) {
        jail.setup_hashes.emplace(step.label, plan::setup_hash(step, hashes));
    }
    recorded.jails[plan.name] = std::move(jail);
}

} // namespace jrun::apply::detail
