// SPDX-License-Identifier: BSD-2-Clause
#include "apply/detail/health.hpp"

#include "sys/process_runner.hpp"

#include <algorithm>

namespace jrun::apply::detail {

namespace {

bool has_healthcheck(const model::Jail& jail) {
    return std::any_of(jail.execs.begin(), jail.execs.end(), [](const model::Exec& exec) {
        return exec.healthcheck.has_value();
    });
}

// Return the first exec with a health check that is not passing, or null.
const model::Exec* first_unhealthy(const model::Jail& jail,
                                   const std::vector<render::ExecHealth>& health) {
    for (const auto& exec : jail.execs) {
        if (!exec.healthcheck) {
            continue;
        }
        const auto it =
            std::find_if(health.begin(), health.end(), [&](const render::ExecHealth& h) {
                return h.exec == exec.label;
            });
        if (it == health.end() || it->state != "passing") {
            return &exec;
        }
    }
    return nullptr;
}

Error timeout_error(const render::JailWork& work,
                    const model::Exec& exec,
                    std::chrono::milliseconds limit) {
    return Error{ErrorKind::timeout,
                 "jail '" + work.name + "': health check of '" + exec.label
                     + "' did not pass within " + sys::describe_duration(limit),
                 "the check `" + exec.healthcheck->test + "` still fails",
                 "see `jrun logs " + work.name + "/" + exec.label
                     + "`; dependents of this jail were not deployed"};
}

} // namespace

Status wait_healthy(RunContext& run, const render::JailWork& work, const model::Jail& desired) {
    if (!has_healthcheck(desired)) {
        return {};
    }
    auto& clock = run.ports.clock;
    const auto limit = health_limit(desired);
    const auto deadline = clock.now() + limit;
    run.ports.reporter.progress(work.name, "waiting for health checks");
    for (;;) {
        auto result = run.ports.remote.run_script(render::health_script(work));
        if (!result.ok()) {
            return result.error();
        }
        const auto* unhealthy = first_unhealthy(desired, render::parse_health(result->out));
        if (unhealthy == nullptr) {
            return {};
        }
        if (clock.now() >= deadline) {
            return timeout_error(work, *unhealthy, limit);
        }
        clock.sleep(run.options.health_poll);
    }
}

} // namespace jrun::apply::detail
