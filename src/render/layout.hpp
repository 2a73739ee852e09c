// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Where jrun keeps things on the FreeBSD host (reference-behaviour.md §6 constants). Fixed:
// a state made by the Python implementation names the same datasets and files.

#include <string_view>

namespace jrun::render::layout {

inline constexpr std::string_view k_pool = "zroot";
inline constexpr std::string_view k_dataset = "zroot/jailrun";
inline constexpr std::string_view k_jails_dataset = "zroot/jailrun/jails";
inline constexpr std::string_view k_releases_dataset = "zroot/jailrun/releases";
inline constexpr std::string_view k_base_dir = "/usr/local/jailrun";
inline constexpr std::string_view k_jails_dir = "/usr/local/jailrun/jails";
inline constexpr std::string_view k_releases_dir = "/usr/local/jailrun/releases";
inline constexpr std::string_view k_log_dir = "/var/log/jailrun";
inline constexpr std::string_view k_bridge = "bridge0";
inline constexpr std::string_view k_bridge_ip = "10.17.89.1";
inline constexpr std::string_view k_subnet = "10.17.89.0/24";
inline constexpr std::string_view k_ext_if = "vtnet0";
inline constexpr std::string_view k_anchor = "jrun/managed";
inline constexpr std::string_view k_anchor_file = "/etc/pf.anchors/jrun-forwards.conf";
inline constexpr std::string_view k_domain = "local.jrun";
inline constexpr std::string_view k_upstream_dns = "10.0.2.3";
inline constexpr std::string_view k_share_dir = "/mnt/jrun";
inline constexpr int k_devfs_ruleset = 10;

} // namespace jrun::render::layout
