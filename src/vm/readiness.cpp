// SPDX-License-Identifier: BSD-2-Clause
#include "vm/readiness.hpp"

#include "qemu/qmp_commands.hpp"

#include <algorithm>

namespace jrun::vm {

namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

milliseconds since(const sys::Clock& clock, Clock::time_point start) {
    return std::chrono::duration_cast<milliseconds>(clock.now() - start);
}

// One wait in progress.
struct Wait {
    VmPorts& ports;
    qemu::QmpClient& qmp;
    const ReadinessOptions& options;
    Clock::time_point start;
    Readiness seen;
    std::uint64_t console_bytes = 0;
    std::string console_text;
    milliseconds backoff;
    int slow_answers = 0; // QMP timeouts in a row
};

// QMP timeouts in a row after which QEMU is taken as hung.
constexpr int k_slow_answers_limit = 3;

Status still_running(Wait& wait) {
    if (wait.ports.signals != nullptr && wait.ports.signals->interrupted()) {
        return Error{ErrorKind::interrupted, "stopped waiting for the VM", "interrupted", {}};
    }
    auto status = qemu::query_status(wait.qmp);
    if (status && status->running) {
        wait.slow_answers = 0;
        return {};
    }
    // Rationale: on a loaded host a TCG guest can starve QEMU's main loop past the QMP
    // timeout; a slow answer is not an exit, only a closed monitor or a stopped state are.
    if (!status && status.error().kind == ErrorKind::timeout
        && ++wait.slow_answers < k_slow_answers_limit) {
        return {};
    }
    std::string why = status ? "its state is '" + status->status + "'"
                      : status.error().kind == ErrorKind::timeout
                          ? "its monitor stopped answering (" + status.error().why + ")"
                          : "QEMU exited";
    std::string tail = tail_lines(wait.console_text, 20);
    return Error{ErrorKind::process,
                 "the VM stopped while booting",
                 why + (tail.empty() ? "" : "; the console ended with:\n" + tail),
                 "see the console log " + wait.options.console_log};
}

// Read the console log; return true when it grew.
bool console_grew(Wait& wait) {
    if (wait.options.console_log.empty()) {
        return false;
    }
    auto text = wait.ports.fs.read_file(wait.options.console_log);
    if (!text || text->size() <= wait.console_bytes) {
        return false;
    }
    wait.console_bytes = text->size();
    wait.console_text = std::move(*text);
    return true;
}

Status check_console(Wait& wait) {
    if (console_grew(wait) && wait.seen.first_console == milliseconds::zero()) {
        wait.seen.first_console = std::max(milliseconds(1), since(wait.ports.clock, wait.start));
    }
    const bool silent = !wait.options.console_log.empty() && wait.console_bytes == 0;
    if (!silent || since(wait.ports.clock, wait.start) < wait.options.console_silence_limit) {
        return {};
    }
    return Error{ErrorKind::timeout,
                 "the VM shows no sign of booting",
                 "its serial console (" + wait.options.console_log + ") stayed empty for "
                     + sys::describe_duration(wait.options.console_silence_limit),
                 "on some Linux hosts /dev/kvm exists but guests hang under it: try "
                 "JRUN_QEMU_ACCEL=tcg"};
}

Error not_ready(const Wait& wait) {
    std::string tail = tail_lines(wait.console_text, 20);
    return Error{ErrorKind::timeout,
                 "the VM did not accept SSH logins on " + wait.options.host + ":"
                     + std::to_string(wait.options.ssh_port),
                 "not ready after " + sys::describe_duration(wait.options.ready_limit)
                     + (wait.seen.banner_probes > 0 && wait.seen.first_banner > milliseconds::zero()
                            ? " (sshd answers, but the login fails)"
                            : "")
                     + (tail.empty() ? "" : "; the console ended with:\n" + tail),
                 "see the console log; 'jrun stop' then 'jrun start' tries again"};
}

// Probe once; return true when ready, else sleep for the next probe.
bool probe(Wait& wait) {
    auto& ssh = wait.ports.ssh;
    if (wait.seen.first_banner == milliseconds::zero()) {
        ++wait.seen.banner_probes;
        if (!ssh.banner(wait.options.host, wait.options.ssh_port, wait.options.banner_timeout)) {
            wait.ports.clock.sleep(wait.options.banner_interval);
            return false;
        }
        wait.seen.first_banner = std::max(milliseconds(1), since(wait.ports.clock, wait.start));
    }
    ++wait.seen.login_probes;
    if (ssh.login()) {
        return true;
    }
    wait.ports.clock.sleep(wait.backoff);
    wait.backoff = std::min(wait.backoff * 2, wait.options.login_backoff_max);
    return false;
}

} // namespace

std::string tail_lines(std::string_view text, std::size_t lines) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    std::size_t pos = text.size();
    for (std::size_t i = 0; i < lines && pos != 0; ++i) {
        auto nl = text.rfind('\n', pos - 1);
        pos = nl == std::string_view::npos ? 0 : nl;
    }
    auto tail = text.substr(pos);
    if (!tail.empty() && tail.front() == '\n') {
        tail.remove_prefix(1);
    }
    return std::string(tail);
}

Result<Readiness>
wait_until_ready(VmPorts& ports, qemu::QmpClient& qmp, const ReadinessOptions& options) {
    Wait wait{ports, qmp, options, ports.clock.now(), {}, 0, {}, options.login_backoff_first};
    while (since(ports.clock, wait.start) < options.ready_limit) {
        if (auto status = still_running(wait); !status) {
            return status.error();
        }
        if (auto status = check_console(wait); !status) {
            return status.error();
        }
        if (probe(wait)) {
            wait.seen.ready = since(ports.clock, wait.start);
            return wait.seen;
        }
    }
    return not_ready(wait);
}

} // namespace jrun::vm
