// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "model/config.hpp"
#include "model/recorded.hpp"
#include "plan/plan.hpp"

#include <set>
#include <string>

namespace jrun::plan {

// Add orphans handling, VM wiring and pf/DNS steps once the jail waves of `plan` are known.
void finish_plan(const model::Config& config,
                 const model::Recorded& recorded,
                 const PlanOptions& options,
                 Plan& plan);

// Append destroy waves for `names` (recorded jails) to `plan`, dependents first, promoting
// clones that stay so that their base can go; warn about dependents left behind.
void plan_removal(const model::Recorded& recorded, const std::set<std::string>& names, Plan& plan);

} // namespace jrun::plan
