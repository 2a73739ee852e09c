// SPDX-License-Identifier: BSD-2-Clause
// Settings from JRUN_* environment variables and the env file: a pure function of the
// environment, the env file's text and a few facts about the host. The CLI gathers those.
#pragma once

#include "model/settings.hpp"
#include "util/diagnostic.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::config {

using Environment = std::map<std::string, std::string, std::less<>>;

// What the settings depend on besides the environment and the env file.
struct HostFacts {
    std::string home_dir;        // the user's home directory: `~` and the default JRUN_HOME
    std::string cwd;             // relative paths in settings are relative to this directory
    std::uint32_t cpu_count = 1; // online host CPUs: the defaults of JRUN_QEMU_CPUS and JRUN_JOBS
    std::string machine;         // `uname -m`: the default of JRUN_BSD_ARCH
};

enum class SettingSource { default_value, environment, env_file };

// Where the effective value of one setting came from.
struct SettingOrigin {
    SettingSource source = SettingSource::default_value;
    std::string spelling; // the variable as written (`jrun_ssh_port`); empty for a default
    Location location;    // in the env file, or in environment_source()
};

// The outcome of loading settings. `settings` is set when no diagnostic is an error; warnings
// (unknown variables, ignored spellings) come with it.
struct SettingsLoad {
    std::optional<Settings> settings;
    std::map<std::string, SettingOrigin, std::less<>> origins; // every setting, by canonical name
    std::vector<Diagnostic> diagnostics;                       // errors and warnings, in order
};

// One row of the settings reference: name, default (as documented) and meaning.
struct SettingInfo {
    std::string_view name;
    std::string_view default_text;
    std::string_view meaning;
};

// Return every setting, in the order `jrun config settings` and docs/config.md list them.
[[nodiscard]] std::span<const SettingInfo> setting_infos();

// Return the pseudo-file that diagnostics about environment variables point to ("environment").
[[nodiscard]] const SourceFile& environment_source();

// Return JRUN_HOME: the environment's value (`~` expanded, relative to host.cwd), else
// `<home_dir>/.jrun`. An invalid value falls back to the default; load_settings reports it.
[[nodiscard]] std::string resolve_home(const Environment& env, const HostFacts& host);

// Where the env file is: JRUN_ENV_FILE from the environment, else `$JRUN_HOME/.env`.
struct EnvFileLocation {
    std::string path;
    bool is_explicit = false; // named by JRUN_ENV_FILE: then a missing file is an error
};
[[nodiscard]] EnvFileLocation env_file_location(const Environment& env, const HostFacts& host);

// Return the effective settings: defaults (paths derived from JRUN_HOME, CPUs and arch from
// `host`), overridden by the env file `env_file` (null when there is none), overridden by
// `env`. Names are case-insensitive. JRUN_HOME and JRUN_ENV_FILE are taken from `env` only,
// since they locate the env file. Every value is checked; each problem is a diagnostic naming
// the variable, at `file:line:col` or in environment_source(). Unknown JRUN_* variables are
// warnings with a suggestion.
[[nodiscard]] SettingsLoad
load_settings(const Environment& env, const SourceFile* env_file, const HostFacts& host);

// Return each setting's effective value as `jrun config settings` prints it, in setting_infos()
// order (an empty string for an unset optional value).
[[nodiscard]] std::vector<std::pair<std::string_view, std::string>>
setting_values(const Settings& settings);

// Return the JRUN_QEMU_CPUS `auto` value: 1 on hosts with up to 2 CPUs, else half of them
// clamped to 2..8.
[[nodiscard]] std::uint32_t auto_qemu_cpus(std::uint32_t host_cpus);

// Return the JRUN_JOBS default: the host's CPU count clamped to 1..8.
[[nodiscard]] std::uint32_t default_jobs(std::uint32_t host_cpus);

// The FreeBSD VM image of a release on the FreeBSD download host.
struct FreebsdImage {
    std::string file_name;    // FreeBSD-<ver>-<tag>-<img-arch>-BASIC-CLOUDINIT-zfs.raw.xz
    std::string url;          // .../VM-IMAGES/<ver>-<tag>/<arch>/Latest/<file_name>
    std::string checksum_url; // .../VM-IMAGES/<ver>-<tag>/<arch>/Latest/CHECKSUM.SHA512
};

// Return the image of FreeBSD `version`-`tag` for `arch` (`img-arch` is amd64 or arm64-aarch64).
[[nodiscard]] FreebsdImage freebsd_image(std::string_view version, std::string_view tag, Arch arch);

// Return the image the settings select from the FreeBSD mirror (JRUN_IMAGE aside).
[[nodiscard]] FreebsdImage freebsd_image(const Settings& settings);

// Return the SSH private key path: JRUN_SSH_KEY inside JRUN_SSH_DIR, or itself if absolute.
[[nodiscard]] std::string ssh_key_path(const Settings& settings);

} // namespace jrun::config
