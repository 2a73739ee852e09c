// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// One jail's part of an `up` or `down`: deploy (prepare, setup playbooks, supervision, health)
// or destroy, recording progress after each part.

#include "apply/detail/run_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace jrun::apply::detail {

struct JailTask {
    const plan::JailPlan* plan = nullptr;
    const model::Jail* desired = nullptr; // null when the jail is destroyed
    bool gate_health = false;             // a dependent waits for this jail's health checks
};

// Bring one jail to its plan. Fails with the first step that failed.
[[nodiscard]] Status
deploy_jail(RunContext& run, const JailTask& task, const plan::ContentHashes& hashes);

// Destroy one jail (its plan's promote_clone steps name the clones that take over).
[[nodiscard]] Status destroy_jail(RunContext& run, const JailTask& task);

// Return the JailWork of `task`: `recorded` is the jail as recorded (or null), kept alive by the
// caller.
[[nodiscard]] render::JailWork make_work(const JailTask& task, const model::RecordedJail* recorded);

} // namespace jrun::apply::detail
