// SPDX-License-Identifier: BSD-2-Clause
// The imperative side of settings: read the host facts and the env file, then hand them to
// the pure config::load_settings.
#pragma once

#include "cli/cli.hpp"
#include "config/settings.hpp"
#include "util/diagnostic.hpp"

#include <memory>
#include <optional>

namespace jrun::cli {

// Effective settings with what they were loaded from.
struct LoadedSettings {
    config::SettingsLoad load;          // load.settings is set
    config::EnvFileLocation env_file;   // where the env file was looked for
    bool env_file_present = false;      // whether it was found and read
    std::shared_ptr<SourceSet> sources; // owns the env file text that origins point into
};

// Return the home directory ($HOME, else the password database), the current directory, the
// online CPUs and `uname -m`.
[[nodiscard]] config::HostFacts read_host_facts(const config::Environment& env);

// Load the settings for `ctx.env`: print every warning and error to ctx.err; return nullopt
// (after printing why) when they cannot be used. An env file named by JRUN_ENV_FILE must
// exist; the default one may be absent.
[[nodiscard]] std::optional<LoadedSettings> load_effective_settings(Context& ctx);

} // namespace jrun::cli
