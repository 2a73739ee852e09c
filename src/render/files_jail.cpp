// SPDX-License-Identifier: BSD-2-Clause
#include "render/files_jail.hpp"

#include "model/recorded.hpp"
#include "render/layout.hpp"
#include "util/strings.hpp"

#include <array>
#include <charconv>

namespace jrun::render {

namespace {

// Return `value` as a jail.conf(5) double-quoted string: `"`, `\` and `$` escaped, so nothing
// in it is expanded as a variable.
std::string conf_string(std::string_view value) {
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"' || c == '\\' || c == '$') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

bool is_safe_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
           || c == '-';
}

std::string hex_byte(unsigned char c) {
    constexpr std::string_view k_digits = "0123456789abcdef";
    return {k_digits[c >> 4U], k_digits[c & 15U]};
}

} // namespace

JailPaths jail_paths(std::string_view private_name) {
    const std::string priv(private_name);
    JailPaths paths;
    paths.dataset = std::string(layout::k_jails_dataset) + "/" + priv;
    paths.root_dataset = paths.dataset + "/root";
    paths.dir = std::string(layout::k_jails_dir) + "/" + priv;
    paths.root = paths.dir + "/root";
    paths.jail_conf = paths.dir + "/jail.conf";
    paths.fstab = paths.dir + "/fstab";
    paths.conf_link = "/etc/jail.conf.d/" + priv + ".conf";
    paths.link_target = "../.." + paths.jail_conf;
    paths.console_log = std::string(layout::k_log_dir) + "/" + priv + ".log";
    return paths;
}

int epair_index(std::string_view ip) {
    const auto dot = ip.rfind('.');
    if (dot == std::string_view::npos) {
        return 0;
    }
    int index = 0;
    const auto last = ip.substr(dot + 1);
    const auto [end, error] = std::from_chars(last.data(), last.data() + last.size(), index);
    const bool whole = error == std::errc() && end == last.data() + last.size();
    return whole && index >= 0 && index <= 255 ? index : 0;
}

std::string
render_jail_conf(std::string_view private_name, std::string_view hostname, std::string_view ip) {
    const auto paths = jail_paths(private_name);
    const std::string id = std::to_string(epair_index(ip));
    const std::string bridge(layout::k_bridge);
    std::string out = "# jrun: jail " + std::string(hostname) + " (generated; do not edit)\n";
    out += std::string(private_name) + " {\n";
    out += "    $id = " + id + ";\n";
    out += "    $epair = \"epair${id}\";\n";
    out += "    $bridge = " + conf_string(bridge) + ";\n";
    out += "    exec.start = \"/bin/sh /etc/rc\";\n";
    out += "    exec.stop = \"/bin/sh /etc/rc.shutdown jail\";\n";
    out += "    exec.clean;\n";
    out += "    exec.consolelog = " + conf_string(paths.console_log) + ";\n";
    out += "    path = " + conf_string(paths.root) + ";\n";
    out += "    mount.devfs;\n";
    out += "    mount.fstab = " + conf_string(paths.fstab) + ";\n";
    out += "    devfs_ruleset = " + std::to_string(layout::k_devfs_ruleset) + ";\n";
    out += "    host.hostname = " + conf_string(hostname) + ";\n";
    out += "    persist;\n";
    out += "    allow.raw_sockets;\n";
    out += "    allow.chflags;\n";
    out += "    allow.sysvipc = 1;\n";
    out += "    vnet;\n";
    out += "    vnet.interface = \"${epair}b\";\n";
    out += "    exec.prestart = \"ifconfig ${epair}a destroy 2>/dev/null || true\";\n";
    out += "    exec.prestart += \"ifconfig ${epair} create up\";\n";
    out += "    exec.prestart += \"ifconfig ${epair}a up descr vnet:" + std::string(private_name)
           + "\";\n";
    out += "    exec.prestart += \"ifconfig ${bridge} addm ${epair}a up\";\n";
    out += "    exec.poststop = \"ifconfig ${bridge} deletem ${epair}a\";\n";
    out += "    exec.poststop += \"ifconfig ${epair}a destroy\";\n";
    return out + "}\n";
}

std::string fstab_escape(std::string_view field) {
    std::string out;
    for (const char c : field) {
        switch (c) {
        case ' ':
            out += "\\040";
            break;
        case '\t':
            out += "\\011";
            break;
        case '\n':
            out += "\\012";
            break;
        case '\\':
            out += "\\134";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string share_dir(const model::Mount& mount) {
    return std::string(layout::k_share_dir) + "/" + model::share_tag_for(mount.host);
}

std::string fstab_line(std::string_view private_name, const model::Mount& mount) {
    const auto paths = jail_paths(private_name);
    return fstab_escape(share_dir(mount)) + " " + fstab_escape(paths.root + mount.jail) + " nullfs "
           + (mount.readonly ? "ro" : "rw") + " 0 0";
}

std::string render_jail_fstab(std::string_view private_name,
                              const std::vector<model::Mount>& mounts) {
    std::string out = "# jrun: nullfs mounts of this jail (generated; do not edit)\n";
    for (const auto& mount : mounts) {
        out += fstab_line(private_name, mount) + "\n";
    }
    return out;
}

RcSettings jail_rc_settings(std::string_view ip) {
    const std::string index = std::to_string(epair_index(ip));
    return {
        {"ifconfig_epair" + index + "b_name", "vnet0"},
        {"ifconfig_vnet0", "inet " + std::string(ip) + "/24"},
        {"defaultrouter", std::string(layout::k_bridge_ip)},
        {"syslogd_flags", "-ss"},
        {"sendmail_enable", "NONE"},
        {"cron_flags", "-J 60"},
    };
}

std::string render_jail_resolv_conf() {
    return "# jrun: generated; do not edit\nsearch " + std::string(layout::k_domain)
           + "\nnameserver " + std::string(layout::k_bridge_ip) + "\n";
}

std::string safe_name(std::string_view label) {
    std::string out;
    for (const char c : label) {
        if (is_safe_char(c) && !(out.empty() && c == '-')) {
            out += c;
        } else {
            out += "_" + hex_byte(static_cast<unsigned char>(c));
        }
    }
    return out.empty() ? std::string("_") : out;
}

ExecPaths exec_paths(std::string_view label) {
    const std::string name = safe_name(label);
    const std::string wrappers(k_wrapper_dir);
    const std::string run(k_exec_run_dir);
    return {
        .service = name,
        .health = name + ".health",
        .monitrc = std::string(k_monit_dir) + "/" + name + ".monitrc",
        .start = wrappers + "/" + name + ".sh",
        .stop = wrappers + "/" + name + ".stop.sh",
        .check = wrappers + "/" + name + ".health.sh",
        .pidfile = run + "/" + name + ".pid",
        .started = run + "/" + name + ".started",
        .log = std::string(layout::k_log_dir) + "/" + name + ".log",
    };
}

} // namespace jrun::render
