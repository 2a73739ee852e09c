// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The arguments shared by `jrun plan` and `jrun up`.

#include "cli/cli.hpp"
#include "model/config.hpp"
#include "plan/plan.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jrun::cli {

struct PlanArgs {
    std::string config;
    std::vector<std::string> names;
    std::map<std::string, std::string, std::less<>> variables;
    bool explain = false;
    bool json = false;
    bool dry_run = false;
    bool yes = false; // -y: no confirmation (up --recreate)
    plan::PlanOptions options;
};

// Parse `ctx.args` of `jrun COMMAND`; print the problem and return nullopt on a usage error.
[[nodiscard]] std::optional<PlanArgs>
parse_plan_args(Context& ctx, std::string_view command, std::string_view usage);

// Every NAME must be a jail of the config (a usage error otherwise, with a suggestion).
[[nodiscard]] bool check_names(Context& ctx, const PlanArgs& args, const model::Config& config);

// `jrun plan` and `jrun up --dry-run`: print the plan against the recorded state.
[[nodiscard]] int print_plan(Context& ctx, const PlanArgs& args);

} // namespace jrun::cli
