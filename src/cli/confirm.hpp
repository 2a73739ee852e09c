// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "cli/cli.hpp"

#include <string_view>

namespace jrun::cli {

// Ask `question` on the terminal ("[y/N]"); true when answered yes, or when `yes` (-y) was
// given. Without a terminal and without -y, print an error saying to pass -y and return false.
[[nodiscard]] bool confirm(Context& ctx, std::string_view question, bool yes);

} // namespace jrun::cli
