// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ssh/ssh_config.hpp"
#include "util/error.hpp"

#include <string_view>

namespace jrun::ssh::detail {

// Return the Error for an ssh that exited 255 with `ssh_stderr`: kind `remote` (`timeout` when
// connecting timed out), why = ssh's own words, hint = what to do (a changed host key names the
// known_hosts file and how to forget the old key).
[[nodiscard]] Error connection_error(const SshConfig& config, std::string_view ssh_stderr);

} // namespace jrun::ssh::detail
