// SPDX-License-Identifier: BSD-2-Clause
// `jrun cmd JAIL ARGV...` and `jrun ssh [JAIL] [-- ARGV...]` (exit codes passed through):
// commands in a jail go through the host's connection with jexec, needing no sshd or network
// path into the jail.
#include "cli/cli.hpp"
#include "cli/guest_session.hpp"
#include "cli/jail_lookup.hpp"
#include "cli/ssh_args.hpp"
#include "cli/state_io.hpp"
#include "render/guest.hpp"

#include <unistd.h>

namespace jrun::cli {

namespace {

// Rationale: a pty only when both ends are terminals, as ssh decides without a command: with
// stdin piped, `-t` makes ssh warn "Pseudo-terminal will not be allocated"; with stdout piped,
// a pty would turn "\n" into "\r\n" in what the caller captures.
bool on_terminal() {
    return isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0;
}

int run_in_host(Context& ctx,
                GuestSession& session,
                const std::vector<std::string>& argv,
                ssh::RunAs as) {
    auto remote = connect_remote(session);
    if (!remote.ok()) {
        print_error(ctx, remote.error());
        return 1;
    }
    auto code = (*remote)->run_interactive(argv, on_terminal(), as);
    if (!code.ok()) {
        print_error(ctx, code.error());
        return exit_code_for(code.error().kind);
    }
    return *code;
}

// Run `argv` in `jail_name` through jexec as root; print why and return 2 when the jail is not
// recorded.
int run_in_jail(Context& ctx, const std::string& jail_name, const std::vector<std::string>& argv) {
    auto session = open_offline_session(ctx, false);
    if (!session) {
        return 1;
    }
    const auto* jail = find_recorded_jail(ctx, session->recorded, jail_name);
    if (jail == nullptr) {
        return 2;
    }
    return run_in_host(
        ctx, *session, render::jexec_argv(jail->private_name, argv), ssh::RunAs::root);
}

} // namespace

int cmd_cmd(Context& ctx) {
    std::vector<std::string> argv;
    if (!ctx.args.empty()) {
        // `jrun cmd JAIL -- COMMAND` is accepted too, like `jrun ssh JAIL -- COMMAND`.
        const bool dashes = ctx.args.size() > 1 && ctx.args[1] == "--";
        argv.assign(ctx.args.begin() + (dashes ? 2 : 1), ctx.args.end());
    }
    if (argv.empty()) {
        print_error(ctx,
                    "missing arguments",
                    "'jrun cmd' needs a jail and a command",
                    "jrun cmd JAIL COMMAND [ARG...]");
        return 2;
    }
    return run_in_jail(ctx, ctx.args.front(), argv);
}

int cmd_ssh(Context& ctx) {
    auto parsed = parse_ssh_args(ctx.args);
    if (!parsed.ok()) {
        print_error(ctx, parsed.error());
        return exit_code_for(parsed.error().kind);
    }
    if (parsed->jail) {
        auto argv = parsed->command.empty() ? std::vector<std::string>{"/bin/sh", "-l"}
                                            : std::move(parsed->command);
        return run_in_jail(ctx, *parsed->jail, argv);
    }
    auto session = open_offline_session(ctx, false);
    if (!session) {
        return 1;
    }
    return run_in_host(ctx, *session, parsed->command, ssh::RunAs::login_user);
}

} // namespace jrun::cli
