// SPDX-License-Identifier: BSD-2-Clause
// bootstrap_script and release_script (reference-behaviour.md §6.1, §6.2), with the fixes:
// handlers survive a failed run, a half-extracted release is redone, pf is enabled without
// cutting the SSH session, files shared with the system get marker blocks.
#include "render/detail/vm_shell.hpp"
#include "render/files_vm.hpp"
#include "render/guest.hpp"
#include "render/layout.hpp"
#include "util/strings.hpp"

namespace jrun::render {

namespace {

using namespace std::string_literals;
using detail::add_block;
using detail::add_create_file;
using detail::add_setline;

std::string s(std::string_view view) {
    return std::string(view);
}

Script vm_script(std::string_view title) {
    Script script(title);
    script.line(detail::vm_helpers());
    return script;
}

void add_packages(Script& script, const BootstrapSpec& spec) {
    script.step("pkg", "package repositories and host tools");
    script.line("mkdir -p \"$JRUN_ROOT\"/usr/local/etc/pkg/repos");
    script.write_file(
        k_pkg_repos_file, render_pkg_repos(spec.version_minor), "0644", "jrun_pend pkg-update");
    script.line("pkg -N >/dev/null 2>&1 || jrun_retry pkg bootstrap -y");
    script.line("if jrun_due pkg-update; then\n"
                "    jrun_retry pkg update -f\n"
                "    jrun_done pkg-update\nfi");
    script.line("jrun_missing=\n"
                "for jrun_pkg in btop fping curl zstd; do\n"
                "    pkg info -e \"$jrun_pkg\" || jrun_missing=\"$jrun_missing $jrun_pkg\"\n"
                "done\n"
                "# shellcheck disable=SC2086 # a list of package names\n"
                "[ -z \"$jrun_missing\" ] || jrun_retry pkg install -y $jrun_missing");
}

void add_boot_settings(Script& script) {
    script.step("boot", "loader and sysctl settings");
    for (const auto& line : loader_conf_lines()) {
        add_setline(script, k_loader_conf, line);
    }
    for (const auto& line : sysctl_conf_lines()) {
        add_setline(script, k_sysctl_conf, line);
    }
}

void add_pf(Script& script) {
    script.step("pf", "packet filter with NAT and the forwards anchor");
    script.line("kldstat -q -m pf || kldload pf");
    script.line("mkdir -p \"$JRUN_ROOT\"/etc/pf.anchors");
    add_create_file(script, layout::k_anchor_file, render_forwards_anchor({}));
    script.write_file(k_pf_conf, render_vm_pf_conf(), "0644", "jrun_pend pf");
    script.line("jrun_sysrc pf_enable YES");
    script.line("if jrun_due pf; then\n"
                "    pfctl -nf /etc/pf.conf\n"
                "    pfctl -f /etc/pf.conf\n"
                "    jrun_done pf\nfi");
    script.line("pfctl -s info | grep -q '^Status: Enabled' || pfctl -e");
}

void add_bridge(Script& script) {
    const auto bridge = s(layout::k_bridge);
    const auto address = s(layout::k_bridge_ip) + "/24";
    script.step("bridge", "bridge0 at 10.17.89.1/24 and IP forwarding");
    script.run({"jrun_sysrc_add", "cloned_interfaces", bridge});
    script.run({"jrun_sysrc", "ifconfig_" + bridge, "inet " + address});
    script.run({"jrun_sysrc", "gateway_enable", "YES"});
    script.line("ifconfig " + bridge + " >/dev/null 2>&1 || ifconfig " + bridge + " create");
    script.line("ifconfig " + bridge
                + " | grep -q '^[[:space:]]inet 10\\.17\\.89\\.1 ' ||\n"
                  "    ifconfig "
                + bridge + " inet " + address + " up");
    script.line("ifconfig " + bridge + " | head -n 1 | grep -q '[<,]UP[,>]' || ifconfig " + bridge
                + " up");
    script.line("[ \"$(sysctl -n net.inet.ip.forwarding)\" = 1 ] || sysctl "
                "net.inet.ip.forwarding=1");
}

void add_ntpd(Script& script) {
    script.step("ntpd", "ntpd that accepts the clock jumps of a suspended VM");
    const auto conf = guest_path(k_ntp_conf);
    script.line("if ! grep -qx 'tinker panic 0' " + conf
                + "; then\n"
                  "    { echo 'tinker panic 0'; cat "
                + conf + "; } >" + conf
                + ".jrun-new\n"
                  "    jrun_install "
                + conf + ".jrun-new " + conf
                + " 0644 || :\n"
                  "    jrun_pend ntpd\nfi");
    script.line("jrun_sysrc ntpd_enable YES");
    script.line("if ! service ntpd status >/dev/null 2>&1; then\n"
                "    service ntpd start\n"
                "    jrun_done ntpd\n"
                "elif jrun_due ntpd; then\n"
                "    service ntpd restart\n"
                "    jrun_done ntpd\nfi");
}

// Append: create dataset `name` (mounted at `mountpoint` when not empty) unless it exists.
void add_dataset(Script& script, std::string_view name, std::string_view mountpoint) {
    std::vector<std::string> create{"zfs", "create"};
    if (!mountpoint.empty()) {
        create.insert(create.end(), {"-o", "mountpoint=" + s(mountpoint)});
    }
    create.emplace_back(name);
    script.line("zfs list -H -o name " + quote(name) + " >/dev/null 2>&1 ||");
    script.line("    " + jrun::shell_join(create));
}

void add_zfs_layout(Script& script) {
    script.step("zfs", "ZFS datasets for jails and releases");
    add_dataset(script, layout::k_dataset, layout::k_base_dir);
    add_dataset(script, layout::k_jails_dataset, {});
    add_dataset(script, layout::k_releases_dataset, {});
    script.line("mkdir -p \"$JRUN_ROOT\"" + quote(layout::k_log_dir));
}

void add_devfs(Script& script) {
    script.step("devfs", "devfs ruleset for VNET jails");
    add_block(script, k_devfs_rules, k_devfs_marker, render_devfs_rules_block(), "devfs");
    script.line("if jrun_due devfs; then\n"
                "    service devfs restart\n"
                "    jrun_done devfs\nfi");
}

void add_jail_conf(Script& script) {
    script.step("jails", "jail.conf including one file per jail");
    script.line("mkdir -p \"$JRUN_ROOT\"" + quote(k_jail_conf_dir));
    add_block(script, k_jail_conf, k_jail_conf_marker, render_jail_conf_block(), {});
    script.line("jrun_sysrc jail_enable YES");
}

void add_dns(Script& script) {
    script.step("dns", "local_unbound resolving jail names");
    script.line("jrun_sysrc local_unbound_enable YES");
    script.line("mkdir -p \"$JRUN_ROOT\"/var/unbound/conf.d");
    detail::add_peers_file(script);
    add_create_file(script, k_unbound_jrun_conf, render_unbound_jrun_conf({}), "unbound");
    script.write_file(k_unbound_conf, render_unbound_conf(), "0644", "jrun_pend unbound");
    script.line("jrun_unbound_apply");
    script.line("jrun_sysrc resolv_enable NO");
    add_block(script, k_dhclient_conf, k_dhclient_marker, render_dhclient_block(), {});
    script.write_file(k_resolv_conf, render_vm_resolv_conf(), "0644");
}

void add_marker(Script& script) {
    script.step("marker", "record the bootstrap");
    script.line("mkdir -p \"$JRUN_ROOT\"" + quote(k_state_dir));
    script.write_file(k_bootstrap_marker, std::to_string(k_bootstrap_version), "0644");
}

// Append the steps that make release `spec.release` available as a ZFS snapshot @base.
void add_release(Script& script, const BootstrapSpec& spec) {
    script.step("release", "release " + spec.release);
    if (!is_release_name(spec.release)) {
        script.run({"jrun_die", "invalid release name: " + spec.release});
        return;
    }
    const auto dataset = s(layout::k_releases_dataset) + "/" + spec.release;
    const auto dir = s(layout::k_releases_dir) + "/" + spec.release;
    const auto download = s(k_download_dir) + "/" + spec.release;
    script.line("jrun_release=" + quote(spec.release) + " jrun_dataset=" + quote(dataset));
    script.line("jrun_dir=\"$JRUN_ROOT\"" + quote(dir) + " jrun_dl=\"$JRUN_ROOT\""
                + quote(download));
    script.line("jrun_url=" + quote(spec.release_url));
    script.line(R"sh(if ! zfs list -H -o name -t snapshot "$jrun_dataset@base" >/dev/null 2>&1; then
    mkdir -p "$jrun_dl"
    [ -f "$jrun_dl/MANIFEST" ] || jrun_fetch "${jrun_url%/}/MANIFEST" "$jrun_dl/MANIFEST"
    [ -f "$jrun_dl/base.txz" ] || jrun_fetch "${jrun_url%/}/base.txz" "$jrun_dl/base.txz"
    jrun_want=$(awk '$1 == "base.txz" { print $2 }' "$jrun_dl/MANIFEST")
    jrun_have=$(sha256 -q "$jrun_dl/base.txz")
    if [ -z "$jrun_want" ] || [ "$jrun_want" != "$jrun_have" ]; then
        rm -f "$jrun_dl/base.txz" "$jrun_dl/MANIFEST"
        jrun_die "base.txz of $jrun_release does not match its MANIFEST (SHA-256 ${jrun_have}, expected ${jrun_want:-none}): refusing to extract it. The download was removed; run again to fetch it anew, or check the release URL $jrun_url"
    fi
    # A dataset without @base holds an interrupted extraction: start it again from scratch.
    if zfs list -H -o name "$jrun_dataset" >/dev/null 2>&1; then
        zfs destroy -r "$jrun_dataset"
    fi
    zfs create "$jrun_dataset"
    tar -xf "$jrun_dl/base.txz" -C "$jrun_dir"
    : >"$jrun_dir/root/.hushlogin"
    mkdir -p "$jrun_dir/usr/share/skel"
    : >"$jrun_dir/usr/share/skel/dot.hushlogin"
    zfs snapshot "$jrun_dataset@base"
    rm -rf "$jrun_dl"
fi)sh");
}

} // namespace

std::string bootstrap_script(const BootstrapSpec& spec) {
    auto script = vm_script("bootstrap the jail host");
    add_packages(script, spec);
    add_boot_settings(script);
    add_pf(script);
    add_bridge(script);
    add_ntpd(script);
    add_zfs_layout(script);
    add_release(script, spec);
    add_devfs(script);
    add_jail_conf(script);
    add_dns(script);
    add_marker(script);
    return script.text();
}

std::string release_script(const BootstrapSpec& spec) {
    auto script = vm_script("fetch release " + spec.release);
    add_release(script, spec);
    return script.text();
}

} // namespace jrun::render
