// SPDX-License-Identifier: BSD-2-Clause
#include "plan/detail/compose.hpp"
#include "plan/wiring.hpp"
#include "util/graph.hpp"

#include <algorithm>
#include <unordered_map>

namespace jrun::plan {

namespace {

// The recorded jails as a graph, in name order (the state's order).
struct RecordedGraph {
    std::vector<const model::RecordedJail*> jails;
    std::unordered_map<std::string, std::size_t> index;
    DependencyGraph graph{0};
    std::vector<std::vector<std::size_t>> dependents;

    explicit RecordedGraph(const model::Recorded& recorded)
        : graph(recorded.jails.size()) {
        for (const auto& [name, jail] : recorded.jails) {
            index.emplace(name, jails.size());
            jails.push_back(&jail);
        }
        for (std::size_t i = 0; i < jails.size(); ++i) {
            const auto& spec = jails[i]->spec;
            if (spec.base) {
                add(i, *spec.base);
            }
            for (const auto& dep : spec.depends) {
                add(i, dep);
            }
        }
        dependents = graph.dependents();
    }

    void add(std::size_t node, const std::string& dependency) {
        if (const auto it = index.find(dependency); it != index.end() && it->second != node) {
            graph.add_edge(node, it->second);
        }
    }
};

JailPlan destroy_plan(const model::RecordedJail& jail) {
    JailPlan plan;
    plan.name = jail.spec.name;
    plan.private_name = jail.private_name;
    plan.ip = jail.ip;
    plan.action = JailAction::destroy;
    plan.reason = "removed";
    return plan;
}

// Warn about, and handle, jails that stay while something they need goes.
void handle_survivors(const RecordedGraph& g,
                      const std::set<std::string>& names,
                      std::size_t node,
                      JailPlan& plan,
                      Plan& out) {
    for (const std::size_t other : g.dependents[node]) {
        const auto& spec = g.jails[other]->spec;
        if (names.contains(spec.name)) {
            continue;
        }
        if (spec.base == plan.name) {
            plan.steps.push_back({StepKind::promote_clone,
                                  spec.name,
                                  "jail '" + spec.name + "' is a ZFS clone of '" + plan.name
                                      + "' and stays: it takes over the shared snapshot"});
        }
        if (std::find(spec.depends.begin(), spec.depends.end(), plan.name) != spec.depends.end()) {
            out.warnings.push_back("jail '" + spec.name + "' depends on '" + plan.name
                                   + "', which is being removed; it is left running");
        }
    }
}

} // namespace

void plan_removal(const model::Recorded& recorded, const std::set<std::string>& names, Plan& plan) {
    const RecordedGraph g(recorded);
    std::vector<std::size_t> subset;
    for (const auto& name : names) {
        if (const auto it = g.index.find(name); it != g.index.end()) {
            subset.push_back(it->second);
        }
    }
    std::sort(subset.begin(), subset.end());
    auto waves = g.graph.waves(subset);
    std::reverse(waves.begin(), waves.end()); // dependents go first
    for (const auto& wave : waves) {
        auto& out = plan.waves.emplace_back();
        for (const std::size_t node : wave) {
            JailPlan jail = destroy_plan(*g.jails[node]);
            handle_survivors(g, names, node, jail, plan);
            jail.steps.push_back({StepKind::destroy_jail, jail.name, "removed"});
            out.push_back(std::move(jail));
        }
    }
}

Plan compute_down_plan(const model::Recorded& recorded, const std::vector<std::string>& names) {
    Plan plan;
    std::set<std::string> selected;
    for (const auto& name : names) {
        if (!recorded.jails.contains(name)) {
            plan.warnings.push_back("jail '" + name + "' is not in state; skipped");
        } else {
            selected.insert(name);
        }
    }
    if (names.empty()) {
        for (const auto& [name, jail] : recorded.jails) {
            selected.insert(name);
        }
    }
    plan_removal(recorded, selected, plan);
    std::vector<JailAfter> after;
    for (const auto& [name, jail] : recorded.jails) {
        if (!selected.contains(name)) {
            after.push_back({&jail.spec, jail.ip});
        }
    }
    const auto desired = desired_vm(after, recorded.base, recorded.vm);
    plan_vm_wiring(recorded_jails(recorded), after, recorded.vm, desired, plan);
    return plan;
}

} // namespace jrun::plan
