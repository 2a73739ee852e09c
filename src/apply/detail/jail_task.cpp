// SPDX-License-Identifier: BSD-2-Clause
#include "apply/detail/jail_task.hpp"

#include "apply/detail/health.hpp"
#include "apply/detail/record.hpp"
#include "plan/jail_diff.hpp"

#include <algorithm>

namespace jrun::apply::detail {

namespace {

using plan::StepKind;

bool has_step(const plan::JailPlan& plan, std::initializer_list<StepKind> kinds) {
    return std::any_of(plan.steps.begin(), plan.steps.end(), [&](const plan::Step& step) {
        return std::find(kinds.begin(), kinds.end(), step.kind) != kinds.end();
    });
}

// Steps done by the prepare script. Forwards are not: they live in the host's pf anchor,
// rewritten once after all jails.
bool needs_prepare(const plan::JailPlan& plan) {
    return has_step(plan,
                    {StepKind::create_jail,
                     StepKind::recreate_jail,
                     StepKind::start_jail,
                     StepKind::restart_jail,
                     StepKind::add_mount,
                     StepKind::remove_mount});
}

bool needs_supervise(const plan::JailPlan& plan) {
    return has_step(plan, {StepKind::add_exec, StepKind::write_exec, StepKind::remove_exec});
}

bool is_fresh(const plan::JailPlan& plan) {
    return has_step(plan, {StepKind::create_jail, StepKind::recreate_jail});
}

// The setup steps of `desired` that the plan runs, in config order.
std::vector<const model::SetupStep*> setup_to_run(const plan::JailPlan& plan,
                                                  const model::Jail& desired) {
    std::vector<const model::SetupStep*> out;
    for (const auto& step : desired.setup) {
        const auto subject = plan::describe(step);
        const bool planned =
            std::any_of(plan.steps.begin(), plan.steps.end(), [&](const plan::Step& s) {
                return s.kind == StepKind::run_setup && s.subject == subject;
            });
        if (planned) {
            out.push_back(&step);
        }
    }
    return out;
}

std::optional<model::RecordedJail> recorded_copy(RunContext& run, const std::string& name) {
    auto recorded = run.recorded();
    const auto it = recorded.jails.find(name);
    if (it == recorded.jails.end()) {
        return std::nullopt;
    }
    return it->second;
}

Status run_setup_steps(RunContext& run,
                       const JailTask& task,
                       const render::JailWork& work,
                       const plan::ContentHashes& hashes) {
    const auto& name = task.plan->name;
    for (const auto* step : setup_to_run(*task.plan, *task.desired)) {
        run.ports.reporter.progress(name, "setup " + step->label);
        const auto progress = [&](std::string_view line) {
            run.ports.reporter.progress(name, line);
        };
        if (auto done = run.ports.setup.run(work, *step, progress); !done.ok()) {
            return done;
        }
        if (auto saved = run.record([&](auto& r) { record_setup(r, name, *step, hashes); });
            !saved.ok()) {
            return saved;
        }
    }
    return {};
}

} // namespace

render::JailWork make_work(const JailTask& task, const model::RecordedJail* recorded) {
    render::JailWork work;
    work.desired = task.desired;
    work.recorded = recorded;
    work.name = task.plan->name;
    work.private_name = task.plan->private_name;
    work.ip = task.plan->ip;
    const model::Jail* spec = task.desired != nullptr ? task.desired
                              : recorded != nullptr   ? &recorded->spec
                                                      : nullptr;
    if (spec != nullptr && spec->base) {
        work.base_private_name = model::private_name_for(*spec->base);
    }
    work.steps = task.plan->steps;
    return work;
}

Status deploy_jail(RunContext& run, const JailTask& task, const plan::ContentHashes& hashes) {
    const auto& plan = *task.plan;
    const auto before = recorded_copy(run, plan.name);
    const bool fresh = is_fresh(plan);
    const auto work = make_work(task, fresh ? nullptr : (before ? &*before : nullptr));
    if (needs_prepare(plan)) {
        if (auto done = run_guest(run, plan.name, render::jail_prepare_script(work)); !done.ok()) {
            return done;
        }
    }
    if (auto saved = run.record([&](auto& r) { record_prepared(r, plan, *task.desired, fresh); });
        !saved.ok()) {
        return saved;
    }
    if (auto done = run_setup_steps(run, task, work, hashes); !done.ok()) {
        return done;
    }
    if (needs_supervise(plan)) {
        if (auto done = run_guest(run, plan.name, render::jail_supervise_script(work));
            !done.ok()) {
            return done;
        }
    }
    if (auto saved = run.record([&](auto& r) { record_complete(r, plan, *task.desired, hashes); });
        !saved.ok()) {
        return saved;
    }
    return task.gate_health ? wait_healthy(run, work, *task.desired) : Status{};
}

Status destroy_jail(RunContext& run, const JailTask& task) {
    const auto& plan = *task.plan;
    const auto before = recorded_copy(run, plan.name);
    auto work = make_work(task, before ? &*before : nullptr);
    std::vector<std::string> promote;
    for (const auto& step : plan.steps) {
        if (step.kind == StepKind::promote_clone) {
            promote.push_back(model::private_name_for(step.subject));
        }
    }
    if (auto done = run_guest(run, plan.name, render::jail_destroy_script(work, promote));
        !done.ok()) {
        return done;
    }
    return run.record([&](auto& r) { r.jails.erase(plan.name); });
}

} // namespace jrun::apply::detail
