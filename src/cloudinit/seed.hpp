// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The cloud-init NoCloud seed files (pure), read by FreeBSD's nuageinit(7) and by cloud-init:
// the login user with its key, doas, Python for Ansible (reference-behaviour.md §5.5), and an
// SSH host key made by jrun so that the VM's identity is pinned before the first connection.

#include "util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::cloudinit {

// An SSH host key pair in OpenSSH's formats.
struct HostKey {
    std::string private_key; // "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n"
    std::string public_key;  // "ssh-ed25519 AAAA... [comment]"
};

// What the seed sets up.
struct SeedSpec {
    std::string instance_id; // changes when the seed must be applied again (see instance_id_for)
    std::string hostname = "freebsd";
    std::string user = "admin";
    std::string group = "wheel";
    std::string shell = "/bin/sh";
    std::string authorized_key; // the user's public key line
    std::vector<std::string> packages = {"doas", "python313"};
    HostKey host_key;
};

// Return `meta-data`. Fails with `config` on an unsafe value (see render_user_data).
[[nodiscard]] Result<std::string> render_meta_data(const SeedSpec& spec);

// Return `user-data` (`#cloud-config`). Every value is checked: user and group names are
// POSIX-portable lower-case names, the hostname a DNS label, package names plain words, keys
// well-formed OpenSSH keys whose comments hold no quote, backslash or control character. An
// unsafe value fails with `config` naming it; nothing hostile reaches the YAML.
[[nodiscard]] Result<std::string> render_user_data(const SeedSpec& spec);

// Return `text` as a YAML double-quoted scalar that reads the same in YAML 1.1/1.2 parsers and
// in nuageinit's minimal one: no escapes are used, so `"`, `\` and control characters are
// refused (nullopt-like Error of kind `config`, `what` naming `field`).
[[nodiscard]] Result<std::string> yaml_quote(std::string_view text, std::string_view field);

// Return the FreeBSD package of a Python interpreter: "python3.13" -> "python313". Fails with
// `config` unless `interpreter` is `python3.N`.
[[nodiscard]] Result<std::string> python_package(std::string_view interpreter);

// Return "jrun-" + the first 16 hex digits of the SHA-256 of `host_public_key`: a new host key
// makes a new instance, so cloud-init applies the seed again.
[[nodiscard]] std::string instance_id_for(std::string_view host_public_key);

// Return the known_hosts line that pins `public_key` ("ssh-ed25519 AAAA...", any comment is
// dropped) for `host`:`port`: "[127.0.0.1]:2222 ssh-ed25519 AAAA..." (no brackets for port 22).
// Fails with `config` on a malformed key or host.
[[nodiscard]] Result<std::string>
known_hosts_line(std::string_view host, std::uint16_t port, std::string_view public_key);

} // namespace jrun::cloudinit
