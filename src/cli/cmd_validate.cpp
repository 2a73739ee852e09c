// SPDX-License-Identifier: BSD-2-Clause
// `jrun validate FILE... [--var NAME=VALUE]...`: parse and check config files, print every
// problem with file:line:col, touch nothing else (no state, no VM).
#include "cli/cli.hpp"
#include "cli/file_include_source.hpp"
#include "cli/settings_io.hpp"
#include "config/check.hpp"
#include "sys/host_probe.hpp"
#include "ucl/parser.hpp"
#include "util/diagnostic.hpp"
#include "util/strings.hpp"

#include <filesystem>
#include <ostream>

namespace jrun::cli {

namespace {

constexpr std::string_view k_usage = "usage: jrun validate FILE... [--var NAME=VALUE]...";

struct ValidateArgs {
    std::vector<std::string> files;
    std::map<std::string, std::string, std::less<>> variables;
};

// Return `NAME=VALUE` split, or nullopt when it is not of that form.
std::optional<std::pair<std::string, std::string>> split_assignment(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return std::nullopt;
    }
    return std::pair{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

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

// What every file is checked against: the settings and the host.
struct Environment {
    config::HostFacts host;
    Settings settings;
    ucl::ParseOptions options;
};

std::string summary(const model::Config& config) {
    const auto n = config.jails.size();
    std::string out = std::to_string(n) + (n == 1 ? " jail" : " jails");
    if (config.base) {
        out += ", base";
    }
    return out;
}

// Check one file; print its diagnostics and, when it is valid, its summary line.
bool validate_file(Context& ctx, const std::string& file, const Environment& environment) {
    std::string why;
    auto text = FileIncludeSource::read_file(file, why);
    if (!text) {
        print_error(ctx, "cannot read '" + file + "'", why);
        return false;
    }
    const auto parsed = ucl::parse(file, std::move(*text), environment.options);
    std::vector<Diagnostic> diagnostics = parsed.errors;
    diagnostics.insert(diagnostics.end(), parsed.warnings.begin(), parsed.warnings.end());
    std::optional<model::Config> config;
    if (parsed.document) {
        const auto path = std::filesystem::absolute(file).lexically_normal();
        const sys::RealHostProbe probe(environment.settings.vm_host);
        config::CheckContext context;
        context.config_path = path.string();
        context.config_dir = path.parent_path().string();
        context.cwd = environment.host.cwd;
        context.home = environment.host.home_dir;
        context.ssh_port = environment.settings.ssh_port;
        context.default_release =
            environment.settings.bsd_version + "-" + environment.settings.bsd_release_tag;
        context.probe = &probe;
        context.busy_port_severity = Severity::warning;
        auto result = config::check(parsed.document->root, context, parsed.sources);
        diagnostics.insert(diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
        config = std::move(result.config);
    }
    for (const auto& diagnostic : config::sorted(std::move(diagnostics))) {
        ctx.err << render_diagnostic(diagnostic) << '\n';
    }
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
    Environment environment{read_host_facts(ctx.env), *loaded->load.settings, {}};
    environment.options.variables = std::move(args->variables);
    environment.options.working_directory = environment.host.cwd;
    FileIncludeSource files;
    environment.options.includes = &files;
    bool ok = true;
    for (const auto& file : args->files) {
        ok = validate_file(ctx, file, environment) && ok;
    }
    return ok ? 0 : 2;
}

} // namespace jrun::cli
