// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// How the recorded state follows a jail's deploy part by part, so that a failure at any point
// leaves a state from which the next plan redoes exactly what is missing.

#include "model/recorded.hpp"
#include "plan/plan.hpp"

namespace jrun::apply::detail {

// The jail exists with its desired datasets, address, mounts and forwards; its setup steps and
// execs are still those applied before (none for a new or recreated jail).
void record_prepared(model::Recorded& recorded,
                     const plan::JailPlan& plan,
                     const model::Jail& desired,
                     bool fresh);

// Setup step `step` ran successfully.
void record_setup(model::Recorded& recorded,
                  const std::string& jail,
                  const model::SetupStep& step,
                  const plan::ContentHashes& hashes);

// The jail is exactly as desired.
void record_complete(model::Recorded& recorded,
                     const plan::JailPlan& plan,
                     const model::Jail& desired,
                     const plan::ContentHashes& hashes);

} // namespace jrun::apply::detail
