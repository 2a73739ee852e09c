// SPDX-License-Identifier: BSD-2-Clause
// jail_supervise_script: monit files and wrappers of a jail's execs (reference-behaviour.md
// §6.7, fixed: removed execs are stopped, wrappers instead of quoting into monitrc, health
// checks in seconds). Changes leave marker files next to the monit includes (not matched by
// their `*.monitrc` glob), so an interrupted run still reloads and restarts on the next one.
#include "render/detail/jail_sh.hpp"
#include "render/files_jail.hpp"
#include "render/guest.hpp"
#include "render/layout.hpp"

#include <set>

namespace jrun::render {

namespace {

using detail::host;

struct Context {
    const JailWork& work;
    JailPaths paths;
    std::string priv; // quoted
    std::string in_root(std::string_view path) const { return paths.root + std::string(path); }
    std::string marker(std::string_view name) const {
        return host(in_root(k_monit_dir) + "/." + std::string(name));
    }
};

std::string reload_marker(const Context& c) {
    return c.marker("reload-pending");
}

std::string exec_marker(const Context& c, const ExecPaths& exec) {
    return c.marker(exec.service + ".pending");
}

std::set<std::string> desired_services(const JailWork& work) {
    std::set<std::string> names;
    for (const auto& exec : work.desired->execs) {
        names.insert(exec_paths(exec.label).service);
    }
    return names;
}

// Stop a removed exec (the Python implementation left it running), then delete its files.
void add_remove_exec(Script& script, const Context& c, const ExecPaths& exec) {
    const std::string svc = quote(exec.service);
    const std::string files = host(c.in_root(exec.monitrc)) + " " + host(c.in_root(exec.start))
                              + " " + host(c.in_root(exec.stop)) + " "
                              + host(c.in_root(exec.check));
    script.line("if [ -f " + host(c.in_root(exec.monitrc)) + " ] || [ -f "
                + host(c.in_root(exec.start)) + " ]; then");
    script.line("    if jrun_monit_up " + c.priv + " && jexec " + c.priv + " monit status " + svc
                + " >/dev/null 2>&1; then");
    script.line("        jexec " + c.priv + " monit stop " + svc);
    script.line("        jexec " + c.priv + " monit unmonitor " + svc);
    script.line("    fi");
    script.line("    rm -f " + files + " " + exec_marker(c, exec));
    script.line("    : >" + reload_marker(c));
    script.line("fi");
}

void add_removals(Script& script, const Context& c) {
    if (c.work.recorded == nullptr) {
        return;
    }
    const auto keep = desired_services(c.work);
    for (const auto& exec : c.work.recorded->spec.execs) {
        const auto paths = exec_paths(exec.label);
        if (!keep.contains(paths.service)) {
            add_remove_exec(script, c, paths);
        }
    }
}

void add_directories(Script& script, const Context& c) {
    script.line("jrun_mkdir " + host(c.in_root(k_monit_dir)));
    script.line("chmod 0700 " + host(c.in_root(k_monit_dir)));
    script.line("jrun_mkdir " + host(c.in_root(k_wrapper_dir)));
    script.line("jrun_mkdir " + host(c.in_root(k_exec_run_dir)));
    script.line("jrun_mkdir " + host(c.in_root(layout::k_log_dir)));
    for (const auto& exec : c.work.desired->execs) {
        script.line("jrun_mkdir " + host(c.in_root(exec.dir)));
    }
}

void add_exec_files(Script& script, const Context& c, const model::Exec& exec, int cycle) {
    const auto paths = exec_paths(exec.label);
    const std::string changed = ": >" + exec_marker(c, paths) + "; : >" + reload_marker(c);
    script.write_file(c.in_root(paths.start), render_exec_start(exec), "0755", changed);
    script.write_file(c.in_root(paths.stop), render_exec_stop(exec), "0755", changed);
    if (exec.healthcheck) {
        script.write_file(c.in_root(paths.check), render_exec_health(exec), "0755", changed);
    } else {
        script.line("if [ -f " + host(c.in_root(paths.check)) + " ]; then");
        script.line("    rm -f " + host(c.in_root(paths.check)) + "; " + changed);
        script.line("fi");
    }
    script.write_file(c.in_root(paths.monitrc), render_exec_monitrc(exec, cycle), "0600", changed);
}

void add_files(Script& script, const Context& c) {
    const auto& jail = *c.work.desired;
    script.step("monit-files", "write the monit files of " + c.work.name);
    add_removals(script, c);
    if (jail.execs.empty()) {
        return;
    }
    add_directories(script, c);
    script.line("jrun_rc " + quote(c.in_root("/etc/rc.conf")) + " monit_enable YES");
    script.write_file(c.in_root(k_monitrc), render_monitrc(jail), "0600", ": >" + reload_marker(c));
    const int cycle = monit_cycle_seconds(jail);
    for (const auto& exec : jail.execs) {
        add_exec_files(script, c, exec, cycle);
    }
}

// Start monit, or reload it when a file changed (checked with monit -t first).
void add_daemon(Script& script, const Context& c) {
    script.line("if ! jrun_monit_up " + c.priv + "; then");
    script.line("    jexec " + c.priv + " monit -t");
    script.line("    jexec " + c.priv + " service monit start");
    script.line("    rm -f " + reload_marker(c));
    script.line("elif [ -f " + reload_marker(c) + " ]; then");
    script.line("    jexec " + c.priv + " monit -t");
    script.line("    jexec " + c.priv + " monit reload");
    script.line("    rm -f " + reload_marker(c));
    script.line("fi");
}

bool is_new(const JailWork& work, const std::string& service) {
    if (work.recorded == nullptr) {
        return true;
    }
    for (const auto& exec : work.recorded->spec.execs) {
        if (exec_paths(exec.label).service == service) {
            return false;
        }
    }
    return true;
}

// Start new execs and restart changed ones, after the reload (monit reload is asynchronous:
// wait until the daemon knows the service).
void add_restarts(Script& script, const Context& c) {
    for (const auto& exec : c.work.desired->execs) {
        const auto paths = exec_paths(exec.label);
        const std::string svc = quote(paths.service);
        script.line("if [ -f " + exec_marker(c, paths) + " ]; then");
        script.line("    jrun_i=0");
        script.line("    until jexec " + c.priv + " monit status " + svc
                    + " >/dev/null 2>&1 || [ $jrun_i -ge 30 ]; do");
        script.line("        jrun_i=$((jrun_i + 1)); sleep 1");
        script.line("    done");
        script.line("    jexec " + c.priv + " monit "
                    + (is_new(c.work, paths.service) ? "start" : "restart") + " " + svc);
        script.line("    rm -f " + exec_marker(c, paths));
        script.line("fi");
    }
}

void add_apply(Script& script, const Context& c) {
    script.step("monit-apply", "start, reload and restart the processes of " + c.work.name);
    if (c.work.desired->execs.empty()) {
        script.line("if [ -f " + reload_marker(c) + " ] && jrun_monit_up " + c.priv + "; then");
        script.line("    jexec " + c.priv + " monit reload");
        script.line("fi");
        script.line("rm -f " + reload_marker(c));
        return;
    }
    add_daemon(script, c);
    add_restarts(script, c);
}

} // namespace

std::string jail_supervise_script(const JailWork& work) {
    Script script("supervise jail " + work.name);
    if (work.desired == nullptr) {
        script.line("echo 'jrun: jail_supervise_script needs a desired jail' >&2; exit 1");
        return script.text();
    }
    detail::add_jail_helpers(script);
    const Context context{work, jail_paths(work.private_name), quote(work.private_name)};
    add_files(script, context);
    add_apply(script, context);
    return script.text();
}

} // namespace jrun::render
