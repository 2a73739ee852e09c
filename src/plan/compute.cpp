// SPDX-License-Identifier: BSD-2-Clause
#include "plan/detail/compose.hpp"
#include "plan/ip_alloc.hpp"
#include "plan/jail_diff.hpp"
#include "plan/plan.hpp"
#include "plan/wiring.hpp"
#include "util/graph.hpp"
#include "util/hash.hpp"

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace jrun::plan {

std::string setup_hash(const model::SetupStep& step, const ContentHashes& hashes) {
    const nlohmann::ordered_json definition{
        {"type", step.type}, {"file", step.file}, {"url", step.url}, {"vars", step.vars}};
    std::string material = definition.dump();
    if (!step.file.empty()) {
        const auto it = hashes.find(step.file);
        material += "\ncontent:" + (it == hashes.end() ? std::string("unknown") : it->second);
    }
    return sha256_hex(material);
}

namespace {

// The config's jails as a graph: a jail needs its base and what it depends on.
struct ConfigGraph {
    std::unordered_map<std::string, std::size_t> index;
    DependencyGraph graph;

    explicit ConfigGraph(const model::Config& config)
        : graph(config.jails.size()) {
        for (std::size_t i = 0; i < config.jails.size(); ++i) {
            index.emplace(config.jails[i].name, i);
        }
        for (std::size_t i = 0; i < config.jails.size(); ++i) {
            for (const auto& name : needs(config.jails[i])) {
                if (const auto it = index.find(name); it != index.end()) {
                    graph.add_edge(i, it->second);
                }
            }
        }
    }

    static std::vector<std::string> needs(const model::Jail& jail) {
        std::vector<std::string> out;
        if (jail.base) {
            out.push_back(*jail.base);
        }
        for (const auto& dep : jail.depends) {
            if (std::find(out.begin(), out.end(), dep) == out.end()) {
                out.push_back(dep);
            }
        }
        return out;
    }
};

std::vector<std::size_t> resolve_targets(const model::Config& config,
                                         const ConfigGraph& graph,
                                         const std::vector<std::string>& targets,
                                         Plan& plan) {
    std::vector<std::size_t> roots;
    if (targets.empty()) {
        for (std::size_t i = 0; i < config.jails.size(); ++i) {
            roots.push_back(i);
        }
    }
    for (const auto& name : targets) {
        if (const auto it = graph.index.find(name); it != graph.index.end()) {
            roots.push_back(it->second);
        } else {
            plan.errors.push_back("no jail '" + name + "' in " + config.path);
        }
    }
    return graph.graph.closure(roots);
}

void plan_base(const model::Config& config,
               const model::Recorded& recorded,
               const ContentHashes& hashes,
               const PlanOptions& options,
               Plan& plan) {
    if (!config.base) {
        return;
    }
    for (const auto& step : config.base->setup) {
        const auto it = recorded.base_setup_hashes.find(step.label);
        std::string reason;
        if (options.provision) {
            reason = "--provision runs every step";
        } else if (it == recorded.base_setup_hashes.end()) {
            reason = "new base step";
        } else if (it->second != setup_hash(step, hashes)) {
            reason = "base step changed";
        }
        if (!reason.empty()) {
            plan.vm_steps_before.push_back(
                {StepKind::run_setup, "base/" + describe(step), std::move(reason)});
        }
    }
}

std::vector<std::string> names_in_deploy(const model::Config& config,
                                         const ConfigGraph& graph,
                                         std::size_t node,
                                         const std::vector<bool>& deployed) {
    std::vector<std::string> out;
    for (const std::size_t dep : graph.graph.dependencies(node)) {
        if (deployed[dep]) {
            out.push_back(config.jails[dep].name);
        }
    }
    return out;
}

} // namespace

Plan compute_plan(const model::Config& config,
                  const model::Recorded& recorded,
                  const LiveSnapshot& live,
                  const ContentHashes& hashes,
                  const PlanOptions& options) {
    Plan plan;
    const ConfigGraph graph(config);
    if (const auto cycle = graph.graph.find_cycle()) {
        std::string text;
        for (const std::size_t node : *cycle) {
            text += (text.empty() ? "" : " -> ") + config.jails[node].name;
        }
        plan.errors.push_back("dependency cycle: " + text);
        return plan;
    }
    const auto deploy = resolve_targets(config, graph, options.targets, plan);
    const auto ip_plan = allocate_ips(config, deploy, recorded, live);
    plan.ips = ip_plan.allocations;
    plan.errors.insert(plan.errors.end(), ip_plan.errors.begin(), ip_plan.errors.end());

    std::unordered_map<std::string, std::string> ip_of;
    for (const auto& allocation : plan.ips) {
        ip_of.emplace(allocation.jail, allocation.ip);
    }
    std::vector<bool> deployed(config.jails.size(), false);
    for (const std::size_t node : deploy) {
        deployed[node] = true;
    }
    for (const auto& wave : graph.graph.waves(deploy)) {
        auto& out = plan.waves.emplace_back();
        for (const std::size_t node : wave) {
            const auto& jail = config.jails[node];
            const auto it = recorded.jails.find(jail.name);
            out.push_back(diff_jail(jail,
                                    ip_of[jail.name],
                                    it == recorded.jails.end() ? nullptr : &it->second,
                                    live,
                                    hashes,
                                    options,
                                    plan.errors));
            out.back().waits_for = names_in_deploy(config, graph, node, deployed);
        }
    }
    for (const auto& [name, jail] : recorded.jails) {
        if (!graph.index.contains(name)) {
            plan.orphans.push_back(name);
        }
    }
    finish_plan(config, recorded, options, plan);
    plan_base(config, recorded, hashes, options, plan); // after the wiring it may use
    return plan;
}

} // namespace jrun::plan
