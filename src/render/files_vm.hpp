// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The files jrun writes on the FreeBSD host itself (reference-behaviour.md §6.1, §6.2, §6.5,
// §6.6, §6.9): pure renderers, model in, text out. The guest scripts (render/guest.hpp) put them
// in place. Values that come from a config (forward IPs, record names, share tags and targets)
// are validated here once more and left out, with a comment, when they are not what the
// checked config guarantees: a renderer never writes a line it cannot vouch for.

#include "render/guest.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace jrun::render {

// Paths of the files jrun owns on the host (ARCHITECTURE.md "Guest (VM level)").
inline constexpr std::string_view k_pkg_repos_file = "/usr/local/etc/pkg/repos/FreeBSD.conf";
inline constexpr std::string_view k_loader_conf = "/boot/loader.conf";
inline constexpr std::string_view k_sysctl_conf = "/etc/sysctl.conf";
inline constexpr std::string_view k_pf_conf = "/etc/pf.conf";
inline constexpr std::string_view k_devfs_rules = "/etc/devfs.rules";
inline constexpr std::string_view k_jail_conf = "/etc/jail.conf";
inline constexpr std::string_view k_jail_conf_dir = "/etc/jail.conf.d";
inline constexpr std::string_view k_ntp_conf = "/etc/ntp.conf";
inline constexpr std::string_view k_unbound_conf = "/var/unbound/unbound.conf";
inline constexpr std::string_view k_unbound_jrun_conf = "/var/unbound/conf.d/jrun.conf";
inline constexpr std::string_view k_unbound_peers_conf = "/var/unbound/conf.d/jrun-peers.conf";
inline constexpr std::string_view k_dhclient_conf = "/etc/dhclient.conf";
inline constexpr std::string_view k_resolv_conf = "/etc/resolv.conf";
inline constexpr std::string_view k_fstab = "/etc/fstab";
// jrun's own bookkeeping on the host: the bootstrap marker, handlers still to run after a
// failure, the base-mount links it made, release downloads in progress.
inline constexpr std::string_view k_state_dir = "/var/db/jrun";
inline constexpr std::string_view k_bootstrap_marker = "/var/db/jrun/bootstrap";
inline constexpr std::string_view k_share_links = "/var/db/jrun/share-links";
inline constexpr std::string_view k_download_dir = "/usr/local/jailrun/downloads";

// The version written to the bootstrap marker; raise it when bootstrap_script changes what it
// does, so that hosts bootstrapped by an older jrun are bootstrapped again.
inline constexpr int k_bootstrap_version = 1;

// Marker names of the blocks jrun keeps inside files it shares with the system
// ("# BEGIN JRUN <name>" ... "# END JRUN <name>").
inline constexpr std::string_view k_devfs_marker = "JRUN DEVFS";
inline constexpr std::string_view k_jail_conf_marker = "JRUN JAILS";
inline constexpr std::string_view k_dhclient_marker = "JRUN DNS";
inline constexpr std::string_view k_fstab_marker = "JRUN P9FS";
inline constexpr std::string_view k_peers_marker = "JRUN PEERS";

// One `<name>.<pair code>.jrun` AAAA record of a paired remote jail (mesh).
struct PeerRecord {
    std::string name; // "<remote jail>.<pair code>"
    std::string ip6;
};

// Return /usr/local/etc/pkg/repos/FreeBSD.conf: FreeBSD-ports (quarterly) and
// FreeBSD-ports-kmods (kmods_quarterly_<version_minor>) enabled, FreeBSD-base disabled, all
// without SRV mirror lookup and with signature fingerprints.
[[nodiscard]] std::string render_pkg_repos(std::string_view version_minor);

// Return the `key=value` lines jrun keeps in /boot/loader.conf and /etc/sysctl.conf.
[[nodiscard]] std::vector<std::string> loader_conf_lines();
[[nodiscard]] std::vector<std::string> sysctl_conf_lines();

// Return the VM's /etc/pf.conf: NAT for the jail subnet, the forwards anchor, SSH in.
[[nodiscard]] std::string render_vm_pf_conf();

// Return the forwards anchor file (pf rdr rules). Rules that pf must not see are left out with
// a comment: invalid addresses or ports, and forwards of a port the VM itself serves (tcp 22,
// its sshd: a redirect there would cut jrun off from the host).
[[nodiscard]] std::string render_forwards_anchor(const std::vector<AnchorRule>& rules);

// Return true when `rule` may go into the anchor (see render_forwards_anchor).
[[nodiscard]] bool anchor_rule_allowed(const AnchorRule& rule);

// Return the /etc/devfs.rules block (markers included) defining ruleset devfsrules_jail_jrun.
[[nodiscard]] std::string render_devfs_rules_block();

// Return the /etc/jail.conf block (markers included) that includes /etc/jail.conf.d/*.conf.
[[nodiscard]] std::string render_jail_conf_block();

// Return /var/unbound/unbound.conf: local_unbound's server and control settings, including
// jrun.conf and jrun-peers.conf.
[[nodiscard]] std::string render_unbound_conf();

// Return /var/unbound/conf.d/jrun.conf: listening addresses, ACLs, the `jrun.` zone with one
// A record per jail, forwarding to QEMU's resolver. Invalid records are left out.
[[nodiscard]] std::string render_unbound_jrun_conf(const std::vector<DnsRecord>& records);

// Return /var/unbound/conf.d/jrun-peers.conf with the mesh's peer records (a `server:` clause
// holding the `# BEGIN/END JRUN PEERS` block). wiring_script never rewrites this file.
[[nodiscard]] std::string render_unbound_peers_conf(const std::vector<PeerRecord>& peers);

// Return the /etc/dhclient.conf block (markers included): vtnet0 resolves through unbound.
[[nodiscard]] std::string render_dhclient_block();

// Return the VM's /etc/resolv.conf.
[[nodiscard]] std::string render_vm_resolv_conf();

// Return the /etc/fstab block (markers included) mounting each share at /mnt/jrun/<tag>; empty
// when there are no shares (the block is then removed).
[[nodiscard]] std::string render_fstab_block(const std::vector<ShareMount>& shares);

// Validation shared by the renderers and the scripts.
[[nodiscard]] bool is_ipv4(std::string_view text);
[[nodiscard]] bool is_dns_name(std::string_view text);
[[nodiscard]] bool is_share_tag(std::string_view text);
[[nodiscard]] bool is_release_name(std::string_view text);

} // namespace jrun::render
