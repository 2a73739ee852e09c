// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Run one of jrun's own guest scripts (bootstrap, releases, shares) outside the executor,
// echoing its `@jrun step` lines under a label, as `jrun start` and `jrun up` do before deploying.

#include "cli/cli.hpp"
#include "ssh/remote.hpp"

#include <string>
#include <string_view>

namespace jrun::cli {

// Run `script` on `remote`: print "  LABEL | WHAT" and then each step it reports; a failure
// becomes a `remote` error naming WHAT, the host and the last step begun.
[[nodiscard]] Status run_guest_step(Context& ctx,
                                    ssh::Remote& remote,
                                    std::string_view label,
                                    const std::string& what,
                                    const std::string& script);

} // namespace jrun::cli
