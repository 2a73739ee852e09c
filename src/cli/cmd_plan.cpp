// SPDX-License-Identifier: BSD-2-Clause
// `jrun plan CONFIG [NAME...]` and `jrun up CONFIG [NAME...] --dry-run`: print what `up` would
// do, step by step, changing nothing. Works with no VM and no state (everything is new).
#include "cli/cli.hpp"
#include "cli/config_loader.hpp"
#include "cli/content_hashes.hpp"
#include "cli/state_io.hpp"
#include "plan/render.hpp"
#include "sys/real_file_system.hpp"
#include "util/strings.hpp"

#include <ostream>

namespace jrun::cli {

namespace {

struct PlanArgs {
    std::string config;
    std::vector<std::string> names;
    std::map<std::string, std::string, std::less<>> variables;
    bool explain = false;
    bool json = false;
    bool dry_run = false;
    plan::PlanOptions options;
};

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
    } else {
        return false;
    }
    return true;
}

std::optional<PlanArgs> parse_args(Context& ctx, std::string_view command, std::string_view usage) {
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

std::string header(const PlanArgs& args, const state::StateStore& store, bool has_state) {
    std::string out = "plan for " + args.config;
    out += has_state ? " against " + store.state_file().string() : " (no state yet: all new)";
    return out + "; guest not probed";
}

int run_plan(Context& ctx, const PlanArgs& args) {
    const auto settings = load_effective_settings(ctx);
    if (!settings) {
        return 2;
    }
    const auto host = read_host_facts(ctx.env);
    const ConfigEnvironment environment{
        host, *settings->load.settings, args.variables, Severity::error};
    const auto config = load_config(ctx, args.config, environment);
    if (!config) {
        return 2;
    }
    if (!check_names(ctx, args, *config)) {
        return 2;
    }
    sys::RealFileSystem fs;
    auto store = open_state_store(fs, environment.settings, host.home_dir);
    const auto recorded = load_recorded(ctx, store);
    if (!recorded) {
        return 1;
    }
    const auto hashes = hash_playbooks(fs, *config);
    const auto plan = plan::compute_plan(*config, *recorded, {}, hashes, args.options);
    if (args.json) {
        ctx.out << plan::to_json(plan).dump(2) << '\n';
    } else {
        const bool has_state = !recorded->jails.empty() || recorded->base.has_value();
        ctx.out << plan::render_text(plan, {args.explain, false, header(args, store, has_state)});
    }
    return plan.errors.empty() ? 0 : 1;
}

constexpr std::string_view k_plan_usage =
    "jrun plan CONFIG [NAME...] [--explain] [--json] [--prune] [--recreate] [--provision] "
    "[--var NAME=VALUE]...";

} // namespace

int cmd_plan(Context& ctx) {
    const auto args = parse_args(ctx, "plan", k_plan_usage);
    return args ? run_plan(ctx, *args) : 2;
}

int cmd_up(Context& ctx) {
    const auto args = parse_args(ctx, "up", "jrun up CONFIG [NAME...] --dry-run [plan options]");
    if (!args) {
        return 2;
    }
    if (!args->dry_run) {
        print_error(ctx,
                    "'jrun up' cannot apply plans yet",
                    "the guest layer that executes them is not built in this version",
                    "'jrun up CONFIG --dry-run' (or 'jrun plan CONFIG') shows what it would do");
        return 1;
    }
    return run_plan(ctx, *args);
}

} // namespace jrun::cli
