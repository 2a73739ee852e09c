// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The command line of `jrun ssh [JAIL] [-- COMMAND [ARG...]]` (pure, unit-tested).

#include "util/result.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace jrun::cli {

struct SshArgs {
    std::optional<std::string> jail;  // none: the host that runs the jails
    std::vector<std::string> command; // empty: a login shell
};

// Parse the arguments of `jrun ssh` (after the subcommand name). Everything after the first
// `--` is the command, word for word; before it, one jail name at most and no options. A
// wrong command line is an Error of kind `usage` whose hint shows both forms.
[[nodiscard]] Result<SshArgs> parse_ssh_args(std::span<const std::string> args);

} // namespace jrun::cli
