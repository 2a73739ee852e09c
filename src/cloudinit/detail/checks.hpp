// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Checks of the values that go into seed files (pure).

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace jrun::cloudinit::detail {

// An OpenSSH public key line split into its parts.
struct PublicKey {
    std::string type;
    std::string blob;
    std::string comment;
};

// Fail with `config` unless `name` is a portable user or group name ([a-z_][a-z0-9_-]{0,31}).
[[nodiscard]] Status check_account_name(std::string_view name, std::string_view field);
// Fail with `config` unless `name` is a DNS label.
[[nodiscard]] Status check_hostname(std::string_view name);
// Fail with `config` unless `name` is a package name ([A-Za-z0-9][A-Za-z0-9._+-]*).
[[nodiscard]] Status check_package(std::string_view name);
// Fail with `config` unless `path` is an absolute path of plain characters.
[[nodiscard]] Status check_plain_path(std::string_view path, std::string_view field);
// Return the parts of an OpenSSH public key line, or fail with `config`.
[[nodiscard]] Result<PublicKey> parse_public_key(std::string_view line, std::string_view field);
// Fail with `config` unless `key` is an OpenSSH private key (armour and base64 lines only).
[[nodiscard]] Status check_private_key(std::string_view key);

} // namespace jrun::cloudinit::detail
