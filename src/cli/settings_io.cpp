// SPDX-License-Identifier: BSD-2-Clause
#include "cli/settings_io.hpp"

#include <pwd.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

namespace jrun::cli {

namespace {

std::string home_from_passwd() {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr
        || found->pw_dir == nullptr) {
        return {};
    }
    return found->pw_dir;
}

std::string current_directory() {
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    return ec ? std::string("/") : cwd.string();
}

std::uint32_t online_cpus() {
    const long count = sysconf(_SC_NPROCESSORS_ONLN);
    return count < 1 ? 1U : static_cast<std::uint32_t>(count);
}

std::string machine() {
    utsname names{};
    return uname(&names) == 0 ? std::string(names.machine) : std::string();
}

// The outcome of reading the env file: its text, or absent, or an error already printed.
enum class ReadOutcome { read, absent, failed };

ReadOutcome read_env_file(Context& ctx, const config::EnvFileLocation& where, std::string& text) {
    std::error_code ec;
    const auto status = std::filesystem::status(where.path, ec);
    if (!std::filesystem::exists(status)) {
        if (!where.is_explicit) {
            return ReadOutcome::absent;
        }
        print_error(ctx,
                    "cannot read env file '" + where.path + "'",
                    "no such file",
                    "JRUN_ENV_FILE names it; create it or unset JRUN_ENV_FILE");
        return ReadOutcome::failed;
    }
    std::ifstream in(where.path, std::ios::binary);
    if (std::filesystem::is_directory(status) || !in) {
        const std::string why =
            std::filesystem::is_directory(status) ? "is a directory" : std::strerror(errno);
        print_error(ctx, "cannot read env file '" + where.path + "'", why);
        return ReadOutcome::failed;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return ReadOutcome::read;
}

bool print_diagnostics(Context& ctx, const std::vector<Diagnostic>& diagnostics) {
    bool failed = false;
    for (const auto& diag : diagnostics) {
        ctx.err << render_diagnostic(diag) << '\n';
        failed = failed || diag.severity == Severity::error;
    }
    return !failed;
}

} // namespace

config::HostFacts read_host_facts(const config::Environment& env) {
    config::HostFacts facts;
    const auto home = env.find("HOME");
    facts.home_dir = home != env.end() && !home->second.empty() ? home->second : home_from_passwd();
    facts.cwd = current_directory();
    facts.cpu_count = online_cpus();
    facts.machine = machine();
    return facts;
}

std::optional<LoadedSettings> load_effective_settings(Context& ctx) {
    const config::HostFacts host = read_host_facts(ctx.env);
    LoadedSettings loaded;
    loaded.env_file = config::env_file_location(ctx.env, host);
    loaded.sources = std::make_shared<SourceSet>();
    std::string text;
    const ReadOutcome outcome = read_env_file(ctx, loaded.env_file, text);
    if (outcome == ReadOutcome::failed) {
        return std::nullopt;
    }
    const SourceFile* file = nullptr;
    if (outcome == ReadOutcome::read) {
        file = loaded.sources->add(loaded.env_file.path, std::move(text));
        loaded.env_file_present = true;
    }
    loaded.load = config::load_settings(ctx.env, file, host);
    if (!print_diagnostics(ctx, loaded.load.diagnostics) || !loaded.load.settings) {
        return std::nullopt;
    }
    return loaded;
}

} // namespace jrun::cli
