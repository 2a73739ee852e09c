// SPDX-License-Identifier: BSD-2-Clause
// `jrun config dump FILE [--var NAME=VALUE]...`: the parsed config as JSON, exactly as libucl's
// `ucl_tool --format json` prints it.
#include "cli/cli.hpp"
#include "cli/file_include_source.hpp"
#include "ucl/json.hpp"
#include "ucl/parser.hpp"
#include "util/diagnostic.hpp"
#include "util/strings.hpp"

#include <filesystem>
#include <ostream>
#include <system_error>

namespace jrun::cli {

namespace {

constexpr std::string_view k_usage = "usage: jrun config dump FILE [--var NAME=VALUE]...";

struct DumpArgs {
    std::string file;
    std::map<std::string, std::string, std::less<>> variables;
};

// Add `NAME=VALUE` to `args`; false when it is not of that form.
bool add_variable(DumpArgs& args, std::string_view assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return false;
    }
    args.variables[std::string(assignment.substr(0, eq))] = std::string(assignment.substr(eq + 1));
    return true;
}

// Parse the arguments after `dump`; print the problem and return nullopt on a usage error.
std::optional<DumpArgs> parse_args(Context& ctx) {
    DumpArgs args;
    for (std::size_t i = 1; i < ctx.args.size(); ++i) {
        const std::string& arg = ctx.args[i];
        std::string_view assignment;
        if (arg == "--var" && i + 1 < ctx.args.size()) {
            assignment = ctx.args[++i];
        } else if (starts_with(arg, "--var=")) {
            assignment = std::string_view(arg).substr(6);
        } else if (arg == "--var" || (starts_with(arg, "-") && arg != "-")) {
            print_error(ctx,
                        "invalid option '" + arg + "'",
                        "not an option of 'jrun config dump'",
                        k_usage);
            return std::nullopt;
        } else if (args.file.empty()) {
            args.file = arg;
            continue;
        } else {
            print_error(
                ctx, "unexpected argument '" + arg + "'", "only one FILE is dumped", k_usage);
            return std::nullopt;
        }
        if (!add_variable(args, assignment)) {
            print_error(ctx,
                        "invalid --var '" + std::string(assignment) + "'",
                        "expected NAME=VALUE",
                        k_usage);
            return std::nullopt;
        }
    }
    if (args.file.empty()) {
        print_error(ctx, "missing FILE", "'jrun config dump' needs a config file", k_usage);
        return std::nullopt;
    }
    return args;
}

std::string working_directory() {
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    return ec ? std::string() : cwd.string();
}

} // namespace

int cmd_config_dump(Context& ctx) {
    const auto args = parse_args(ctx);
    if (!args) {
        return 2;
    }
    std::string why;
    auto text = FileIncludeSource::read_file(args->file, why);
    if (!text) {
        print_error(ctx, "cannot read '" + args->file + "'", why);
        return 2;
    }
    FileIncludeSource files;
    ucl::ParseOptions options;
    options.variables = args->variables;
    options.includes = &files;
    options.working_directory = working_directory();
    const auto result = ucl::parse(args->file, std::move(*text), options);
    for (const auto& warning : result.warnings) {
        ctx.err << render_diagnostic(warning) << '\n';
    }
    if (!result.document) {
        for (const auto& error : result.errors) {
            ctx.err << render_diagnostic(error) << '\n';
        }
        return 2;
    }
    ctx.out << ucl::to_json(result.document->root) << '\n';
    return 0;
}

} // namespace jrun::cli
