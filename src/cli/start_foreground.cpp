// SPDX-License-Identifier: BSD-2-Clause
#include "cli/start_foreground.hpp"

#include "cli/start_guest.hpp"
#include "cli/state_io.hpp"
#include "state/recorded_json.hpp"
#include "sys/real_process_runner.hpp"

#include <ostream>

namespace jrun::cli {

namespace {

// Rationale: as VmRuntime's runner, a second for a stopped child to exit before SIGKILL.
constexpr std::chrono::milliseconds k_kill_grace{1000};

std::string guest_stage(const vm::WorkerReport& report) {
    return report.readiness ? "prepared" : "ready";
}

} // namespace

std::string
describe_ready(const Settings& settings, const vm::Readiness& ready, std::optional<int> pid) {
    const std::string where = settings.vm_host + ":" + std::to_string(settings.ssh_port);
    const std::string pid_text = pid ? " (pid " + std::to_string(*pid) + ")" : "";
    return "VM started on " + where + pid_text + ": SSH ready after "
           + sys::describe_duration(ready.ready) + " (console after "
           + sys::describe_duration(ready.first_console) + ", sshd after "
           + sys::describe_duration(ready.first_banner) + ", " + std::to_string(ready.login_probes)
           + " login attempt(s))";
}

std::string start_log_path(const Settings& settings) {
    return settings.log_dir + "/start.log";
}

ForegroundStart::ForegroundStart(Context& ctx,
                                 const Settings& settings,
                                 qemu::Mode mode,
                                 LockedState& locked)
    : m_ctx(ctx),
      m_settings(settings),
      m_mode(mode),
      m_locked(locked),
      m_worker_ctx(mode == qemu::Mode::tty
                       ? Context{ctx.args, ctx.env, m_log, m_log, false}
                       : Context{ctx.args, ctx.env, ctx.out, ctx.err, ctx.color}) {}

void ForegroundStart::open_log() {
    if (m_mode != qemu::Mode::tty) {
        return;
    }
    const auto path = start_log_path(m_settings);
    m_log.open(path, std::ios::out | std::ios::trunc);
    if (!m_log) {
        print_warning(m_ctx, "cannot write " + path + ": the guest preparation runs unlogged");
    }
    m_ctx.err << "> The guest preparation is logged to " << path
              << "\n> The terminal is now the VM's console: Ctrl-A x quits QEMU, Ctrl-A c "
                 "switches to its monitor\n"
              << std::flush;
}

vm::ForegroundWork ForegroundStart::work(sys::FileSystem& fs, sys::Clock& clock, bool provision) {
    vm::ForegroundWork result;
    result.launching = [this] {
        open_log();
    };
    if (m_mode == qemu::Mode::tty) {
        result.say = [this](std::string_view line) {
            m_worker_ctx.err << "> " << line << '\n' << std::flush;
        };
    }
    result.prepare = [this, &fs, &clock, provision](const vm::ReadyVm& ready) -> Status {
        m_worker_ctx.out << describe_ready(m_settings, ready.readiness, ready.pid) << '\n'
                         << std::flush;
        if (auto saved = m_locked.store.save(state::to_json(m_locked.recorded)); !saved) {
            return saved;
        }
        sys::RealProcessRunner runner({&ready.stop, k_kill_grace});
        StartGuestPorts guest{
            runner, fs, clock, &ready.stop, [this](const model::Recorded& recorded) {
                return m_locked.store.save(state::to_json(recorded));
            }};
        return prepare_vm_guest(m_worker_ctx, m_settings, guest, m_locked.recorded, provision);
    };
    result.finished = [this](const vm::WorkerReport& report) {
        finish(report);
    };
    return result;
}

void ForegroundStart::finish(const vm::WorkerReport& report) {
    if (!report.status.ok() && !report.cut_short) {
        print_error(m_worker_ctx, report.status.error());
    }
    const bool saved = report.answered && save_state(m_worker_ctx, m_locked);
    m_locked.lock.release();
    if (saved) {
        m_worker_ctx.err << "> State saved and unlocked: other jrun commands can use the VM\n"
                         << std::flush;
    }
}

int ForegroundStart::summarise(const vm::ForegroundOutcome& outcome, const sys::Signals* signals) {
    const auto& worker = outcome.worker;
    if (m_mode == qemu::Mode::tty) {
        m_ctx.out << "QEMU exited (" << outcome.qemu.describe() << ")\n";
        if (worker.readiness) {
            m_ctx.out << describe_ready(m_settings, *worker.readiness, std::nullopt) << '\n';
        }
        m_ctx.out << "The guest preparation log: " << start_log_path(m_settings) << '\n';
    }
    if (signals != nullptr && signals->interrupted()) {
        print_error(m_ctx,
                    "'jrun start' was interrupted",
                    "jrun received " + sys::signal_name(signals->received()),
                    "run 'jrun start' again to finish preparing the VM");
        return 130;
    }
    if (!worker.status.ok() && !worker.cut_short) {
        if (m_mode == qemu::Mode::tty) { // graphic mode printed it when it happened
            print_error(m_ctx, worker.status.error());
        }
        return exit_code_for(worker.status.error().kind);
    }
    if (!outcome.qemu.success()) {
        print_error(m_ctx,
                    "QEMU failed",
                    outcome.qemu.describe(),
                    "its messages are above; 'jrun doctor' checks the host");
        return 1;
    }
    if (!worker.status.ok()) {
        print_warning(m_ctx,
                      "the VM stopped before the guest was " + guest_stage(worker)
                          + ": run 'jrun start' again to finish");
    } else if (m_mode == qemu::Mode::tty) {
        m_ctx.out << "The guest was prepared (bootstrap, shares, base setup)\n";
    }
    return 0;
}

} // namespace jrun::cli
