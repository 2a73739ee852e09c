// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/qmp_commands.hpp"
#include "vm/lifecycle.hpp"
#include "vm/liveness.hpp"
#include "vm/qmp_session.hpp"

#include <csignal>

namespace jrun::vm {

namespace {

using std::chrono::milliseconds;

constexpr milliseconds k_exit_poll{100};

// Return true when QEMU is gone: nothing answers on the QMP socket and process `pid` (when
// known) no longer exists. Rationale: both, because QEMU closes its monitor before it has
// flushed the disk and exited; a `start` or `purge` right after must not race with it.
bool qemu_gone(VmPorts& ports, const VmPaths& paths, std::optional<int> pid) {
    if (ports.connect_qmp(paths.qmp_socket)) {
        return false;
    }
    return !pid || !ports.kill_process(*pid, 0);
}

// Return true once QEMU is gone, polling until `limit` has passed.
bool wait_for_exit(VmPorts& ports,
                   const VmPaths& paths,
                   std::optional<int> pid,
                   milliseconds limit) {
    const auto deadline = ports.clock.now() + limit;
    while (true) {
        if (qemu_gone(ports, paths, pid)) {
            return true;
        }
        if (ports.clock.now() >= deadline) {
            return false;
        }
        ports.clock.sleep(k_exit_poll);
    }
}

// Press the power button and wait for the guest to power off. Return true when it did.
bool power_down(QmpSession& session, const StopOptions& options) {
    if (!qemu::system_powerdown(session.qmp())) {
        return false;
    }
    auto event = session.qmp().wait_for_event("SHUTDOWN", options.powerdown_limit);
    return event.ok() || session.qmp().closed();
}

Result<StopOutcome> kill_qemu(VmPorts& ports, const VmPaths& paths, std::optional<int> pid) {
    if (!pid) {
        return Error{ErrorKind::process,
                     "the VM did not stop",
                     "QEMU ignored 'quit' and its pid file " + paths.pid_file + " is gone",
                     "find the qemu-system process and kill it"};
    }
    ports.say("QEMU did not exit: sending SIGKILL to pid " + std::to_string(*pid));
    if (auto status = ports.kill_process(*pid, SIGKILL); !status) {
        return status.error();
    }
    (void)wait_for_exit(ports, paths, pid, std::chrono::seconds(5));
    return StopOutcome::killed;
}

} // namespace

Result<StopOutcome> stop_vm(VmPorts& ports, const VmPaths& paths, const StopOptions& options) {
    auto live = probe_vm(ports, paths);
    if (!live) {
        return live.error();
    }
    if (!live->running) {
        return StopOutcome::not_running;
    }
    qemu::QmpOptions qmp_options;
    qmp_options.signals = ports.signals;
    auto session = QmpSession::open(ports.connect_qmp, ports.clock, paths.qmp_socket, qmp_options);
    if (!session) {
        return session.error();
    }
    auto outcome = StopOutcome::powered_off;
    ports.say("Shutting the guest down (ACPI power button)");
    if (!power_down(**session, options)) {
        ports.say("The guest did not power off in "
                  + sys::describe_duration(options.powerdown_limit) + ": quitting QEMU");
        (void)qemu::quit((*session)->qmp());
        outcome = StopOutcome::quit;
    }
    session->reset();
    if (!wait_for_exit(ports, paths, live->pid, options.quit_limit)) {
        auto killed = kill_qemu(ports, paths, live->pid);
        if (!killed) {
            return killed.error();
        }
        outcome = *killed;
    }
    (void)ports.fs.remove(paths.pid_file);
    (void)ports.fs.remove(paths.qmp_socket);
    return outcome;
}

Status purge_files(VmPorts& ports, const Settings& settings, const VmPaths& paths) {
    const std::vector<std::string> files{paths.disk,
                                         paths.disk + ".part",
                                         paths.efi_vars,
                                         paths.user_key,
                                         paths.user_key + ".pub",
                                         paths.host_key,
                                         paths.host_key + ".pub",
                                         paths.known_hosts,
                                         paths.console_log};
    for (const auto& dir : {paths.seed_dir, settings.playbook_cache_dir}) {
        if (ports.fs.exists(dir)) {
            if (auto status = ports.fs.remove_all(dir); !status) {
                return status;
            }
            ports.say("Removed " + dir);
        }
    }
    for (const auto& file : files) {
        if (!ports.fs.exists(file)) {
            continue;
        }
        if (auto status = ports.fs.remove(file); !status) {
            return status;
        }
        ports.say("Removed " + file);
    }
    return {};
}

} // namespace jrun::vm
