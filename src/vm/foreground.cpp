// SPDX-License-Identifier: BSD-2-Clause
#include "vm/foreground.hpp"

#include "qemu/qmp_commands.hpp"
#include "vm/launch.hpp"
#include "vm/liveness.hpp"
#include "vm/qmp_session.hpp"

#include <atomic>
#include <thread>

namespace jrun::vm {

namespace {

using std::chrono::milliseconds;

constexpr milliseconds k_qmp_retry{100};
// Rationale: QEMU opens its QMP socket while it sets the machine up, well under a second after
// the spawn; a minute covers a loaded host, as for the server-mode launch.
constexpr std::chrono::seconds k_qmp_limit{60};

// The worker's signals: the user's, plus "QEMU has exited" set by the foreground thread.
class WorkerSignals final : public sys::Signals {
public:
    explicit WorkerSignals(const sys::Signals* outer)
        : m_outer(outer) {}
    void stop() { m_stopped.store(true); }
    [[nodiscard]] bool interrupted() const override {
        return m_stopped.load() || (m_outer != nullptr && m_outer->interrupted());
    }
    [[nodiscard]] int received() const override {
        return m_outer != nullptr ? m_outer->received() : 0;
    }

private:
    const sys::Signals* m_outer;
    std::atomic<bool> m_stopped{false};
};

// The worker thread's state; only it touches this until it is joined.
struct Worker {
    VmPorts ports; // the caller's, with the worker's signals and progress lines
    const qemu::LaunchSpec& spec;
    ReadinessOptions readiness;
    const ForegroundWork& work;
    WorkerSignals& stop;
    WorkerReport report;
};

VmPorts worker_ports(const VmPorts& ports, const ForegroundWork& work, WorkerSignals& stop) {
    VmPorts copy = ports;
    copy.signals = &stop;
    if (work.say) {
        copy.say = work.say;
    }
    return copy;
}

ReadinessOptions readiness_for(const qemu::LaunchSpec& spec, ReadinessOptions options) {
    options.console_log = spec.console_log;
    options.host = spec.bind_host;
    options.ssh_port = spec.ssh_port;
    return options;
}

// Connect to QMP once QEMU listens; give up when QEMU is gone or after k_qmp_limit.
Result<std::unique_ptr<QmpSession>> connect_when_listening(Worker& worker) {
    auto& ports = worker.ports;
    const auto start = ports.clock.now();
    while (true) {
        auto session = QmpSession::open(ports.connect_qmp, ports.clock, worker.spec.qmp_socket);
        if (session || worker.stop.interrupted()) {
            return session;
        }
        if (ports.clock.now() - start >= k_qmp_limit) {
            return Error{ErrorKind::timeout,
                         "QEMU's monitor did not answer",
                         "nobody listened on " + worker.spec.qmp_socket + " for "
                             + sys::describe_duration(k_qmp_limit),
                         "run 'jrun doctor' to check the host"};
        }
        ports.clock.sleep(k_qmp_retry);
    }
}

// Wait for SSH logins; the QMP connection is closed on return, since QEMU serves one QMP
// client at a time and other jrun commands need it while the VM runs.
Result<Readiness> await_ready(Worker& worker) {
    auto session = connect_when_listening(worker);
    if (!session) {
        return session.error();
    }
    worker.report.answered = true;
    return wait_until_ready(worker.ports, (*session)->qmp(), worker.readiness);
}

bool qemu_answers(Worker& worker) {
    auto session =
        QmpSession::open(worker.ports.connect_qmp, worker.ports.clock, worker.spec.qmp_socket);
    return session && qemu::query_status((*session)->qmp()).ok();
}

Status run_steps(Worker& worker) {
    worker.ports.say("Waiting for the VM to accept SSH logins on " + worker.readiness.host + ":"
                     + std::to_string(worker.readiness.ssh_port));
    auto ready = await_ready(worker);
    if (!ready) {
        return ready.error();
    }
    worker.report.readiness = *ready;
    if (!worker.work.prepare) {
        return {};
    }
    return worker.work.prepare(
        ReadyVm{*ready, read_pid_file(worker.ports.fs, worker.spec.pid_file), worker.stop});
}

void run_worker(Worker& worker) {
    worker.report.status = run_steps(worker);
    if (!worker.report.status.ok()) {
        worker.report.cut_short =
            worker.stop.interrupted() || (worker.report.answered && !qemu_answers(worker));
    }
    if (worker.work.finished) {
        worker.work.finished(worker.report);
    }
}

} // namespace

Result<ForegroundOutcome> run_in_foreground(VmPorts& ports,
                                            const qemu::LaunchSpec& spec,
                                            const ReadinessOptions& readiness,
                                            const ForegroundWork& work) {
    auto command = foreground_command(spec);
    if (!command) {
        return command.error();
    }
    if (auto status = ports.fs.remove(spec.console_log); !status) {
        return status.error();
    }
    WorkerSignals stop(ports.signals);
    Worker worker{
        worker_ports(ports, work, stop), spec, readiness_for(spec, readiness), work, stop, {}};
    if (work.launching) {
        work.launching();
    }
    std::thread thread([&worker] { run_worker(worker); });
    auto done = ports.runner.run(*command);
    stop.stop();
    thread.join();
    if (!done) {
        return done.error();
    }
    return ForegroundOutcome{done->status, std::move(worker.report)};
}

} // namespace jrun::vm
