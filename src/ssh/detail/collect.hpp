// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ssh/remote.hpp"
#include "sys/process_runner.hpp"

namespace jrun::ssh::detail {

// Start `command`, pass each stdout line to `on_line` (when given) as it arrives, and return how
// it ended with everything it wrote. A final line without a newline is passed on at the end.
// Fails as ProcessRunner::spawn and Child::wait do.
[[nodiscard]] Result<sys::Completed>
run_collecting(sys::ProcessRunner& runner, const sys::Command& command, const LineSink& on_line);

// Return the exit code of `status`, or 128 + the signal number as a shell reports it.
[[nodiscard]] int shell_exit_code(const sys::ExitStatus& status);

} // namespace jrun::ssh::detail
