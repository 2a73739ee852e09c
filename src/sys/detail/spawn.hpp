// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/command.hpp"
#include "sys/detail/pump.hpp"
#include "sys/unique_pid.hpp"
#include "util/result.hpp"

namespace jrun::sys::detail {

// A child just started: its pid and the parent's ends of its pipes.
struct Spawned {
    UniquePid pid;
    Pump pump;
};

// Start `command` with posix_spawn (PATH searched when argv[0] has no slash). Fails with
// `process` when the program cannot be run (naming it and why), with `io` for pipes or an
// output file that cannot be opened.
[[nodiscard]] Result<Spawned> spawn_process(const Command& command);

} // namespace jrun::sys::detail
