// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// ed25519 key pairs made with `ssh-keygen` (through sys::ProcessRunner): the login key of the
// VM user and the VM's host key that the seed installs.

#include "cloudinit/seed.hpp"
#include "sys/file_system.hpp"
#include "sys/process_runner.hpp"

#include <string>

namespace jrun::cloudinit {

// Return the argv `ssh-keygen -q -t ed25519 -N "" -C <comment> -f <path>`.
[[nodiscard]] std::vector<std::string> keygen_argv(const std::string& path,
                                                   const std::string& comment);

// Make sure the key pair `path` / `path.pub` exists: generate it when the private key is
// missing (a stale `.pub` is replaced), derive the `.pub` with `ssh-keygen -y` when only it is
// missing. Return the public key line. Fails with `process` when ssh-keygen fails, `io`.
[[nodiscard]] Result<std::string> ensure_key_pair(sys::ProcessRunner& runner,
                                                  sys::FileSystem& files,
                                                  const std::string& path,
                                                  const std::string& comment);

// Generate a fresh host key pair at `path` / `path.pub` (replacing any) and return it.
[[nodiscard]] Result<HostKey>
generate_host_key(sys::ProcessRunner& runner, sys::FileSystem& files, const std::string& path);

// Return the host key pair stored at `path` / `path.pub`.
[[nodiscard]] Result<HostKey> read_host_key(sys::FileSystem& files, const std::string& path);

} // namespace jrun::cloudinit
