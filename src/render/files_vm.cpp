// SPDX-License-Identifier: BSD-2-Clause
#include "render/files_vm.hpp"

#include "render/layout.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace jrun::render {

namespace {

using namespace std::string_literals;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// One octet of a dotted quad: 0-255 without leading zeros (which some parsers read as octal).
bool is_octet(std::string_view part) {
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), is_digit)) {
        return false;
    }
    if (part.size() > 1 && part.front() == '0') {
        return false;
    }
    return std::stoi(std::string(part)) <= 255;
}

bool is_dns_label(std::string_view label) {
    return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-'
           && std::all_of(
               label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

// Return true when `text` is an IPv6 address as unbound reads it (hex groups and colons).
bool is_ipv6(std::string_view text) {
    return text.find(':') != std::string_view::npos && text.size() <= 45
           && std::all_of(text.begin(), text.end(), [](char c) {
                  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                         || c == ':';
              });
}

std::string marker_block(std::string_view marker, std::string_view body) {
    return "# BEGIN "s + std::string(marker) + "\n" + std::string(body) + "# END "
           + std::string(marker) + "\n";
}

std::string pkg_repo(std::string_view name, std::string_view path, bool enabled) {
    std::string out = std::string(name) + ": {\n";
    out += "  url: \"https://pkg.FreeBSD.org/${ABI}/" + std::string(path) + "\",\n";
    out += "  mirror_type: \"none\",\n";
    out += "  signature_type: \"fingerprints\",\n";
    out += "  fingerprints: \"/usr/share/keys/pkg\",\n";
    out += "  enabled: "s + (enabled ? "yes" : "no") + "\n}\n";
    return out;
}

} // namespace

bool is_ipv4(std::string_view text) {
    const auto parts = split(text, '.');
    return parts.size() == 4 && std::all_of(parts.begin(), parts.end(), [](const std::string& p) {
               return is_octet(p);
           });
}

bool is_dns_name(std::string_view text) {
    const auto labels = split(text, '.');
    return text.size() <= 253
           && std::all_of(
               labels.begin(), labels.end(), [](const std::string& l) { return is_dns_label(l); });
}

bool is_share_tag(std::string_view text) {
    // Rationale: QEMU's virtio-9p mount_tag holds at most 31 bytes; jrun's tags are
    // "jrun_" + 10 hex digits (model::share_tag_for).
    return !text.empty() && text.size() <= 31 && std::all_of(text.begin(), text.end(), [](char c) {
        return is_alnum(c) || c == '_' || c == '-';
    });
}

bool is_release_name(std::string_view text) {
    return !text.empty() && text.size() <= 64 && text.front() != '.' && text.front() != '-'
           && std::all_of(text.begin(), text.end(), [](char c) {
                  return is_alnum(c) || c == '.' || c == '-' || c == '_';
              });
}

std::string render_pkg_repos(std::string_view version_minor) {
    const bool valid = !version_minor.empty() && version_minor.size() <= 3
                       && std::all_of(version_minor.begin(), version_minor.end(), is_digit);
    const std::string minor = valid ? std::string(version_minor) : "0";
    // Rationale: mirror_type "none" with a plain https URL: SRV mirror discovery broke under
    // QEMU's user network (reference-behaviour.md §6.1); signatures are still checked.
    std::string out = "# managed by jrun: package repositories of the jail host\n";
    out += pkg_repo("FreeBSD-ports", "quarterly", true);
    out += pkg_repo("FreeBSD-ports-kmods", "kmods_quarterly_" + minor, true);
    out += "FreeBSD-base: {\n  enabled: no\n}\n";
    return out;
}

std::vector<std::string> loader_conf_lines() {
    return {"kern.hz=100", "virtio_load=\"YES\"", "virtio_p9fs_load=\"YES\""};
}

std::vector<std::string> sysctl_conf_lines() {
    return {"vfs.zfs.arc_max=2147483648"};
}

std::string render_vm_pf_conf() {
    std::string out = "# managed by jrun: packet filter of the jail host\n";
    out += "ext_if = \""s + std::string(layout::k_ext_if) + "\"\n";
    out += "jrun_if = \""s + std::string(layout::k_bridge) + "\"\n";
    out += "jrun_net = \""s + std::string(layout::k_subnet) + "\"\n";
    out += "ygg_if = \"ygg0\"\n\n";
    out += "set block-policy return\nset skip on lo\n";
    out += "scrub in on $ext_if all fragment reassemble\n\n";
    out += "nat on $ext_if from $jrun_net to any -> ($ext_if)\n";
    out += "rdr-anchor \"jrun/*\"\n";
    out += "load anchor \""s + std::string(layout::k_anchor) + "\" from \""
           + std::string(layout::k_anchor_file) + "\"\n\n";
    out += "block in all\npass out quick keep state\nantispoof for $ext_if\n";
    // Rationale: `flags any` and a sloppy state let the SSH session that enables pf keep
    // running: its packets are mid-connection, and pf would otherwise drop them (the Python
    // implementation enabled pf fire-and-forget and waited for SSH to come back).
    out += "pass in on $ext_if proto tcp to port ssh flags any keep state (sloppy)\n";
    out += "pass quick on $jrun_if\npass quick on $ygg_if inet6\n";
    return out;
}

bool anchor_rule_allowed(const AnchorRule& rule) {
    const bool vm_ssh = rule.proto == model::Proto::tcp && rule.host_port == 22;
    return rule.host_port != 0 && rule.jail_port != 0 && is_ipv4(rule.jail_ip) && !vm_ssh;
}

std::string render_forwards_anchor(const std::vector<AnchorRule>& rules) {
    std::string out = "# managed by jrun: port forwards into jails (rewritten on every up)\n";
    for (const auto& rule : rules) {
        const auto proto = std::string(model::to_string(rule.proto));
        const auto host_port = std::to_string(rule.host_port);
        if (!anchor_rule_allowed(rule)) {
            out += "# left out: " + proto + " port " + host_port
                   + " (the VM's own sshd, or an invalid address or port)\n";
            continue;
        }
        out += "rdr pass on "s + std::string(layout::k_ext_if) + " inet proto " + proto
               + " from any to (" + std::string(layout::k_ext_if) + ") port " + host_port + " -> "
               + rule.jail_ip + " port " + std::to_string(rule.jail_port) + "\n";
    }
    return out;
}

std::string render_devfs_rules_block() {
    const std::string body = "[devfsrules_jail_jrun=" + std::to_string(layout::k_devfs_ruleset)
                             + "]\nadd include $devfsrules_jail_vnet\nadd path 'tun*' unhide\n";
    return marker_block(k_devfs_marker, body);
}

std::string render_jail_conf_block() {
    return marker_block(k_jail_conf_marker,
                        ".include \""s + std::string(k_jail_conf_dir) + "/*.conf\";\n");
}

std::string render_unbound_conf() {
    std::string out = "# managed by jrun: local_unbound of the jail host\n";
    out += "server:\n    username: unbound\n    directory: /var/unbound\n    chroot: \"\"\n";
    out += "    pidfile: /var/run/local_unbound.pid\n";
    out += "remote-control:\n    control-enable: yes\n";
    out += "    control-interface: /var/run/local_unbound.ctl\n    control-use-cert: no\n";
    out += "include: "s + std::string(k_unbound_jrun_conf) + "\n";
    out += "include: "s + std::string(k_unbound_peers_conf) + "\n";
    return out;
}

std::string render_unbound_jrun_conf(const std::vector<DnsRecord>& records) {
    std::string out = "# managed by jrun: jail records (rewritten on every up; peers live in\n";
    out += "# jrun-peers.conf)\nserver:\n    interface: 127.0.0.1\n";
    out += "    interface: "s + std::string(layout::k_bridge_ip) + "\n";
    out += "    access-control: 127.0.0.0/8 allow\n";
    out += "    access-control: "s + std::string(layout::k_subnet) + " allow\n";
    out += "    local-zone: \"jrun.\" static\n";
    for (const auto& record : records) {
        if (!is_dns_name(record.name) || !is_ipv4(record.ip)) {
            out += "    # left out: a record with an invalid name or address\n";
            continue;
        }
        out += "    local-data: \"" + record.name + "." + std::string(layout::k_domain) + ". IN A "
               + record.ip + "\"\n";
    }
    out += "forward-zone:\n    name: \".\"\n";
    out += "    forward-addr: "s + std::string(layout::k_upstream_dns) + "\n";
    return out;
}

std::string render_unbound_peers_conf(const std::vector<PeerRecord>& peers) {
    std::string body;
    for (const auto& peer : peers) {
        if (!is_dns_name(peer.name) || !is_ipv6(peer.ip6)) {
            body += "    # left out: a peer with an invalid name or address\n";
            continue;
        }
        body += "    local-data: \"" + peer.name + ".jrun. IN AAAA " + peer.ip6 + "\"\n";
    }
    return "# managed by jrun: records of paired mesh peers (written by pairing)\nserver:\n"
           + marker_block(k_peers_marker, body);
}

std::string render_dhclient_block() {
    const std::string body = "interface \""s + std::string(layout::k_ext_if)
                             + "\" {\n    supersede domain-name-servers 127.0.0.1;\n"
                               "    prepend domain-search \""
                             + std::string(layout::k_domain) + "\";\n}\n";
    return marker_block(k_dhclient_marker, body);
}

std::string render_vm_resolv_conf() {
    return "# managed by jrun: the VM resolves through local_unbound\nsearch "s
           + std::string(layout::k_domain) + "\nnameserver 127.0.0.1\n";
}

std::string render_fstab_block(const std::vector<ShareMount>& shares) {
    if (shares.empty()) {
        return {};
    }
    std::string body;
    for (const auto& share : shares) {
        if (!is_share_tag(share.tag)) {
            body += "# left out: a share with an invalid tag\n";
            continue;
        }
        body += share.tag + "\t" + std::string(layout::k_share_dir) + "/" + share.tag
                + "\tp9fs\trw,late,failok\t0\t0\n";
    }
    return marker_block(k_fstab_marker, body);
}

} // namespace jrun::render
