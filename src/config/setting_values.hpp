// SPDX-License-Identifier: BSD-2-Clause
// Parsers for the value types of JRUN_* settings. Each fails with a `config` Error whose `why`
// says what was expected (the caller names the variable and where the value came from).
#pragma once

#include "model/settings.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jrun::config {

// Parse a TCP/UDP port, 1..65535.
[[nodiscard]] Result<std::uint16_t> parse_port(std::string_view text);

// Parse a boolean: true/false, 1/0, yes/no, on/off (any case).
[[nodiscard]] Result<bool> parse_bool(std::string_view text);

// Parse a whole number in `min`..`max`.
[[nodiscard]] Result<std::uint32_t>
parse_count(std::string_view text, std::uint32_t min, std::uint32_t max);

// Parse a size such as 4096M or 20G into bytes: a whole number with a K, M, G or T suffix (any
// case, powers of 1024). A bare number is refused, since QEMU reads `-m 4096` as MiB but
// `qemu-img resize 20` as bytes.
[[nodiscard]] Result<std::uint64_t> parse_size(std::string_view text);

// Return `bytes` with the largest suffix that divides it exactly (4096M, 20G, 1536K); bytes
// that are not a whole number of KiB are printed bare.
[[nodiscard]] std::string format_size(std::uint64_t bytes);

// Parse a FreeBSD version such as 15.0 (MAJOR.MINOR).
[[nodiscard]] Result<std::string> parse_bsd_version(std::string_view text);

// Parse a release tag (RELEASE, RC1, BETA2, ALPHA3; any case) into its upper-case form.
[[nodiscard]] Result<std::string> parse_release_tag(std::string_view text);

// Parse an architecture: amd64 or aarch64 (arm64 is taken as aarch64), any case.
[[nodiscard]] Result<Arch> parse_arch(std::string_view text);

// Return the guest architecture for the host's `uname -m` (arm64/aarch64 -> aarch64, else amd64).
[[nodiscard]] Arch arch_for_machine(std::string_view machine);

// Parse a QEMU accelerator: auto, kvm, hvf or tcg.
[[nodiscard]] Result<QemuAccel> parse_accel(std::string_view text);

// Parse `ssh://user@host[:port]` (host may be [IPv6]); an empty text means no target.
[[nodiscard]] Result<std::optional<SshTarget>> parse_target(std::string_view text);

// Return `target` as `ssh://user@host[:port]` (the port only when it is not 22).
[[nodiscard]] std::string format_target(const SshTarget& target);

// Parse an http:// or https:// URL with a host (kept as written, without a trailing '/').
[[nodiscard]] Result<std::string> parse_http_url(std::string_view text);

// Return whether `name` is a valid FreeBSD user name: a lower-case letter or '_', then
// lower-case letters, digits, '_' or '-', at most 32 characters.
[[nodiscard]] bool is_valid_user_name(std::string_view name);

// Return whether `name` is a DNS host name (labels of letters, digits and inner '-', each at
// most 63 characters, at most 253 in all).
[[nodiscard]] bool is_valid_hostname(std::string_view name);

// Return whether `text` is a dotted-quad IPv4 address.
[[nodiscard]] bool is_ipv4(std::string_view text);

// Resolve a path setting: a leading `~` is `home_dir`, a relative path is relative to `cwd`;
// the result is absolute, normalised and has no trailing '/'. Fails on an empty path and on
// `~user` (only the current user's `~` is expanded).
[[nodiscard]] Result<std::string>
resolve_path(std::string_view text, std::string_view home_dir, std::string_view cwd);

} // namespace jrun::config
