// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Pure parsers and validators for the scalar values of a config (and of settings): durations,
// sizes, ports, names, paths and playbook URLs. None of them touches the system.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jrun::config {

// Return `text` as a duration: a number with an optional unit `ms`, `s`, `m` or `min` (minutes,
// as the Python implementation reads healthcheck strings), `h`, `d` or `w`; no unit means
// seconds ("30s", "1min", "500ms", "2h", "1.5s", "30"). Nullopt when malformed, negative or
// longer than a year.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// Return `text` as a number of bytes: a number with a binary unit `k`, `m`, `g` or `t` (any case,
// optionally followed by `b` or `ib`: "4G", "4096M", "4gb", "512MiB", "1.5G"), or `b` for bytes.
// Nullopt when malformed, too large, or without a unit (ambiguous: QEMU reads `-m 4096` as MiB,
// `qemu-img resize 20` as bytes; see config::parse_size for settings).
std::optional<std::uint64_t> parse_bytes(std::string_view text);

// Return `text` (surrounding blanks allowed) as an integer, nullopt unless it is one.
std::optional<std::int64_t> parse_integer(std::string_view text);

// Return whether `name` is a valid hostname label: 1-63 letters, digits and hyphens, not
// starting or ending with a hyphen (jail names become DNS names).
bool is_hostname_label(std::string_view name);

// Return whether `label` is safe as a file and service name: 1-64 letters, digits, `_` and `-`,
// not starting with `-` (labels of forwards, mounts, execs and setup steps).
bool is_safe_label(std::string_view label);

// Return whether `name` is a valid environment or Ansible variable name ([A-Za-z_][A-Za-z0-9_]*).
bool is_variable_name(std::string_view name);

// Return whether `release` names a FreeBSD release: `15.0-RELEASE`, `14.3-RC1`, `15.0-BETA2`,
// `15.0-ALPHA1`.
bool is_release(std::string_view release);

// Return the four octets of a dotted-quad IPv4 address (no leading zeros), nullopt otherwise.
std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view text);

// Return whether `text` contains a control character (below 0x20, or 0x7f).
bool has_control_char(std::string_view text);

// Return whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points
// above U+10FFFF).
bool is_utf8(std::string_view text);

// Return `text` with control characters shown as escapes (`\n`, `\t`, `\x01`; every byte
// above 0x7f too when `text` is not UTF-8) and cut to a readable length, for quoting user
// values in messages.
std::string printable(std::string_view text);

// Return whether `text` starts with a URL scheme (`hub://`, `https://`, `file://`, ...).
bool looks_like_url(std::string_view text);

// Return what is wrong with a setup `url`, or nullopt when it is `hub://NAME/VERSION[@REF]` or a
// GitHub blob URL `https://github.com/OWNER/REPO/blob/REF/PATH`.
std::optional<std::string> url_problem(std::string_view url);

// Return `path` lexically normalised, without a trailing slash (except for "/").
std::string normalise_path(std::string_view path);

// Return what is wrong with a path inside a jail or the VM (it must be absolute, without `..`,
// control characters, blanks, backslashes or '#', since it reaches fstab and shell scripts; at most
// 900 bytes, components at most 255), or nullopt when it is fine.
std::optional<std::string> guest_path_problem(std::string_view path);

} // namespace jrun::config
