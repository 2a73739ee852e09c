// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Shell pieces shared by the per-jail guest scripts (jail_prepare, jail_supervise,
// jail_destroy, status, snapshots). Internal to render.

#include "render/guest.hpp"
#include "render/script.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace jrun::render::detail {

// Define the jrun_* shell functions the jail scripts use (trusted text).
void add_jail_helpers(Script& script);

// Return true when `work` has a step of `kind`.
[[nodiscard]] bool has_step(const JailWork& work, plan::StepKind kind);

// Return the sh expression of the host path `path` under "$JRUN_ROOT".
[[nodiscard]] std::string host(std::string_view path);

// Append the commands that stop jail `private_name` (its execs first) and undo every mount
// below its root; each guarded, so they do nothing for a jail that is not there.
void add_stop_jail(Script& script, std::string_view private_name);

// Append the commands that destroy the datasets of `private_name` and the origin snapshot it
// was cloned from (when jrun made it), then its files outside the datasets.
void add_destroy_datasets(Script& script, std::string_view private_name);

} // namespace jrun::render::detail
