// SPDX-License-Identifier: BSD-2-Clause
// monit supervision of a jail's execs: the control file, one include per exec and the wrapper
// scripts monit runs (SPEC §8: no quoting into monitrc; health checks in seconds).
#include "render/files_jail.hpp"
#include "render/script.hpp"

#include <numeric>

namespace jrun::render {

namespace {

constexpr int k_liveness_seconds = 10;  // longest cycle: a dead process is seen this fast
constexpr int k_restart_window_s = 300; // "5 restarts within 5 minutes then unmonitor"
constexpr int k_start_timeout_s = 60;   // monit's start program timeout
constexpr int k_health_grace_s = 5;     // monit's own kill timeout beyond the test's timeout
constexpr std::string_view k_path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// Return `duration` in whole seconds, rounded up, at least 1.
int whole_seconds(std::chrono::milliseconds duration) {
    const auto ms = duration.count();
    return static_cast<int>(std::max<long long>(1, (ms + 999) / 1000));
}

int ceil_div(int a, int b) {
    return (a + b - 1) / b;
}

// Return the sh expression of jail path `path` under "$JRUN_ROOT" (empty on FreeBSD; the fake
// userland's jail root in tests).
std::string rooted(std::string_view path) {
    return guest_path(path);
}

// Return the words `/usr/bin/env PATH=... NAME=VALUE...` that give a command the exec's
// environment; each word quoted.
std::string env_words(const model::Exec& exec) {
    std::string out = "/usr/bin/env " + quote("PATH=" + std::string(k_path));
    for (const auto& var : exec.env) {
        out += " " + quote(var.name + "=" + var.value);
    }
    return out;
}

std::string wrapper_header(std::string_view what, const model::Exec& exec) {
    return "#!/bin/sh\n# jrun: " + std::string(what) + " of exec " + safe_name(exec.label)
           + " (generated; do not edit)\n: \"${JRUN_ROOT:=}\"\n";
}

} // namespace

int monit_cycle_seconds(const model::Jail& jail) {
    int cycle = k_liveness_seconds;
    for (const auto& exec : jail.execs) {
        if (exec.healthcheck) {
            cycle = std::gcd(cycle, whole_seconds(exec.healthcheck->interval));
        }
    }
    return cycle;
}

std::string render_monitrc(const model::Jail& jail) {
    const std::string system = safe_name(jail.name) + ".system";
    std::string out = "# jrun: monit control file of jail " + safe_name(jail.name)
                      + " (generated; do not edit)\n";
    out += "set daemon " + std::to_string(monit_cycle_seconds(jail)) + "\n";
    out += "set log syslog\n";
    out += "set idfile /var/db/monit.id\n";
    out += "set statefile /var/db/monit.state\n";
    out += "set pidfile /var/run/monit.pid\n";
    out += "set httpd port 2812 and\n    use address 127.0.0.1\n    allow 127.0.0.1\n";
    out += "check system " + system + "\n";
    out += "    if loadavg (5min) > 6 for 5 cycles then alert\n";
    out += "    if memory usage > 90% for 5 cycles then alert\n";
    out += "    if cpu usage (system) > 95% for 5 cycles then alert\n";
    out += "include " + std::string(k_monit_dir) + "/*.monitrc\n";
    return out;
}

std::string render_exec_monitrc(const model::Exec& exec, int cycle) {
    const auto paths = exec_paths(exec.label);
    const int window = std::max(10, ceil_div(k_restart_window_s, std::max(1, cycle)));
    std::string out = "# jrun: exec " + paths.service + " (generated; do not edit)\n";
    out += "check process " + paths.service + " with pidfile " + paths.pidfile + "\n";
    out += "    group jrun\n";
    out += "    start program = \"" + paths.start + "\" with timeout "
           + std::to_string(k_start_timeout_s) + " seconds\n";
    out += "    stop program = \"" + paths.stop + "\"\n";
    out += "    if does not exist for 1 cycles then restart\n";
    out += "    if 5 restarts within " + std::to_string(window) + " cycles then unmonitor\n";
    if (!exec.healthcheck) {
        return out;
    }
    const auto& check = *exec.healthcheck;
    const int every = std::max(1, whole_seconds(check.interval) / std::max(1, cycle));
    const std::string retries = std::to_string(check.retries);
    out += "check program " + paths.health + " with path \"" + paths.check + "\" with timeout "
           + std::to_string(whole_seconds(check.timeout) + k_health_grace_s) + " seconds\n";
    out += "    group jrun\n";
    out += "    depends on " + paths.service + "\n";
    out += "    every " + std::to_string(every) + " cycles\n";
    out += "    if status > 1 for " + retries + " cycles then exec \"" + std::string(k_monit_binary)
           + " restart " + paths.service + "\" repeat every " + retries + " cycles\n";
    return out;
}

std::string render_exec_start(const model::Exec& exec) {
    const auto paths = exec_paths(exec.label);
    std::string out = wrapper_header("start wrapper", exec);
    out += "cd " + rooted(exec.dir) + " || exit 1\n";
    out += "mkdir -p " + rooted(k_exec_run_dir) + " " + rooted("/var/log/jailrun") + "\n";
    out += "date +%s >" + rooted(paths.started) + "\n";
    out += "exec " + rooted("/usr/sbin/daemon") + " -f -H";
    if (exec.user) {
        out += " -u " + quote(*exec.user);
    }
    out += " -p " + rooted(paths.pidfile) + " -o " + rooted(paths.log) + " -- \\\n    ";
    // Rationale: `--` ends sh's options, so a command starting with '-' or '+' is not one.
    out += env_words(exec) + " \\\n    /bin/sh -c -- " + quote(exec.cmd) + "\n";
    return out;
}

std::string render_exec_stop(const model::Exec& exec) {
    const auto paths = exec_paths(exec.label);
    std::string out = wrapper_header("stop wrapper", exec);
    out += "[ -f " + rooted(paths.pidfile) + " ] || exit 0\n";
    out += "pkill -F " + rooted(paths.pidfile) + " || :\n";
    return out;
}

std::string render_exec_health(const model::Exec& exec) {
    const auto paths = exec_paths(exec.label);
    const model::Healthcheck check = exec.healthcheck.value_or(model::Healthcheck{});
    std::string out = wrapper_header("health check", exec);
    out += "# Exit 0: passing; 1: starting (failed within start_period); 2: failing.\n";
    out += "if cd " + rooted(exec.dir) + " && /usr/bin/timeout -k 1 "
           + std::to_string(whole_seconds(check.timeout)) + " " + env_words(exec)
           + " /bin/sh -c -- " + quote(check.test) + "; then\n    exit 0\nfi\n";
    const auto start_period = std::chrono::duration_cast<std::chrono::seconds>(check.start_period);
    if (start_period.count() > 0) {
        out += "started=$(cat " + rooted(paths.started) + " 2>/dev/null) || started=0\n";
        out += "case $started in '' | *[!0-9]*) started=0 ;; esac\n";
        out += "if [ $(($(date +%s) - started)) -lt " + std::to_string(start_period.count())
               + " ]; then\n    exit 1\nfi\n";
    }
    out += "exit 2\n";
    return out;
}

} // namespace jrun::render
