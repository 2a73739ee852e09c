// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The host-level part of a run: QEMU forwards and 9p shares added before the jails deploy,
// removed after them, and the pf anchor and DNS records rewritten for the jails recorded then.

#include "apply/detail/run_context.hpp"

namespace jrun::apply::detail {

// Add what `target` has and the recorded VM lacks (forwards, shares mounted in the host).
[[nodiscard]] Status wire_before(RunContext& run, const model::RecordedVm& target);

// Rewrite the pf anchor and DNS records when `rewrite`, then remove what the recorded jails no
// longer need (forwards, shares).
[[nodiscard]] Status wire_after(RunContext& run, bool rewrite);

} // namespace jrun::apply::detail
