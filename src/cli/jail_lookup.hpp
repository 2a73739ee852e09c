// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "cli/cli.hpp"
#include "model/recorded.hpp"

#include <string>

namespace jrun::cli {

// Return the recorded jail `name`, or print "no jail" with a did-you-mean and return null.
[[nodiscard]] const model::RecordedJail*
find_recorded_jail(Context& ctx, const model::Recorded& recorded, const std::string& name);

} // namespace jrun::cli
