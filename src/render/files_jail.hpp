// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The files jrun writes for one jail (reference-behaviour.md §6.3, §6.7, §6.9): jail.conf, the
// jail's fstab, its rc.conf settings and resolv.conf, and its monit supervision (control file,
// one include per exec, generated wrapper scripts). Pure: model in, text out.
//
// Rationale: every config value that a wrapper script needs (cmd, env, dir, user, healthcheck
// test) is quoted with render::quote inside the script; the monit files name only jrun's own
// paths and validated service names, so no user text ever reaches monit's grammar.

#include "model/config.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jrun::render {

// The package that gives setup playbooks a Python interpreter, and its binary in the jail.
inline constexpr std::string_view k_jail_python_package = "python313";
inline constexpr std::string_view k_jail_python_binary = "/usr/local/bin/python3.13";
inline constexpr std::string_view k_monit_binary = "/usr/local/bin/monit";

// Where one jail's things live on the host (FreeBSD paths).
struct JailPaths {
    std::string dataset;      // zroot/jailrun/jails/<priv>
    std::string root_dataset; // .../root
    std::string dir;          // /usr/local/jailrun/jails/<priv>
    std::string root;         // .../root
    std::string jail_conf;    // .../jail.conf
    std::string fstab;        // .../fstab
    std::string conf_link;    // /etc/jail.conf.d/<priv>.conf
    std::string link_target;  // relative target of conf_link
    std::string console_log;  // /var/log/jailrun/<priv>.log
};
[[nodiscard]] JailPaths jail_paths(std::string_view private_name);

// Return the epair index of address `ip`: its last octet (0 when `ip` is not a dotted quad).
[[nodiscard]] int epair_index(std::string_view ip);

// Return jail.conf for jail `private_name` (hostname `hostname`) on address `ip`.
[[nodiscard]] std::string
render_jail_conf(std::string_view private_name, std::string_view hostname, std::string_view ip);

// Return the jail's fstab: one nullfs line per mount (blanks and backslashes escaped as in
// fstab(5): \040, \011, \012, \134).
[[nodiscard]] std::string render_jail_fstab(std::string_view private_name,
                                            const std::vector<model::Mount>& mounts);
// Return one fstab line of `mount`, without the newline.
[[nodiscard]] std::string fstab_line(std::string_view private_name, const model::Mount& mount);
// Return `field` escaped for one fstab(5) field.
[[nodiscard]] std::string fstab_escape(std::string_view field);
// Return the VM directory a jail mount's host directory is shared at (/mnt/jrun/<tag>).
[[nodiscard]] std::string share_dir(const model::Mount& mount);

// The rc.conf settings of a jail on address `ip`, in order (name, value).
using RcSettings = std::vector<std::pair<std::string, std::string>>;
[[nodiscard]] RcSettings jail_rc_settings(std::string_view ip);

// Return the jail's resolv.conf.
[[nodiscard]] std::string render_jail_resolv_conf();

// --- monit ----------------------------------------------------------------------------------

// Return `label` usable in monit service names and file names: [A-Za-z0-9_-], not starting
// with '-'; other bytes become "_xx" (hex). Config labels are already safe; this is the guard.
[[nodiscard]] std::string safe_name(std::string_view label);

// Where one exec's files live inside the jail (paths relative to the jail's root).
struct ExecPaths {
    std::string service; // monit process service name
    std::string health;  // monit program service name of its health check
    std::string monitrc; // /usr/local/etc/monit.d/<exec>.monitrc
    std::string start;   // /usr/local/libexec/jrun/<exec>.sh
    std::string stop;    // /usr/local/libexec/jrun/<exec>.stop.sh
    std::string check;   // /usr/local/libexec/jrun/<exec>.health.sh
    std::string pidfile; // /var/run/jrun/<exec>.pid
    std::string started; // /var/run/jrun/<exec>.started (start time, for start_period)
    std::string log;     // /var/log/jailrun/<exec>.log
};
[[nodiscard]] ExecPaths exec_paths(std::string_view label);

inline constexpr std::string_view k_monitrc = "/usr/local/etc/monitrc";
inline constexpr std::string_view k_monit_dir = "/usr/local/etc/monit.d";
inline constexpr std::string_view k_wrapper_dir = "/usr/local/libexec/jrun";
inline constexpr std::string_view k_exec_run_dir = "/var/run/jrun";

// Return monit's daemon cycle in seconds for `jail`: the greatest common divisor of 10 s and
// every health check interval (in whole seconds, at least 1), so that each interval is a whole
// number of cycles and a process that dies is noticed within 10 s.
[[nodiscard]] int monit_cycle_seconds(const model::Jail& jail);

// Return the monit control file of `jail` (mode 0600).
[[nodiscard]] std::string render_monitrc(const model::Jail& jail);
// Return monit.d/<exec>.monitrc for `exec` with a daemon cycle of `cycle` seconds.
[[nodiscard]] std::string render_exec_monitrc(const model::Exec& exec, int cycle);
// Return the wrapper that starts `exec` under daemon(8) (mode 0755).
[[nodiscard]] std::string render_exec_start(const model::Exec& exec);
// Return the wrapper that stops `exec`.
[[nodiscard]] std::string render_exec_stop(const model::Exec& exec);
// Return the health wrapper of `exec` (which has a healthcheck): exit 0 passing, 1 starting
// (failed inside start_period), 2 failing.
[[nodiscard]] std::string render_exec_health(const model::Exec& exec);

} // namespace jrun::render
