// SPDX-License-Identifier: BSD-2-Clause
#include "cli/cli.hpp"

#include <ostream>

#ifndef JRUN_VERSION
#define JRUN_VERSION "dev"
#endif

namespace jrun::cli {

int cmd_help(Context& ctx) {
    if (!ctx.args.empty()) {
        for (const auto& sub : subcommands()) {
            if (sub.name == ctx.args[0]) {
                ctx.out << "usage: " << sub.usage << "\n\n" << sub.summary << '\n';
                return 0;
            }
        }
    }
    ctx.out << "jrun " << JRUN_VERSION << " - FreeBSD jails from a declarative UCL file\n\n"
            << "usage: jrun COMMAND [ARGS...]\n\ncommands:\n";
    for (const auto& sub : subcommands()) {
        ctx.out << "  " << sub.name;
        for (std::size_t i = sub.name.size(); i < 10; ++i) {
            ctx.out << ' ';
        }
        ctx.out << sub.summary << '\n';
    }
    ctx.out << "\nexit codes: 0 ok, 1 failed, 2 usage or config error, 130 interrupted\n"
            << "settings: JRUN_* environment variables and $JRUN_HOME/.env (see README)\n";
    return 0;
}

int cmd_version(Context& ctx) {
    ctx.out << "jrun " << JRUN_VERSION << '\n';
    return 0;
}

} // namespace jrun::cli
