// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The files an ansible-playbook run needs, rendered from data (pure, golden-tested): the ssh
// wrapper Ansible uses as its ssh executable, the inventory and the extra vars.

#include "provision/provisioner.hpp"
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace jrun::provision {

// Return `options` as NAME=VALUE words: accepts "-o NAME=VALUE" words, "-o" "NAME=VALUE" pairs
// and bare "NAME=VALUE" words. Fail with `internal` for anything else or for a
// StrictHostKeyChecking that is off ("no"/"off"): jrun never turns host key checking off.
[[nodiscard]] Result<std::vector<std::string>>
normalize_ssh_options(const std::vector<std::string>& options);

// Return the ssh arguments of `ssh` as `-o NAME=VALUE` pairs: `ssh.ssh_options` first, then
// StrictHostKeyChecking=yes unless they set it, BatchMode, the identity, known_hosts, user,
// port and ControlPath. Fails as normalize_ssh_options().
[[nodiscard]] Result<std::vector<std::string>> ssh_arguments(const SshConnection& ssh);

// Return the POSIX sh script Ansible runs as its ssh executable for `target`: it runs ssh with
// ssh_arguments() before Ansible's own (ssh keeps the first value of an option, so jrun's
// connection settings win) and, for a jail, replaces the remote command (Ansible's last
// argument) with `[doas] jexec NAME /bin/sh -c COMMAND` (doas unless the login user is root).
// `ssh -O ...` control commands pass through unchanged. Fails with `internal` for a bad private
// jail name or bad ssh options.
[[nodiscard]] Result<std::string> render_ssh_wrapper(const SetupTarget& target);

// Return the inventory (JSON, read by Ansible's yaml inventory plugin) with one host,
// `localhost` (hub playbooks target it), reached with ssh through `wrapper`: user root in a
// jail, the login user in the VM with doas as become method, python from the target. Every
// string is marked unsafe so Ansible never templates it.
[[nodiscard]] std::string render_inventory(const SetupTarget& target, const std::string& wrapper);

// Return `vars` as a JSON extra-vars document in which every string (at any depth) is marked
// `__ansible_unsafe`: values arrive with their JSON types and exactly as written, never
// templated by Jinja. Fails with `config` when an object uses one of Ansible's reserved keys
// (`__ansible_unsafe`, `__ansible_vault`), which would change the value's meaning.
[[nodiscard]] Result<std::string> render_extra_vars(const nlohmann::ordered_json& vars);

} // namespace jrun::provision
