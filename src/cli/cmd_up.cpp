// SPDX-License-Identifier: BSD-2-Clause
// `jrun up CONFIG [NAME...]`: probe the host, plan, and execute the plan (SPEC §6).
#include "cli/cli.hpp"
#include "cli/config_loader.hpp"
#include "cli/content_hashes.hpp"
#include "cli/executor_ports.hpp"
#include "cli/host_bootstrap.hpp"
#include "cli/plan_args.hpp"
#include "cli/state_io.hpp"
#include "plan/render.hpp"

#include <ostream>

namespace jrun::cli {

namespace {

constexpr std::string_view k_up_usage =
    "jrun up CONFIG [NAME...] [--dry-run] [--explain] [--json] [--prune] [--recreate] "
    "[--provision] [--var NAME=VALUE]...";

// Our own VM's forwards are in use by us, not "busy" (config check of free host ports).
std::set<std::pair<model::Proto, std::uint16_t>> held_ports(const model::Recorded& recorded) {
    std::set<std::pair<model::Proto, std::uint16_t>> held;
    for (const auto& forward : recorded.vm.forwards) {
        held.emplace(forward.proto, forward.host_port);
    }
    if (recorded.vm.ssh_port) {
        held.emplace(model::Proto::tcp, *recorded.vm.ssh_port);
    }
    return held;
}

std::optional<model::Config>
load_for_up(Context& ctx, const PlanArgs& args, GuestSession& session) {
    ConfigEnvironment environment{
        session.host, session.effective(), args.variables, Severity::error, {}};
    environment.held_ports = held_ports(session.recorded);
    auto config = load_config(ctx, args.config, environment);
    if (!config || !check_names(ctx, args, *config)) {
        return std::nullopt;
    }
    return config;
}

// "3 round trips to root@host:22": machine-independent cost of a run (docs/benchmarks.md).
std::string round_trips(const GuestSession& session) {
    const auto count = session.remote->round_trips();
    return std::to_string(count) + (count == 1 ? " round trip to " : " round trips to ")
           + session.remote->describe();
}

int execute(Context& ctx,
            GuestSession& session,
            const model::Config& config,
            const PlanArgs& args) {
    auto live = probe_guest(session);
    if (!live.ok()) {
        print_error(ctx, live.error());
        return 1;
    }
    if (auto ready = prepare_host(ctx, session, config, *live); !ready.ok()) {
        print_error(ctx, ready.error());
        return exit_code_for(ready.error().kind);
    }
    const auto hashes = hash_playbooks(session.fs, config);
    const auto plan = plan::compute_plan(config, session.recorded, *live, hashes, args.options);
    if (!plan.errors.empty()) {
        ctx.out << plan::render_text(plan, {args.explain, false, "plan for " + args.config});
        return 1;
    }
    if (plan.empty()) {
        ctx.out << "nothing to do: every jail of " << args.config << " is up to date ("
                << round_trips(session) << ")\n";
        return 0;
    }
    ctx.out << plan::render_text(plan, {args.explain, false, "applying " + args.config});
    ExecutorPorts ports(ctx, session);
    auto bound = ports.ports();
    auto outcome =
        apply::execute_up(plan, config, session.recorded, hashes, bound, ports.options());
    if (!outcome.ok()) {
        print_error(ctx, outcome.error());
        return exit_code_for(outcome.error().kind);
    }
    const int code = report_outcome(ctx, *outcome, "deployed");
    if (code == 0) {
        ctx.out << "done: " << args.config << " is up (" << round_trips(session) << ")\n";
    }
    return code;
}

} // namespace

int cmd_up(Context& ctx) {
    const auto args = parse_plan_args(ctx, "up", k_up_usage);
    if (!args) {
        return 2;
    }
    if (args->dry_run || args->json) {
        return print_plan(ctx, *args);
    }
    auto session = open_offline_session(ctx, true);
    if (!session) {
        return 1;
    }
    const auto config = load_for_up(ctx, *args, *session);
    if (!config) {
        return 2;
    }
    if (!attach_remote(ctx, *session)) {
        return 1;
    }
    return execute(ctx, *session, *config, *args);
}

} // namespace jrun::cli
