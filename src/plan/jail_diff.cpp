// SPDX-License-Identifier: BSD-2-Clause
#include "plan/jail_diff.hpp"

#include <algorithm>

namespace jrun::plan {

std::string describe(const model::Mount& mount) {
    return mount.label + ": " + mount.host + " -> " + mount.jail + (mount.readonly ? " (ro)" : "");
}

std::string describe(const model::Forward& forward) {
    return forward.label + ": " + std::string(model::to_string(forward.proto)) + " "
           + std::to_string(forward.host_port) + " -> " + std::to_string(forward.jail_port);
}

std::string describe(const model::SetupStep& step) {
    return step.label + ": " + (step.file.empty() ? step.url : step.file);
}

namespace {

std::string creation_source(const model::Jail& jail) {
    return jail.base ? "clone of jail '" + *jail.base + "'" : "from release " + jail.release;
}

// Find the element of `items` with label `label`.
template <class T> const T* by_label(const std::vector<T>& items, const std::string& label) {
    const auto it = std::find_if(
        items.begin(), items.end(), [&](const T& item) { return item.label == label; });
    return it == items.end() ? nullptr : &*it;
}

// Diff a labelled section: `add` for new or changed elements, `remove` for gone or changed ones.
template <class T, class Describe>
void diff_section(const std::vector<T>& before,
                  const std::vector<T>& after,
                  StepKind add,
                  StepKind remove,
                  Describe describe_item,
                  std::vector<Step>& steps) {
    for (const auto& old : before) {
        const T* now = by_label(after, old.label);
        if (now == nullptr) {
            steps.push_back({remove, describe_item(old), "removed from the config"});
        } else if (!(*now == old)) {
            steps.push_back({remove, describe_item(old), "changed in the config"});
        }
    }
    for (const auto& now : after) {
        const T* old = by_label(before, now.label);
        if (old == nullptr) {
            steps.push_back({add, describe_item(now), "added to the config"});
        } else if (!(*old == now)) {
            steps.push_back({add, describe_item(now), "changed in the config"});
        }
    }
}

void diff_execs(const model::Jail& before, const model::Jail& after, std::vector<Step>& steps) {
    for (const auto& old : before.execs) {
        if (by_label(after.execs, old.label) == nullptr) {
            steps.push_back({StepKind::remove_exec, old.label, "removed from the config"});
        }
    }
    for (const auto& now : after.execs) {
        const auto* old = by_label(before.execs, now.label);
        if (old == nullptr) {
            steps.push_back({StepKind::add_exec, now.label, "added to the config"});
        } else if (!(*old == now)) {
            steps.push_back({StepKind::write_exec, now.label, "changed in the config"});
        }
    }
}

// Why a setup step must run again, or empty when it need not.
std::string setup_rerun_reason(const model::SetupStep& step,
                               const model::RecordedJail& recorded,
                               const ContentHashes& hashes,
                               bool provision) {
    if (provision) {
        return "--provision runs every step";
    }
    const auto it = recorded.setup_hashes.find(step.label);
    if (it == recorded.setup_hashes.end()) {
        return "new step";
    }
    if (it->second == setup_hash(step, hashes)) {
        return {};
    }
    const auto* old = by_label(recorded.spec.setup, step.label);
    if (old != nullptr && *old == step) {
        return "playbook content changed";
    }
    return "definition changed";
}

void diff_setup(const model::Jail& desired,
                const model::RecordedJail& recorded,
                const ContentHashes& hashes,
                bool provision,
                std::vector<Step>& steps) {
    for (const auto& step : desired.setup) {
        auto reason = setup_rerun_reason(step, recorded, hashes, provision);
        if (!reason.empty()) {
            steps.push_back({StepKind::run_setup, describe(step), std::move(reason)});
        }
    }
}

// Release or base changed: data would be lost, so only with --recreate.
std::string recreate_reason(const model::Jail& desired, const model::Jail& applied) {
    if (desired.release != applied.release) {
        return "release changes from " + applied.release + " to " + desired.release;
    }
    if (desired.base != applied.base) {
        return "base changes from " + applied.base.value_or("none") + " to "
               + desired.base.value_or("none");
    }
    return {};
}

JailPlan make_plan(const model::Jail& desired, const std::string& ip) {
    JailPlan plan;
    plan.name = desired.name;
    plan.private_name = model::private_name_for(desired.name);
    plan.ip = ip;
    return plan;
}

void plan_update(const model::Jail& desired,
                 const model::RecordedJail& recorded,
                 const LiveSnapshot& live,
                 const ContentHashes& hashes,
                 const PlanOptions& options,
                 JailPlan& plan) {
    auto& steps = plan.steps;
    if (live.probed && !live.running.contains(recorded.private_name)) {
        steps.push_back({StepKind::start_jail, desired.name, "not running in the guest"});
    }
    if (recorded.ip != plan.ip) {
        steps.push_back({StepKind::restart_jail,
                         recorded.ip + " -> " + plan.ip,
                         "address changes from " + recorded.ip + " to " + plan.ip});
    }
    const auto& applied = recorded.spec;
    diff_section(
        applied.mounts,
        desired.mounts,
        StepKind::add_mount,
        StepKind::remove_mount,
        [](const model::Mount& m) { return describe(m); },
        steps);
    diff_section(
        applied.forwards,
        desired.forwards,
        StepKind::add_forward,
        StepKind::remove_forward,
        [](const model::Forward& f) { return describe(f); },
        steps);
    diff_setup(desired, recorded, hashes, options.provision, steps);
    diff_execs(applied, desired, steps);
    plan.action = steps.empty() ? JailAction::unchanged : JailAction::update;
    plan.reason = steps.empty() ? "up to date" : "differs from what was applied";
}

} // namespace

std::vector<Step> creation_steps(const model::Jail& desired, const std::string& reason) {
    std::vector<Step> steps{{StepKind::create_jail, creation_source(desired), reason}};
    for (const auto& mount : desired.mounts) {
        steps.push_back({StepKind::add_mount, describe(mount), reason});
    }
    for (const auto& forward : desired.forwards) {
        steps.push_back({StepKind::add_forward, describe(forward), reason});
    }
    for (const auto& step : desired.setup) {
        steps.push_back({StepKind::run_setup, describe(step), reason});
    }
    for (const auto& exec : desired.execs) {
        steps.push_back({StepKind::add_exec, exec.label, reason});
    }
    return steps;
}

JailPlan diff_jail(const model::Jail& desired,
                   const std::string& ip,
                   const model::RecordedJail* recorded,
                   const LiveSnapshot& live,
                   const ContentHashes& hashes,
                   const PlanOptions& options,
                   std::vector<std::string>& errors) {
    JailPlan plan = make_plan(desired, ip);
    if (recorded == nullptr) {
        plan.action = JailAction::create;
        plan.reason = "not in state";
        plan.steps = creation_steps(desired, "new jail");
        return plan;
    }
    if (live.probed && !live.datasets.contains(recorded->private_name)) {
        plan.action = JailAction::create;
        plan.reason = "recorded, but its dataset is missing in the guest";
        plan.steps = creation_steps(desired, plan.reason);
        return plan;
    }
    if (auto why = recreate_reason(desired, recorded->spec); !why.empty()) {
        plan.reason = why;
        if (!options.recreate) {
            plan.action = JailAction::blocked;
            errors.push_back("jail '" + desired.name + "': " + why
                             + "; recreating it destroys its data: run again with --recreate "
                               "to do it, or restore the old value");
            return plan;
        }
        plan.action = JailAction::recreate;
        plan.steps = creation_steps(desired, "recreated: " + why);
        plan.steps.front().kind = StepKind::recreate_jail;
        return plan;
    }
    plan_update(desired, *recorded, live, hashes, options, plan);
    return plan;
}

} // namespace jrun::plan
