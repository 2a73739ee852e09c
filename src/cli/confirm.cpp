// SPDX-License-Identifier: BSD-2-Clause
#include "cli/confirm.hpp"

#include <unistd.h>

#include <iostream>
#include <ostream>
#include <string>

namespace jrun::cli {

bool confirm(Context& ctx, std::string_view question, bool yes) {
    if (yes) {
        return true;
    }
    if (isatty(STDIN_FILENO) == 0) {
        print_error(ctx, std::string(question), "no terminal to ask on", "pass -y to confirm");
        return false;
    }
    ctx.err << question << " [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "y" || answer == "Y" || answer == "yes";
}

} // namespace jrun::cli
