// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <iosfwd>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::cli {

// What a subcommand may touch: its arguments, the environment, and the two output streams.
// Rationale: commands write to these streams, never to std::cout directly, so tests can run
// them in-process and compare output.
struct Context {
    std::vector<std::string> args; // arguments after the subcommand name
    std::map<std::string, std::string, std::less<>> env;
    std::ostream& out;
    std::ostream& err;
    bool color = false; // colour on stderr (TTY and no NO_COLOR)
};

// One row of the subcommand table.
struct Subcommand {
    std::string_view name;
    std::string_view summary;
    std::string_view usage;
    int (*run)(Context&);
};

// Return the subcommand table, in help order.
std::span<const Subcommand> subcommands();

// Run jrun with `argv` (without the program name); return the process exit code.
int run(std::span<const std::string> argv,
        const std::map<std::string, std::string, std::less<>>& env,
        std::ostream& out,
        std::ostream& err,
        bool color);

// Print `jrun: error: <what>: <why>` (and `hint: ...`) to ctx.err.
void print_error(Context& ctx,
                 std::string_view what,
                 std::string_view why,
                 std::string_view hint = {});
// Print `jrun: warning: <message>` to ctx.err.
void print_warning(Context& ctx, std::string_view message);

// Subcommand entry points (one file each).
int cmd_help(Context& ctx);
int cmd_version(Context& ctx);
int cmd_plan(Context& ctx);
int cmd_up(Context& ctx);
int cmd_down(Context& ctx);            // `jrun down [NAME...] [-y]`
int cmd_status(Context& ctx);          // `jrun status [JAIL] [--show ...] [--json]`
int cmd_logs(Context& ctx);            // `jrun logs [-f] [-n N] [JAIL[/EXEC]...]`
int cmd_cmd(Context& ctx);             // `jrun cmd JAIL ARGV...`
int cmd_ssh(Context& ctx);             // `jrun ssh [JAIL]`
int cmd_snapshot(Context& ctx);        // `jrun snapshot create|list|rollback|delete ...`
int cmd_config(Context& ctx);          // dispatches `jrun config ACTION`
int cmd_config_settings(Context& ctx); // `jrun config settings [--json]`
int cmd_config_dump(Context& ctx);     // `jrun config dump FILE [--var NAME=VALUE]...`
int cmd_validate(Context& ctx);        // `jrun validate FILE... [--var NAME=VALUE]...`
int cmd_start(Context& ctx);           // `jrun start [--base FILE] [--provision] [--mode M]`
int cmd_stop(Context& ctx);            // `jrun stop [-y]`
int cmd_purge(Context& ctx);           // `jrun purge [-y]`
int cmd_doctor(Context& ctx);          // `jrun doctor`

} // namespace jrun::cli
