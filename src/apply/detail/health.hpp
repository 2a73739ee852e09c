// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "apply/detail/run_context.hpp"

namespace jrun::apply::detail {

// Wait until every health check of `desired`'s execs passes in the jail of `work`, polling
// (one round trip each) until apply::health_limit(desired); the timeout names the check.
[[nodiscard]] Status
wait_healthy(RunContext& run, const render::JailWork& work, const model::Jail& desired);

} // namespace jrun::apply::detail
