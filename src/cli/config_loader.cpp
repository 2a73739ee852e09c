// SPDX-License-Identifier: BSD-2-Clause
#include "cli/config_loader.hpp"

#include "cli/file_include_source.hpp"
#include "config/check.hpp"
#include "sys/host_probe.hpp"
#include "ucl/parser.hpp"

#include <filesystem>
#include <ostream>

namespace jrun::cli {

namespace {

config::CheckContext check_context(const std::filesystem::path& path,
                                   const ConfigEnvironment& environment,
                                   const config::HostProbe& probe) {
    config::CheckContext context;
    context.config_path = path.string();
    context.config_dir = path.parent_path().string();
    context.cwd = environment.host.cwd;
    context.home = environment.host.home_dir;
    context.ssh_port = environment.settings.ssh_port;
    context.default_release =
        environment.settings.bsd_version + "-" + environment.settings.bsd_release_tag;
    context.probe = &probe;
    context.busy_port_severity = environment.busy_port_severity;
    context.held_ports = environment.held_ports;
    return context;
}

} // namespace

std::optional<std::pair<std::string, std::string>> split_assignment(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return std::nullopt;
    }
    return std::pair{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

std::optional<model::Config>
load_config(Context& ctx, const std::string& file, const ConfigEnvironment& environment) {
    std::string why;
    auto text = FileIncludeSource::read_file(file, why);
    if (!text) {
        print_error(ctx, "cannot read '" + file + "'", why);
        return std::nullopt;
    }
    FileIncludeSource includes;
    ucl::ParseOptions options;
    options.variables = environment.variables;
    options.working_directory = environment.host.cwd;
    options.includes = &includes;
    const auto parsed = ucl::parse(file, std::move(*text), options);
    std::vector<Diagnostic> diagnostics = parsed.errors;
    diagnostics.insert(diagnostics.end(), parsed.warnings.begin(), parsed.warnings.end());
    std::optional<model::Config> config;
    if (parsed.document) {
        const auto path = std::filesystem::absolute(file).lexically_normal();
        const sys::RealHostProbe probe(environment.settings.vm_host);
        auto result = config::check(
            parsed.document->root, check_context(path, environment, probe), parsed.sources);
        diagnostics.insert(diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
        config = std::move(result.config);
    }
    for (const auto& diagnostic : config::sorted(std::move(diagnostics))) {
        ctx.err << render_diagnostic(diagnostic) << '\n';
    }
    return config;
}

} // namespace jrun::cli
