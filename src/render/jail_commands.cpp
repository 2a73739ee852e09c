// SPDX-License-Identifier: BSD-2-Clause
// Read-only jail scripts: health (for health-gated deploys), status, logs, and the jexec argv.
// Each gathers everything in one round trip; monit's text travels prefixed with "| " so that
// it can never be read as a protocol line.
#include "render/detail/jail_sh.hpp"
#include "render/detail/monit_status.hpp"
#include "render/files_jail.hpp"
#include "render/guest.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace jrun::render {

namespace {

using detail::host;

constexpr std::string_view k_monit_prefix = "| ";

// Append the commands that print jail `priv`'s `monit status`, each line prefixed.
void add_monit_status(Script& script, std::string_view private_name) {
    const std::string priv = quote(private_name);
    script.line("if jrun_running " + priv + "; then");
    script.line("    jexec " + priv + " monit status 2>/dev/null | sed 's/^/| /' || :");
    script.line("fi");
}

// Return the monit text lines of `out` (the "| " lines), prefix removed.
std::vector<std::string> monit_lines(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    for (const auto& line : lines) {
        if (starts_with(line, k_monit_prefix)) {
            out.push_back(line.substr(k_monit_prefix.size()));
        } else if (line == "|") {
            out.emplace_back();
        }
    }
    return out;
}

void add_jail_status(Script& script, std::string_view private_name, bool detail) {
    const auto paths = jail_paths(private_name);
    const std::string priv = quote(private_name);
    script.line("printf '@jrun data jail %s\\n' " + priv);
    script.line("if jrun_running " + priv + "; then jrun_r=1; else jrun_r=0; fi");
    script.line("printf '@jrun data running %s\\n' \"$jrun_r\"");
    script.line("jrun_ip=$(sysrc -f " + quote(paths.root + "/etc/rc.conf")
                + " -n ifconfig_vnet0 2>/dev/null) || jrun_ip=");
    script.line("printf '@jrun data ip %s\\n' \"$jrun_ip\"");
    script.line("mount -p -t nullfs | R=" + quote(paths.root)
                + " awk 'index($2, ENVIRON[\"R\"] \"/\") == 1 { print \"@jrun data mount \" "
                  "substr($2, length(ENVIRON[\"R\"]) + 1) }'");
    if (detail) {
        script.line("printf '@jrun data detail 1\\n'");
    }
    add_monit_status(script, private_name);
}

// Return the address of an `ifconfig_vnet0` value "inet A.B.C.D/24".
std::string address_of(std::string_view value) {
    auto text = trim(value);
    if (starts_with(text, "inet ")) {
        text.remove_prefix(5);
    }
    return std::string(text.substr(0, text.find('/')));
}

// Fill `status` from one data line of its section.
void add_status_data(const ReportLine& line, JailStatus& status) {
    if (line.first == "running") {
        status.running = line.rest == "1";
    } else if (line.first == "ip") {
        status.ip = address_of(line.rest);
    } else if (line.first == "mount") {
        status.mounts.push_back(line.rest);
    }
}

void finish_status(JailStatus& status, const std::vector<std::string>& lines, bool detail) {
    const auto text = monit_lines(lines);
    status.execs = detail::exec_states(detail::parse_monit_status(text));
    if (detail) {
        for (const auto& line : text) {
            status.monit_report += line + "\n";
        }
    }
}

} // namespace

std::string health_script(const JailWork& work) {
    Script script("health of jail " + work.name);
    detail::add_jail_helpers(script);
    if (work.desired != nullptr) {
        for (const auto& exec : work.desired->execs) {
            const auto paths = exec_paths(exec.label);
            script.line("printf '@jrun data exec %s %s\\n' " + quote(paths.service) + " "
                        + (exec.healthcheck ? "check" : "process"));
        }
    }
    add_monit_status(script, work.private_name);
    return script.text();
}

std::vector<ExecHealth> parse_health(std::string_view out) {
    const auto lines = split(out, '\n');
    const auto blocks = detail::parse_monit_status(monit_lines(lines));
    std::vector<ExecHealth> health;
    for (const auto& line : lines) {
        const auto parsed = parse_report_line(line);
        if (parsed && parsed->kind == "data" && parsed->first == "exec") {
            const auto words = split(parsed->rest, ' ');
            const bool has_check = words.size() > 1 && words[1] == "check";
            health.push_back({words[0], detail::exec_state(blocks, words[0], has_check)});
        }
    }
    return health;
}

std::string status_script(const std::vector<std::string>& private_names, bool detail) {
    Script script("status of " + std::to_string(private_names.size()) + " jails");
    detail::add_jail_helpers(script);
    for (const auto& name : private_names) {
        add_jail_status(script, name, detail);
    }
    return script.text();
}

std::vector<JailStatus> parse_status(std::string_view out) {
    std::vector<JailStatus> statuses;
    std::vector<std::string> section; // lines of the current jail
    bool detail = false;
    for (const auto& line : split(out, '\n')) {
        const auto parsed = parse_report_line(line);
        if (parsed && parsed->kind == "data" && parsed->first == "jail") {
            if (!statuses.empty()) {
                finish_status(statuses.back(), section, detail);
            }
            statuses.emplace_back();
            statuses.back().private_name = parsed->rest;
            section.clear();
            detail = false;
        } else if (statuses.empty()) {
            continue;
        } else if (parsed && parsed->kind == "data") {
            detail = detail || parsed->first == "detail";
            add_status_data(*parsed, statuses.back());
        } else {
            section.push_back(line);
        }
    }
    if (!statuses.empty()) {
        finish_status(statuses.back(), section, detail);
    }
    return statuses;
}

std::vector<std::string> jexec_argv(std::string_view private_name,
                                    const std::vector<std::string>& argv) {
    std::vector<std::string> out{"jexec", std::string(private_name)};
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
}

// Seconds between two heartbeats of a followed log (the most a left session lingers).
constexpr int k_follow_heartbeat_seconds = 2;

std::string logs_script(const std::vector<LogSource>& sources, int lines, bool follow) {
    Script script(follow ? "follow exec logs" : "print exec logs");
    const std::string count = std::to_string(std::max(0, lines));
    // jrun_log PREFIX FILE: print FILE's last lines (following it with -F), each prefixed.
    script.line("jrun_log() {");
    if (follow) {
        script.line("    tail -n " + count + " -F \"$2\" 2>/dev/null |");
    } else {
        script.line("    [ -f \"$2\" ] || return 0");
        script.line("    tail -n " + count + " \"$2\" |");
    }
    script.line("        P=$1 awk '{ print ENVIRON[\"P\"] \" | \" $0; fflush() }'");
    script.line("}");
    for (const auto& source : sources) {
        const auto file = jail_paths(source.private_name).root + exec_paths(source.exec).log;
        script.line("jrun_log " + quote(source.jail + "/" + source.exec) + " " + host(file)
                    + (follow ? " &" : ""));
    }
    if (follow) {
        // Rationale: when the client leaves (Ctrl-C), sshd closes the session's pipes but
        // signals nothing (no tty), so `tail -F` would run on until its log grows. A heartbeat
        // notices the closed pipe within seconds and ends the session's process group (sshd
        // made the session its own: setsid).
        script.line("( trap '' PIPE");
        // /bin/echo, not a builtin: its exit status reports a failed write in every shell.
        script.line("  while /bin/echo '@jrun data alive' 2>/dev/null; do sleep "
                    + std::to_string(k_follow_heartbeat_seconds) + "; done");
        script.line("  kill 0 ) &");
        script.line("wait");
    }
    return script.text();
}

} // namespace jrun::render
