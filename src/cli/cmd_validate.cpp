// SPDX-License-Identifier: BSD-2-Clause
// `jrun validate FILE... [--var NAME=VALUE]...`: parse and check config files, print every
// problem with file:line:col, touch nothing else (no state, no VM).
#include "cli/cli.hpp"
#include "cli/config_loader.hpp"
#include "cli/settings_io.hpp"
#include "util/strings.hpp"

#include <ostream>

namespace jrun::cli {

namespace {

constexpr std::string_view k_usage = "usage: jrun validate FILE... [--var NAME=VALUE]...";

struct ValidateArgs {
    std::vector<std::string> files;
    std::map<std::string, std::string, std::less<>> variables;
};

// Parse the arguments; print the problem and return nullopt on a usage error.
std::optional<ValidateArgs> parse_args(Context& ctx) {
    ValidateArgs args;
    bool options_done = false;
    for (std::size_t i = 0; i < ctx.args.size(); ++i) {
        const std::string& arg = ctx.args[i];
        std::string_view assignment;
        if (options_done || !starts_with(arg, "-") || arg == "-") {
            args.files.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        if (arg == "--var" && i + 1 < ctx.args.size()) {
            assignment = ctx.args[++i];
        } else if (starts_with(arg, "--var=")) {
            assignment = std::string_view(arg).substr(6);
        } else {
            print_error(
                ctx, "invalid option '" + arg + "'", "not an option of 'jrun validate'", k_usage);
            return std::nullopt;
        }
        const auto pair = split_assignment(assignment);
        if (!pair) {
            print_error(ctx,
                        "invalid --var '" + std::string(assignment) + "'",
                        "expected NAME=VALUE",
                        k_usage);
            return std::nullopt;
        }
        args.variables[pair->first] = pair->second;
    }
    if (args.files.empty()) {
        print_error(ctx, "missing FILE", "'jrun validate' needs a config file", k_usage);
        return std::nullopt;
    }
    return args;
}

std::string summary(const model::Config& config) {
    const auto n = config.jails.size();
    std::string out = std::to_string(n) + (n == 1 ? " jail" : " jails");
    if (config.base) {
        out += ", base";
    }
    return out;
}

// Check one file; print its diagnostics and, when it is valid, its summary line.
bool validate_file(Context& ctx, const std::string& file, const ConfigEnvironment& environment) {
    const auto config = load_config(ctx, file, environment);
    if (config) {
        ctx.out << file << ": ok (" << summary(*config) << ")\n";
    }
    return config.has_value();
}

} // namespace

int cmd_validate(Context& ctx) {
    auto args = parse_args(ctx);
    if (!args) {
        return 2;
    }
    const auto loaded = load_effective_settings(ctx);
    if (!loaded) {
        return 2;
    }
    ConfigEnvironment environment{read_host_facts(ctx.env),
                                  *loaded->load.settings,
                                  std::move(args->variables),
                                  Severity::warning,
                                  {}};
    bool ok = true;
    for (const auto& file : args->files) {
        ok = validate_file(ctx, file, environment) && ok;
    }
    return ok ? 0 : 2;
}

} // namespace jrun::cli
