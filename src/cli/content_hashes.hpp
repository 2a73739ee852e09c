// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "model/config.hpp"
#include "plan/plan.hpp"
#include "sys/file_system.hpp"

namespace jrun::cli {

// Hash every local playbook the config's setup steps name (jails and base): the playbook file
// itself plus, when present, the `templates/` and `files/` folders beside it (Ansible's
// conventional places for what a playbook copies), so that editing any of them re-runs the
// step. A file that cannot be read hashes as "unreadable" (the checker has already made sure
// it existed).
[[nodiscard]] plan::ContentHashes hash_playbooks(sys::FileSystem& fs, const model::Config& config);

} // namespace jrun::cli
