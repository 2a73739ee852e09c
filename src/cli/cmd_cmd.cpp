// SPDX-License-Identifier: BSD-2-Clause
// `jrun cmd JAIL ARGV...` (exit code passed through) and `jrun ssh [JAIL]`: commands in a jail
// go through the host's connection with jexec, needing no sshd or network path into the jail.
#include "cli/cli.hpp"
#include "cli/guest_session.hpp"
#include "cli/jail_lookup.hpp"
#include "cli/state_io.hpp"
#include "render/guest.hpp"

#include <unistd.h>

namespace jrun::cli {

namespace {

bool on_terminal() {
    return isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0;
}

int run_in_host(Context& ctx,
                GuestSession& session,
                const std::vector<std::string>& argv,
                bool tty) {
    auto remote = connect_remote(session);
    if (!remote.ok()) {
        print_error(ctx, remote.error());
        return 1;
    }
    auto code = (*remote)->run_interactive(argv, tty);
    if (!code.ok()) {
        print_error(ctx, code.error());
        return exit_code_for(code.error().kind);
    }
    return *code;
}

} // namespace

int cmd_cmd(Context& ctx) {
    if (ctx.args.size() < 2) {
        print_error(ctx,
                    "missing arguments",
                    "'jrun cmd' needs a jail and a command",
                    "jrun cmd JAIL COMMAND [ARG...]");
        return 2;
    }
    auto session = open_offline_session(ctx, false);
    if (!session) {
        return 1;
    }
    const auto* jail = find_recorded_jail(ctx, session->recorded, ctx.args.front());
    if (jail == nullptr) {
        return 2;
    }
    const std::vector<std::string> argv(ctx.args.begin() + 1, ctx.args.end());
    return run_in_host(ctx, *session, render::jexec_argv(jail->private_name, argv), on_terminal());
}

int cmd_ssh(Context& ctx) {
    if (ctx.args.size() > 1) {
        print_error(ctx,
                    "too many arguments",
                    "'jrun ssh' takes at most a jail name",
                    "jrun ssh [JAIL]; to run a command: jrun cmd JAIL COMMAND");
        return 2;
    }
    auto session = open_offline_session(ctx, false);
    if (!session) {
        return 1;
    }
    if (ctx.args.empty()) {
        return run_in_host(ctx, *session, {}, true);
    }
    const auto* jail = find_recorded_jail(ctx, session->recorded, ctx.args.front());
    if (jail == nullptr) {
        return 2;
    }
    return run_in_host(
        ctx, *session, render::jexec_argv(jail->private_name, {"/bin/sh", "-l"}), true);
}

} // namespace jrun::cli
