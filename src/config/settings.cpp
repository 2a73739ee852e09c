// SPDX-License-Identifier: BSD-2-Clause
#include "config/settings.hpp"

#include "config/detail/settings_table.hpp"
#include "config/dotenv.hpp"
#include "config/setting_values.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace jrun::config {

namespace {

using detail::SettingSpec;

const SourceFile k_environment{"environment", ""};

// Rationale: the test suite passes its own JRUN_* variables to every process it starts;
// they are not settings, and warning about them would only be noise.
constexpr std::array<std::string_view, 2> k_not_settings{"JRUN_SOURCE_DIR", "JRUN_UPDATE_GOLDEN"};
constexpr std::string_view k_test_prefix = "JRUN_TEST_";
constexpr std::string_view k_prefix = "JRUN_";

// One JRUN_* assignment, from the environment or the env file.
struct RawValue {
    std::string name; // canonical (upper case)
    std::string value;
    SettingOrigin origin;
};

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
    return out;
}

Location environment_location() {
    return {&k_environment, 0, 0};
}

void warn(std::vector<Diagnostic>& out, Location where, std::string message) {
    out.push_back({Severity::warning, where, std::move(message)});
}

// Collect the environment's JRUN_* variables by canonical name. When one name is set in several
// spellings, the upper-case one wins (else the first in byte order) and the others are reported.
std::map<std::string, RawValue, std::less<>> collect_environment(const Environment& env,
                                                                 std::vector<Diagnostic>& diags) {
    std::map<std::string, RawValue, std::less<>> out;
    for (const auto& [key, value] : env) {
        std::string name = upper(key);
        if (!starts_with(name, k_prefix)) {
            continue;
        }
        RawValue raw{name, value, {SettingSource::environment, key, environment_location()}};
        auto [it, inserted] = out.try_emplace(name, raw);
        if (inserted) {
            continue;
        }
        if (key == name) {
            std::swap(it->second, raw);
        }
        warn(diags,
             environment_location(),
             "'" + raw.origin.spelling + "' is ignored: '" + it->second.origin.spelling
                 + "' is also set");
    }
    return out;
}

