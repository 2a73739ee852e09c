// SPDX-License-Identifier: BSD-2-Clause
// `jrun plan CONFIG [NAME...]` and `jrun up CONFIG [NAME...] --dry-run`: print what `up` would
// do, step by step, changing nothing. Works with no VM and no state (everything is new).
#include "cli/cli.hpp"
#include "cli/config_loader.hpp"
#include "cli/content_hashes.hpp"
#include "cli/plan_args.hpp"
#include "cli/state_io.hpp"
#include "plan/render.hpp"
#include "sys/real_file_system.hpp"
#include "util/strings.hpp"

#include <ostream>

namespace jrun::cli {

namespace {

std::string header(const PlanArgs& args, const state::StateStore& store, bool has_state) {
    std::string out = "plan for " + args.config;
    out += has_state ? " against " + store.state_file().string() : " (no state yet: all new)";
    return out + "; guest not probed";
}

} // namespace

int print_plan(Context& ctx, const PlanArgs& args) {
    const auto settings = load_effective_settings(ctx);
    if (!settings) {
        return 2;
    }
    const auto host = read_host_facts(ctx.env);
    const ConfigEnvironment environment{
        host, *settings->load.settings, args.variables, Severity::error, {}};
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

namespace {

constexpr std::string_view k_plan_usage =
    "jrun plan CONFIG [NAME...] [--explain] [--json] [--prune] [--recreate] [--provision] "
    "[--var NAME=VALUE]...";

} // namespace

int cmd_plan(Context& ctx) {
    const auto args = parse_plan_args(ctx, "plan", k_plan_usage);
    return args ? print_plan(ctx, *args) : 2;
}

} // namespace jrun::cli
