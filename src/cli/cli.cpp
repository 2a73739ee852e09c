// SPDX-License-Identifier: BSD-2-Clause
#include "cli/cli.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <ostream>

namespace jrun::cli {

namespace {

constexpr std::array k_subcommands{
    Subcommand{"help", "show this help or a command's usage", "jrun help [COMMAND]", &cmd_help},
    Subcommand{"version", "print the version", "jrun version", &cmd_version},
    Subcommand{"start",
               "boot the VM (downloading its image once), wait for SSH, apply the base config",
               "jrun start [--base FILE] [--provision] [--mode server|tty|graphic]",
               &cmd_start},
    Subcommand{
        "stop", "shut the VM down (ACPI, then quit, then kill)", "jrun stop [-y]", &cmd_stop},
    Subcommand{"purge",
               "stop and delete the VM, its disk, keys and all state (keeps the image)",
               "jrun purge [-y]",
               &cmd_purge},
    Subcommand{"doctor",
               "check the host for QEMU, accelerator, firmware, ssh, ansible, ISO tool, ports",
               "jrun doctor",
               &cmd_doctor},
    Subcommand{"validate",
               "check config files and print every problem with file:line:col",
               "jrun validate FILE... [--var NAME=VALUE]...",
               &cmd_validate},
    Subcommand{"plan",
               "print what 'up' would do, step by step with reasons; changes nothing",
               "jrun plan CONFIG [NAME...] [--explain] [--json] [--prune] [--recreate] "
               "[--provision] [--var NAME=VALUE]...",
               &cmd_plan},
    Subcommand{"up",
               "converge the named jails (and what they need) to the config",
               "jrun up CONFIG [NAME...] [--dry-run] [--explain] [--json] [--prune] [--recreate] "
               "[--provision] [--var NAME=VALUE]...",
               &cmd_up},
    Subcommand{"down",
               "destroy jails (all without names) and everything wired to them",
               "jrun down [NAME...] [-y]",
               &cmd_down},
    Subcommand{"status",
               "the VM (pid, SSH port, forwards), the jails and their state; one jail in detail",
               "jrun status [JAIL] [--show ip,services,all] [--json]",
               &cmd_status},
    Subcommand{"logs",
               "output of supervised processes, merged with prefixes",
               "jrun logs [-f] [-n N] [JAIL[/EXEC]...]",
               &cmd_logs},
    Subcommand{"cmd",
               "run one command in a jail (its exit code is jrun's)",
               "jrun cmd JAIL [--] COMMAND [ARG...]",
               &cmd_cmd},
    Subcommand{"ssh",
               "a shell in the VM or in a jail, or a command there (its exit code is jrun's)",
               "jrun ssh [JAIL] [-- COMMAND [ARG...]]",
               &cmd_ssh},
    Subcommand{"snapshot",
               "ZFS snapshots of jails: create (--all: atomic), list, rollback, delete",
               "jrun snapshot create JAIL [NAME] | create --all [NAME] | list [JAIL] | "
               "rollback JAIL NAME [-y] | delete JAIL NAME [-y]",
               &cmd_snapshot},
    Subcommand{"config",
               "show the effective settings, or a config file as JSON",
               "jrun config settings [--json]\n       jrun config dump FILE [--var NAME=VALUE]...",
               &cmd_config},
};

const Subcommand* find_subcommand(std::string_view name) {
    for (const auto& sub : k_subcommands) {
        if (sub.name == name) {
            return &sub;
        }
    }
    return nullptr;
}

std::vector<std::string_view> subcommand_names() {
    std::vector<std::string_view> names;
    names.reserve(std::size(k_subcommands));
    for (const auto& sub : k_subcommands) {
        names.push_back(sub.name);
    }
    return names;
}

// True when `args` ask for the usage. Rationale: the words of a command that runs elsewhere
// (after `--`, or after the jail of `jrun cmd`) are that command's own: `jrun cmd web ls -h`
// runs `ls -h`.
bool wants_usage(const Subcommand& sub, std::span<const std::string> args) {
    const std::size_t own = sub.name == "cmd" ? std::min<std::size_t>(args.size(), 1) : args.size();
    for (const auto& arg : args.first(own)) {
        if (arg == "--") {
            return false;
        }
        if (arg == "--help" || arg == "-h") {
            return true;
        }
    }
    return false;
}

int unknown_command(Context& ctx, std::string_view name) {
    const auto names = subcommand_names();
    const auto suggestion = closest_match(name, names);
    std::string hint = "run 'jrun --help' for the list of commands";
    if (suggestion) {
        hint = "did you mean 'jrun " + *suggestion + "'?";
    }
    print_error(ctx, "unknown command '" + std::string(name) + "'", "not a jrun command", hint);
    return 2;
}

} // namespace

std::span<const Subcommand> subcommands() {
    return k_subcommands;
}

void print_error(Context& ctx, std::string_view what, std::string_view why, std::string_view hint) {
    const char* red = ctx.color ? "\033[1;31m" : "";
    const char* reset = ctx.color ? "\033[0m" : "";
    ctx.err << "jrun: " << red << "error" << reset << ": " << what;
    if (!why.empty()) {
        ctx.err << ": " << why;
    }
    ctx.err << '\n';
    if (!hint.empty()) {
        ctx.err << "  hint: " << hint << '\n';
    }
}

void print_warning(Context& ctx, std::string_view message) {
    const char* yellow = ctx.color ? "\033[1;33m" : "";
    const char* reset = ctx.color ? "\033[0m" : "";
    ctx.err << "jrun: " << yellow << "warning" << reset << ": " << message << '\n';
}

int run(std::span<const std::string> argv,
        const std::map<std::string, std::string, std::less<>>& env,
        std::ostream& out,
        std::ostream& err,
        bool color) {
    Context ctx{{}, env, out, err, color};
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
        return cmd_help(ctx);
    }
    if (argv[0] == "--version" || argv[0] == "-V") {
        return cmd_version(ctx);
    }
    const Subcommand* sub = find_subcommand(argv[0]);
    if (sub == nullptr) {
        return unknown_command(ctx, argv[0]);
    }
    ctx.args.assign(argv.begin() + 1, argv.end());
    if (wants_usage(*sub, ctx.args)) {
        ctx.out << "usage: " << sub->usage << "\n\n" << sub->summary << '\n';
        return 0;
    }
    return sub->run(ctx);
}

} // namespace jrun::cli
