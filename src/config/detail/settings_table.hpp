// SPDX-License-Identifier: BSD-2-Clause
// The table of JRUN_* settings: how each is parsed into Settings and shown back.
#pragma once

#include "config/settings.hpp"
#include "util/result.hpp"

#include <span>
#include <string>
#include <string_view>

namespace jrun::config::detail {

struct SettingSpec {
    SettingInfo info;
    // Set the setting in `settings` from `value`; fail (kind `config`) saying what was expected.
    Status (*apply)(Settings& settings, std::string_view value, const HostFacts& host);
    // Return the setting's value as `jrun config settings` prints it.
    std::string (*show)(const Settings& settings);
};

// Return every setting in display order.
[[nodiscard]] std::span<const SettingSpec> setting_specs();

// Return the spec named `name` (canonical upper case), or null.
[[nodiscard]] const SettingSpec* find_setting(std::string_view name);

// Return the defaults for `host` with every path under `home`.
[[nodiscard]] Settings default_settings(const std::string& home, const HostFacts& host);

} // namespace jrun::config::detail
