// SPDX-License-Identifier: BSD-2-Clause
// Reading a config file for a command: parse, check against the settings and the host, and
// print every diagnostic. Shared by validate, plan and up.
#pragma once

#include "cli/cli.hpp"
#include "cli/settings_io.hpp"
#include "model/config.hpp"
#include "util/diagnostic.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>

namespace jrun::cli {

// What a config file is checked against.
struct ConfigEnvironment {
    config::HostFacts host;
    Settings settings;
    std::map<std::string, std::string, std::less<>> variables; // --var NAME=VALUE
    // `validate` only warns about busy host ports: it cannot tell our own VM's from others'.
    Severity busy_port_severity = Severity::error;
    // Host ports our own VM already forwards (from the state): in use, but not "busy".
    std::set<std::pair<model::Proto, std::uint16_t>> held_ports;
};

// Parse and check `file`; print its diagnostics (sorted) to ctx.err. Return the model, or
// nullopt when the file cannot be read or has errors.
[[nodiscard]] std::optional<model::Config>
load_config(Context& ctx, const std::string& file, const ConfigEnvironment& environment);

// Split `NAME=VALUE`; nullopt when it is not of that form.
[[nodiscard]] std::optional<std::pair<std::string, std::string>>
split_assignment(std::string_view text);

} // namespace jrun::cli
