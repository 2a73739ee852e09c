// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/process_runner.hpp"
#include "sys/signals.hpp"

#include <chrono>

namespace jrun::sys {

struct RealProcessRunnerOptions {
    // Polled while waiting for a child; on an interrupt the child is terminated (SIGTERM, then
    // SIGKILL after `kill_grace`) and the wait fails with `interrupted`. A foreground child is
    // not terminated: it gets the signal (from the terminal, or passed on) and is waited for.
    // Null: never interrupted.
    const Signals* signals = nullptr;
    // How long a child gets between SIGTERM and SIGKILL on timeout or interrupt.
    std::chrono::milliseconds kill_grace{1000};
};

// Run real processes with posix_spawn, pipes and poll(). Ignores SIGPIPE in jrun (see
// ignore_sigpipe()).
class RealProcessRunner final : public ProcessRunner {
public:
    explicit RealProcessRunner(RealProcessRunnerOptions options = {});

    [[nodiscard]] Result<Completed> run(const Command& command) override;
    [[nodiscard]] Result<std::unique_ptr<Child>> spawn(const Command& command) override;

private:
    RealProcessRunnerOptions m_options;
};

} // namespace jrun::sys
