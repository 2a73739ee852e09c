// SPDX-License-Identifier: BSD-2-Clause
#include "cli/plan_args.hpp"

#include "cli/config_loader.hpp"
#include "util/strings.hpp"

namespace jrun::cli {

namespace {

// Apply one flag; false when `arg` is not a flag of these commands.
bool apply_flag(const std::string& arg, PlanArgs& args) {
    if (arg == "--explain") {
        args.explain = true;
    } else if (arg == "--json") {
        args.json = true;
    } else if (arg == "--dry-run" || arg == "-n") {
        args.dry_run = true;
    } else if (arg == "--prune") {
        args.options.prune = true;
    } else if (arg == "--recreate") {
        args.options.recreate = true;
    } else if (arg == "--provision") {
        args.options.provision = true;
    } else if (arg == "--yes" || arg == "-y") {
        args.yes = true;
    } else {
        return false;
    }
    return true;
}

} // namespace

std::optional<PlanArgs>
parse_plan_args(Context& ctx, std::string_view command, std::string_view usage) {
    PlanArgs args;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < ctx.args.size(); ++i) {
        const std::string& arg = ctx.args[i];
        if (!starts_with(arg, "-") || arg == "-") {
            positional.push_back(arg);
        } else if (apply_flag(arg, args)) {
            continue;
        } else if (arg == "--var" && i + 1 < ctx.args.size()) {
            const auto pair = split_assignment(ctx.args[++i]);
            if (!pair) {
                print_error(ctx, "invalid --var '" + ctx.args[i] + "'", "expected NAME=VALUE");
                return std::nullopt;
            }
            args.variables[pair->first] = pair->second;
        } else {
            print_error(ctx,
                        "invalid option '" + arg + "'",
                        "not an option of 'jrun " + std::string(command) + "'",
                        usage);
            return std::nullopt;
        }
    }
    if (positional.empty()) {
        print_error(ctx,
                    "missing CONFIG",
                    "'jrun " + std::string(command) + "' needs a config file",
                    usage);
        return std::nullopt;
    }
    args.config = positional.front();
    args.names.assign(positional.begin() + 1, positional.end());
    args.options.targets = args.names;
    return args;
}

// Every NAME must be a jail of the config (a usage error otherwise, with a suggestion).
bool check_names(Context& ctx, const PlanArgs& args, const model::Config& config) {
    std::vector<std::string_view> known;
    for (const auto& jail : config.jails) {
        known.push_back(jail.name);
    }
    bool ok = true;
    for (const auto& name : args.names) {
        if (model::find_jail(config, name) != nullptr) {
            continue;
        }
        const auto suggestion = closest_match(name, known);
        print_error(ctx,
                    "no jail '" + name + "' in '" + args.config + "'",
                    suggestion ? "did you mean '" + *suggestion + "'?" : "not defined there",
                    "jrun plan lists a config's jails when given no names");
        ok = false;
    }
    return ok;
}

} // namespace jrun::cli
