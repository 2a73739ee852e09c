// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "model/config.hpp"
#include "model/recorded.hpp"
#include "plan/plan.hpp"

#include <string>

namespace jrun::plan {

// Human-readable subjects of steps, shared by the planner and its tests.
std::string describe(const model::Mount& mount);
std::string describe(const model::Forward& forward);
std::string describe(const model::SetupStep& step);

// Plan one jail: `desired` at address `ip`, against `recorded` (null when not in state).
// `errors` receives conditions that stop `up` (e.g. a release change without --recreate).
[[nodiscard]] JailPlan diff_jail(const model::Jail& desired,
                                 const std::string& ip,
                                 const model::RecordedJail* recorded,
                                 const LiveSnapshot& live,
                                 const ContentHashes& hashes,
                                 const PlanOptions& options,
                                 std::vector<std::string>& errors);

// Steps that build `desired` from nothing, in execution order: create, mounts, forwards, setup,
// execs (execs last, so that processes start after setup has installed them).
[[nodiscard]] std::vector<Step> creation_steps(const model::Jail& desired,
                                               const std::string& reason);

} // namespace jrun::plan
