// SPDX-License-Identifier: BSD-2-Clause
// argv -> cli::run() -> exit code; nothing else.
#include "cli/cli.hpp"

#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX

namespace {

std::map<std::string, std::string, std::less<>> read_environment() {
    std::map<std::string, std::string, std::less<>> env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string item(*entry);
        const auto eq = item.find('=');
        if (eq != std::string::npos) {
            env.emplace(item.substr(0, eq), item.substr(eq + 1));
        }
    }
    return env;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const auto env = read_environment();
        const bool color = isatty(STDERR_FILENO) == 1 && env.find("NO_COLOR") == env.end();
        return jrun::cli::run(args, env, std::cout, std::cerr, color);
    } catch (const std::exception& e) {
        std::cerr << "jrun: error: internal error: " << e.what()
                  << "\n  hint: this is a bug in jrun; please report it\n";
        return 1;
    }
}
