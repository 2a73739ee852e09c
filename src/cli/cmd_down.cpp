// SPDX-License-Identifier: BSD-2-Clause
// `jrun down [NAME...] [-y]`: destroy jails (all recorded ones without names) and everything
// wired to them, dependents first; a clone that stays is promoted before its base goes.
#include "cli/cli.hpp"
#include "cli/confirm.hpp"
#include "cli/executor_ports.hpp"
#include "cli/state_io.hpp"
#include "plan/render.hpp"
#include "util/strings.hpp"

#include <ostream>

namespace jrun::cli {

namespace {

struct DownArgs {
    std::vector<std::string> names;
    bool yes = false;
};

std::optional<DownArgs> parse_down_args(Context& ctx) {
    DownArgs args;
    for (const auto& arg : ctx.args) {
        if (arg == "-y" || arg == "--yes") {
            args.yes = true;
        } else if (starts_with(arg, "-")) {
            print_error(ctx,
                        "invalid option '" + arg + "'",
                        "not an option of 'jrun down'",
                        "jrun down [NAME...] [-y]");
            return std::nullopt;
        } else {
            args.names.push_back(arg);
        }
    }
    return args;
}

std::string question(const plan::Plan& plan) {
    std::vector<std::string> names;
    for (const auto& wave : plan.waves) {
        for (const auto& jail : wave) {
            names.push_back(jail.name);
        }
    }
    return "destroy " + std::to_string(names.size()) + " jail(s) and their data ("
           + join(names, ", ") + ")?";
}

} // namespace

int cmd_down(Context& ctx) {
    const auto args = parse_down_args(ctx);
    if (!args) {
        return 2;
    }
    auto session = open_offline_session(ctx, true);
    if (!session) {
        return 1;
    }
    const auto plan = plan::compute_down_plan(session->recorded, args->names);
    for (const auto& warning : plan.warnings) {
        print_warning(ctx, warning);
    }
    if (plan.waves.empty()) {
        ctx.out << (args->names.empty() ? "nothing to do: there are no jails\n"
                                        : "nothing to do: no such jail in state\n");
        return 0;
    }
    if (!confirm(ctx, question(plan), args->yes)) {
        return 1;
    }
    if (!attach_remote(ctx, *session)) {
        return 1;
    }
    ExecutorPorts ports(ctx, *session);
    auto bound = ports.ports();
    auto outcome = apply::execute_down(plan, session->recorded, bound, ports.options());
    if (!outcome.ok()) {
        print_error(ctx, outcome.error());
        return exit_code_for(outcome.error().kind);
    }
    return report_outcome(ctx, *outcome, "destroyed");
}

} // namespace jrun::cli
