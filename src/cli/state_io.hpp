// SPDX-License-Identifier: BSD-2-Clause
// The recorded state for commands: open the store named by the settings and read it typed.
#pragma once

#include "cli/cli.hpp"
#include "model/recorded.hpp"
#include "model/settings.hpp"
#include "state/state_store.hpp"
#include "sys/file_system.hpp"

#include <optional>

namespace jrun::cli {

// Return the store for `settings` (JRUN_STATE_FILE under JRUN_HOME).
[[nodiscard]] state::StateStore
open_state_store(sys::FileSystem& fs, const Settings& settings, const std::string& user_home);

// Read the recorded state (empty when there is no state file yet). Print the error and return
// nullopt when the file is unreadable, corrupt, newer than this jrun or off-schema; the file is
// left as it is.
[[nodiscard]] std::optional<model::Recorded> load_recorded(Context& ctx, state::StateStore& store);

// Print `error` as `jrun: error: <what>: <why>` with its hint.
void print_error(Context& ctx, const Error& error);

} // namespace jrun::cli
