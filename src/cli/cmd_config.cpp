// SPDX-License-Identifier: BSD-2-Clause
// `jrun config ACTION ...`: dispatch to the config actions (one function each).
#include "cli/cli.hpp"
#include "util/strings.hpp"

#include <array>

namespace jrun::cli {

namespace {

constexpr std::string_view k_config_usage =
    "usage: jrun config settings [--json] | jrun config dump FILE [--var NAME=VALUE]...";

struct ConfigAction {
    std::string_view name;
    int (*run)(Context&);
};

// Rationale: a table, like k_subcommands, so that each action is one row.
constexpr std::array k_config_actions{
    ConfigAction{"settings", &cmd_config_settings},
    ConfigAction{"dump", &cmd_config_dump},
};

} // namespace

int cmd_config(Context& ctx) {
    std::vector<std::string_view> names;
    for (const auto& action : k_config_actions) {
        if (!ctx.args.empty() && action.name == ctx.args[0]) {
            return action.run(ctx);
        }
        names.push_back(action.name);
    }
    if (ctx.args.empty()) {
        print_error(ctx, "missing action", "'jrun config' needs one", k_config_usage);
        return 2;
    }
    const auto guess = closest_match(ctx.args[0], names);
    print_error(ctx,
                "unknown action '" + ctx.args[0] + "'",
                "not a 'jrun config' action",
                guess ? "did you mean 'jrun config " + *guess + "'?" : k_config_usage);
    return 2;
}

} // namespace jrun::cli
