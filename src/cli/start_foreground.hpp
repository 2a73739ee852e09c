// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// `jrun start --mode tty|graphic`: what runs beside the foreground QEMU (vm::ForegroundWork:
// readiness report, guest preparation, state saved and its lock released while the VM runs)
// and the summary once QEMU has exited.

#include "cli/cli.hpp"
#include "cli/vm_runtime.hpp"
#include "model/settings.hpp"
#include "qemu/host.hpp"
#include "sys/clock.hpp"
#include "sys/file_system.hpp"
#include "sys/signals.hpp"
#include "vm/foreground.hpp"

#include <fstream>
#include <optional>
#include <string>

namespace jrun::cli {

// Return "VM started on HOST:PORT (pid N): SSH ready after ... (console after ..., ...)".
[[nodiscard]] std::string
describe_ready(const Settings& settings, const vm::Readiness& ready, std::optional<int> pid);

// Return the log of the worker's progress in tty mode: `<log_dir>/start.log`.
[[nodiscard]] std::string start_log_path(const Settings& settings);

// One foreground start. Rationale: in tty mode the terminal is the guest's console in raw
// mode, so the worker writes to the start log (a plain std::ofstream: a log of this run, like
// the streams of `ctx`) and the terminal gets a summary once QEMU has exited.
class ForegroundStart {
public:
    ForegroundStart(Context& ctx, const Settings& settings, qemu::Mode mode, LockedState& locked);
    ForegroundStart(const ForegroundStart&) = delete;
    ForegroundStart& operator=(const ForegroundStart&) = delete;
    ForegroundStart(ForegroundStart&&) = delete;
    ForegroundStart& operator=(ForegroundStart&&) = delete;
    ~ForegroundStart() = default;

    // Return the work for vm::StartOptions::foreground. The guest preparation runs its
    // processes under ReadyVm::stop, with `fs` and `clock`; `provision` as for server mode.
    [[nodiscard]] vm::ForegroundWork work(sys::FileSystem& fs, sys::Clock& clock, bool provision);

    // Print what happened once QEMU has exited; return the exit code: 130 after a signal to
    // jrun (`signals`, may be null), the worker's error when it failed while QEMU ran, 1 when QEMU
    // failed, else 0 (a user quitting before the guest was prepared is told to run 'jrun start'
    // again).
    [[nodiscard]] int summarise(const vm::ForegroundOutcome& outcome, const sys::Signals* signals);

    // The context the worker writes to (the start log in tty mode).
    [[nodiscard]] Context& worker_context() { return m_worker_ctx; }

private:
    void open_log();
    void finish(const vm::WorkerReport& report);

    Context& m_ctx;
    const Settings& m_settings;
    qemu::Mode m_mode;
    LockedState& m_locked;
    std::ofstream m_log;
    Context m_worker_ctx;
};

} // namespace jrun::cli