// Collect the env file's JRUN_* assignments in file order; `${VAR}` expands from `env`.
std::vector<RawValue>
collect_file(const SourceFile& file, const Environment& env, std::vector<Diagnostic>& diags) {
    const auto lookup = [&env](std::string_view name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    DotenvResult parsed = parse_dotenv(file, lookup);
    diags.insert(diags.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
    std::vector<RawValue> out;
    for (auto& entry : parsed.entries) {
        std::string name = upper(entry.key);
        if (starts_with(name, k_prefix)) {
            out.push_back({std::move(name),
                           std::move(entry.value),
                           {SettingSource::env_file, entry.key, entry.value_location}});
        }
    }
    return out;
}

bool locates_env_file(std::string_view name) {
    return name == "JRUN_HOME" || name == "JRUN_ENV_FILE";
}

// Return the values that take effect, file ones first (in file order) then environment ones:
// the last assignment of a name in the file, unless the environment sets that name too.
std::vector<RawValue> effective_values(std::vector<RawValue> file,
                                       std::map<std::string, RawValue, std::less<>> env,
                                       std::vector<Diagnostic>& diags) {
    std::vector<RawValue> out;
    for (std::size_t i = 0; i < file.size(); ++i) {
        const auto later = std::find_if(file.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                        file.end(),
                                        [&](const RawValue& r) { return r.name == file[i].name; });
        if (locates_env_file(file[i].name)) {
            warn(diags,
                 file[i].origin.location,
                 file[i].name
                     + " has no effect in an env file, since it locates the env file "
                       "(set it in the environment)");
        } else if (later == file.end() && env.find(file[i].name) == env.end()) {
            out.push_back(std::move(file[i]));
        }
    }
    for (auto& [name, raw] : env) {
        if (!locates_env_file(name)) {
            out.push_back(std::move(raw));
        }
    }
    return out;
}

bool is_ignored_name(std::string_view name) {
    return starts_with(name, k_test_prefix)
           || std::find(k_not_settings.begin(), k_not_settings.end(), name) != k_not_settings.end();
}

std::string unknown_message(const RawValue& raw) {
    std::vector<std::string_view> suffixes;
    for (const auto& spec : detail::setting_specs()) {
        suffixes.push_back(spec.info.name.substr(k_prefix.size()));
    }
    const auto guess = closest_match(std::string_view(raw.name).substr(k_prefix.size()), suffixes);
    std::string message = "unknown setting '" + raw.origin.spelling + "'";
    if (guess) {
        return message + " (did you mean 'JRUN_" + *guess + "'?)";
    }
    return message + " (run 'jrun config settings' for the list)";
}

// Apply one value to `settings`, or report why it cannot be.
void apply(const RawValue& raw, const HostFacts& host, Settings& settings, SettingsLoad& out) {
    const SettingSpec* spec = detail::find_setting(raw.name);
    if (spec == nullptr) {
        if (!is_ignored_name(raw.name)) {
            warn(out.diagnostics, raw.origin.location, unknown_message(raw));
        }
        return;
    }
    const Status status = spec->apply(settings, raw.value, host);
    if (!status) {
        std::string message =
            "invalid " + raw.origin.spelling + " '" + raw.value + "': " + status.error().why;
        if (!status.error().hint.empty()) {
            message += " (" + status.error().hint + ")";
        }
        out.diagnostics.push_back({Severity::error, raw.origin.location, std::move(message)});
    }
    out.origins[raw.name] = raw.origin;
}

// Apply JRUN_HOME or JRUN_ENV_FILE from the environment, if set.
void apply_locator(const std::map<std::string, RawValue, std::less<>>& env,
                   std::string_view name,
                   const HostFacts& host,
                   Settings& settings,
                   SettingsLoad& out) {
    if (const auto it = env.find(name); it != env.end()) {
        apply(it->second, host, settings, out);
    }
}

bool has_errors(const std::vector<Diagnostic>& diags) {
    return std::any_of(diags.begin(), diags.end(), [](const Diagnostic& d) {
        return d.severity == Severity::error;
    });
}

} // namespace

std::span<const SettingInfo> setting_infos() {
    static const std::vector<SettingInfo> k_infos = [] {
        std::vector<SettingInfo> infos;
        for (const auto& spec : detail::setting_specs()) {
            infos.push_back(spec.info);
        }
        return infos;
    }();
    return k_infos;
}

const SourceFile& environment_source() {
    return k_environment;
}

std::string resolve_home(const Environment& env, const HostFacts& host) {
    std::vector<Diagnostic> ignored;
    const auto vars = collect_environment(env, ignored);
    if (const auto it = vars.find("JRUN_HOME"); it != vars.end()) {
        if (auto path = resolve_path(it->second.value, host.home_dir, host.cwd)) {
            return *path;
        }
    }
    return host.home_dir + "/.jrun";
}

EnvFileLocation env_file_location(const Environment& env, const HostFacts& host) {
    std::vector<Diagnostic> ignored;
    const auto vars = collect_environment(env, ignored);
    if (const auto it = vars.find("JRUN_ENV_FILE"); it != vars.end()) {
        if (auto path = resolve_path(it->second.value, host.home_dir, host.cwd)) {
            return {*path, true};
        }
    }
    return {resolve_home(env, host) + "/.env", false};
}

SettingsLoad
load_settings(const Environment& env, const SourceFile* env_file, const HostFacts& host) {
    SettingsLoad out;
    auto from_env = collect_environment(env, out.diagnostics);
    auto from_file = env_file != nullptr ? collect_file(*env_file, env, out.diagnostics)
                                         : std::vector<RawValue>{};
    if (host.home_dir.empty() && from_env.find("JRUN_HOME") == from_env.end()) {
        out.diagnostics.push_back({Severity::error,
                                   environment_location(),
                                   "the home directory is unknown, so JRUN_HOME has no default "
                                   "(set HOME or JRUN_HOME)"});
    }
    Settings settings = detail::default_settings(host.home_dir + "/.jrun", host);
    apply_locator(from_env, "JRUN_HOME", host, settings, out);
    settings = detail::default_settings(settings.home, host); // every default follows JRUN_HOME
    apply_locator(from_env, "JRUN_ENV_FILE", host, settings, out);
    for (const auto& raw :
         effective_values(std::move(from_file), std::move(from_env), out.diagnostics)) {
        apply(raw, host, settings, out);
    }
    for (const auto& spec : detail::setting_specs()) {
        out.origins.try_emplace(std::string(spec.info.name));
    }
    if (!has_errors(out.diagnostics)) {
        out.settings = std::move(settings);
    }
    return out;
}

std::vector<std::pair<std::string_view, std::string>> setting_values(const Settings& settings) {
    std::vector<std::pair<std::string_view, std::string>> out;
    for (const auto& spec : detail::setting_specs()) {
        out.emplace_back(spec.info.name, spec.show(settings));
    }
    return out;
}

std::uint32_t auto_qemu_cpus(std::uint32_t host_cpus) {
    if (host_cpus <= 2) {
        return 1;
    }
    return std::clamp<std::uint32_t>(host_cpus / 2, 2, 8);
}

std::uint32_t default_jobs(std::uint32_t host_cpus) {
    return std::clamp<std::uint32_t>(host_cpus, 1, 8);
}

FreebsdImage freebsd_image(std::string_view version, std::string_view tag, Arch arch) {
    // Rationale: the aarch64 images are named with FreeBSD's platform pair `arm64-aarch64`,
    // while the directory uses the bare architecture.
    const std::string release = std::string(version) + '-' + std::string(tag);
    const std::string img_arch = arch == Arch::aarch64 ? "arm64-aarch64" : "amd64";
    const std::string dir = "https://download.freebsd.org/releases/VM-IMAGES/" + release + '/'
                            + to_string(arch) + "/Latest/";
    FreebsdImage image;
    image.file_name = "FreeBSD-" + release + '-' + img_arch + "-BASIC-CLOUDINIT-zfs.raw.xz";
    image.url = dir + image.file_name;
    image.checksum_url = dir + "CHECKSUM.SHA512";
    return image;
}

FreebsdImage freebsd_image(const Settings& settings) {
    return freebsd_image(settings.bsd_version, settings.bsd_release_tag, settings.bsd_arch);
}

std::string ssh_key_path(const Settings& settings) {
    if (starts_with(settings.ssh_key, "/")) {
        return settings.ssh_key;
    }
    return settings.ssh_dir + '/' + settings.ssh_key;
}

} // namespace jrun::config
