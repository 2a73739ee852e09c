// SPDX-License-Identifier: BSD-2-Clause
#include "apply/executor.hpp"

#include "apply/detail/jail_task.hpp"
#include "apply/detail/scheduler.hpp"
#include "apply/detail/vm_wiring.hpp"

#include <algorithm>
#include <unordered_map>

namespace jrun::apply {

namespace {

using detail::JailTask;
using detail::RunContext;

struct TaskList {
    std::vector<JailTask> tasks;
    std::vector<std::vector<std::size_t>> needs;
};

// Flatten the waves into tasks; a jail needs the tasks of the jails it waits for.
TaskList make_tasks(const plan::Plan& plan, const model::Config* config) {
    TaskList list;
    std::unordered_map<std::string, std::size_t> index;
    for (const auto& wave : plan.waves) {
        for (const auto& jail : wave) {
            if (jail.action == plan::JailAction::unchanged
                || jail.action == plan::JailAction::blocked) {
                continue;
            }
            const model::Jail* desired = nullptr;
            if (config != nullptr && jail.action != plan::JailAction::destroy) {
                desired = model::find_jail(*config, jail.name);
            }
            index.emplace(jail.name, list.tasks.size());
            list.tasks.push_back({&jail, desired, false});
        }
    }
    list.needs.resize(list.tasks.size());
    for (std::size_t i = 0; i < list.tasks.size(); ++i) {
        for (const auto& name : list.tasks[i].plan->waits_for) {
            if (const auto it = index.find(name); it != index.end()) {
                list.needs[i].push_back(it->second);
                list.tasks[it->second].gate_health = true;
            }
        }
    }
    return list;
}

// Down: a jail waits for the jails destroyed in earlier waves (its dependents).
void add_wave_order(const plan::Plan& plan, TaskList& list) {
    std::size_t first_of_wave = 0;
    std::size_t next = 0;
    for (const auto& wave : plan.waves) {
        const std::size_t start = next;
        for (std::size_t k = 0; k < wave.size(); ++k, ++next) {
            for (std::size_t j = first_of_wave; j < start; ++j) {
                list.needs[next].push_back(j);
            }
        }
        first_of_wave = start;
    }
}

Outcome
collect(RunContext& run, const TaskList& list, const std::vector<detail::TaskResult>& results) {
    Outcome outcome;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& name = list.tasks[i].plan->name;
        if (results[i].state == detail::TaskState::failed) {
            outcome.failures.push_back({name, *results[i].error});
        } else if (results[i].state != detail::TaskState::succeeded) {
            outcome.skipped.push_back(name);
        }
    }
    outcome.recorded = run.recorded();
    return outcome;
}

std::optional<Error> interruption(const std::vector<detail::TaskResult>& results) {
    for (const auto& result : results) {
        if (result.error && result.error->kind == ErrorKind::interrupted) {
            return result.error;
        }
    }
    return std::nullopt;
}

Result<Outcome> run_jails(RunContext& run,
                          const TaskList& list,
                          const std::function<Status(const JailTask&)>& work) {
    const auto results = detail::run_tasks(list.needs, run.options.jobs, [&](std::size_t i) {
        const auto& task = list.tasks[i];
        auto status = work(task);
        run.ports.reporter.finished(task.plan->name, status.ok() ? nullptr : &status.error());
        return status;
    });
    if (auto stop = interruption(results)) {
        return *stop;
    }
    return collect(run, list, results);
}

bool rewrites_wiring(const plan::Plan& plan) {
    return std::any_of(
        plan.vm_steps_after.begin(), plan.vm_steps_after.end(), [](const plan::Step& s) {
            return s.kind == plan::StepKind::update_pf_anchor
                   || s.kind == plan::StepKind::update_dns;
        });
}

} // namespace

Result<Outcome> execute_up(const plan::Plan& plan,
                           const model::Config& config,
                           const model::Recorded& recorded,
                           const plan::ContentHashes& hashes,
                           Ports& ports,
                           const Options& options) {
    RunContext run(ports, options, recorded);
    const auto target = plan::apply_plan(recorded, config, plan, hashes).vm;
    if (auto saved = run.record([&](model::Recorded& r) { r.base = config.base; }); !saved.ok()) {
        return saved.error();
    }
    if (auto wired = detail::wire_before(run, target); !wired.ok()) {
        return wired.error();
    }
    const auto list = make_tasks(plan, &config);
    auto outcome = run_jails(run, list, [&](const JailTask& task) {
        return task.desired == nullptr ? detail::destroy_jail(run, task)
                                       : detail::deploy_jail(run, task, hashes);
    });
    if (!outcome.ok()) {
        return outcome;
    }
    if (auto wired = detail::wire_after(run, rewrites_wiring(plan)); !wired.ok()) {
        return wired.error();
    }
    outcome->recorded = run.recorded();
    return outcome;
}

Result<Outcome> execute_down(const plan::Plan& plan,
                             const model::Recorded& recorded,
                             Ports& ports,
                             const Options& options) {
    RunContext run(ports, options, recorded);
    auto list = make_tasks(plan, nullptr);
    add_wave_order(plan, list);
    auto outcome =
        run_jails(run, list, [&](const JailTask& task) { return detail::destroy_jail(run, task); });
    if (!outcome.ok()) {
        return outcome;
    }
    if (auto wired = detail::wire_after(run, true); !wired.ok()) {
        return wired.error();
    }
    outcome->recorded = run.recorded();
    return outcome;
}

std::chrono::milliseconds health_limit(const model::Jail& jail) {
    std::chrono::milliseconds longest{0};
    for (const auto& exec : jail.execs) {
        if (const auto& check = exec.healthcheck) {
            const auto cycles = static_cast<std::chrono::milliseconds::rep>(check->retries) + 1;
            longest =
                std::max(longest, check->start_period + check->interval * cycles + check->timeout);
        }
    }
    return longest + std::chrono::minutes(1);
}

} // namespace jrun::apply
