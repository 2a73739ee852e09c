// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A VM in the foreground (`jrun start --mode tty|graphic`): QEMU runs as a child on jrun's
// terminal while a worker thread does what server mode does after the launch (readiness, then
// the caller's guest preparation) and hands the state back before QEMU exits.

#include "qemu/launch_spec.hpp"
#include "sys/process_runner.hpp"
#include "sys/signals.hpp"
#include "vm/ports.hpp"
#include "vm/readiness.hpp"

#include <functional>
#include <optional>
#include <string_view>

namespace jrun::vm {

// The VM as the worker found it once SSH logins work.
struct ReadyVm {
    Readiness readiness;
    std::optional<int> pid;
    // Interrupted once QEMU has exited or jrun received a signal: every process the guest
    // preparation starts must be run under it, so that it stops promptly.
    const sys::Signals& stop;
};

// How the worker ended.
struct WorkerReport {
    bool answered = false;              // QEMU answered on QMP: it ran with the recorded wiring
    std::optional<Readiness> readiness; // set once SSH logins worked
    Status status;                      // the worker's result
    bool cut_short = false; // it failed because QEMU was gone (the user quit, or a signal)
};

// What the caller adds to the foreground run. Every function may be empty.
struct ForegroundWork {
    // Called on the calling thread just before QEMU takes the terminal.
    std::function<void()> launching;
    // The worker's progress lines; empty: VmPorts::say. Rationale: in tty mode the terminal is
    // the guest's console (raw mode), so the caller sends them to a log file.
    std::function<void(std::string_view)> say;
    // Run on the worker once SSH logins work: the guest preparation.
    std::function<Status(const ReadyVm&)> prepare;
    // Run on the worker as its last action, whatever happened, while QEMU may still run: save
    // the state and release its lock, so other jrun commands can use the VM.
    std::function<void(const WorkerReport&)> finished;
};

// How the foreground run ended: QEMU's exit, and the worker's report.
struct ForegroundOutcome {
    sys::ExitStatus qemu = sys::ExitStatus::exited(0);
    WorkerReport worker;
};

// Run QEMU for `spec` in the foreground (its previous console log removed first) until it
// exits, with the worker beside it: wait for QMP (QEMU creates its socket after the spawn),
// wait_until_ready() with `readiness`, then `work.prepare`, then `work.finished`. When QEMU
// exits first, the worker is stopped and joined before this returns. Fails only when QEMU
// cannot be run at all (`process`, `io`); QEMU's exit status is in the outcome. A worker that
// fails while QEMU runs leaves QEMU running: the user owns the console.
[[nodiscard]] Result<ForegroundOutcome> run_in_foreground(VmPorts& ports,
                                                          const qemu::LaunchSpec& spec,
                                                          const ReadinessOptions& readiness,
                                                          const ForegroundWork& work);

} // namespace jrun::vm
