// SPDX-License-Identifier: BSD-2-Clause
// `jrun logs [-f] [-n N] [JAIL[/EXEC]...]`: the supervised processes' output, merged with a
// "jail/exec | " prefix; -f follows until interrupted.
#include "cli/cli.hpp"
#include "cli/guest_session.hpp"
#include "cli/jail_lookup.hpp"
#include "cli/state_io.hpp"
#include "render/guest.hpp"
#include "render/script.hpp"
#include "util/strings.hpp"

#include <charconv>
#include <ostream>

namespace jrun::cli {

namespace {

struct LogsArgs {
    std::vector<std::string> selectors; // JAIL or JAIL/EXEC
    int lines = 50;
    bool follow = false;
};

std::optional<int> parse_count(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 1000000) {
        return std::nullopt;
    }
    return value;
}

std::optional<LogsArgs> parse_logs_args(Context& ctx) {
    LogsArgs args;
    for (std::size_t i = 0; i < ctx.args.size(); ++i) {
        const auto& arg = ctx.args[i];
        if (arg == "-f" || arg == "--follow") {
            args.follow = true;
        } else if ((arg == "-n" || arg == "--lines") && i + 1 < ctx.args.size()) {
            const auto count = parse_count(ctx.args[++i]);
            if (!count) {
                print_error(ctx, "invalid -n '" + ctx.args[i] + "'", "expected a number of lines");
                return std::nullopt;
            }
            args.lines = *count;
        } else if (starts_with(arg, "-")) {
            print_error(ctx,
                        "invalid option '" + arg + "'",
                        "not an option of 'jrun logs'",
                        "jrun logs [-f] [-n N] [JAIL[/EXEC]...]");
            return std::nullopt;
        } else {
            args.selectors.push_back(arg);
        }
    }
    return args;
}

void add_sources(const model::RecordedJail& jail,
                 std::string_view exec,
                 std::vector<render::LogSource>& out) {
    for (const auto& e : jail.spec.execs) {
        if (exec.empty() || e.label == exec) {
            out.push_back({jail.spec.name, jail.private_name, e.label});
        }
    }
}

// Resolve the selectors (all jails' execs when none); print what does not exist.
std::optional<std::vector<render::LogSource>>
sources_for(Context& ctx, const LogsArgs& args, const model::Recorded& recorded) {
    std::vector<render::LogSource> sources;
    if (args.selectors.empty()) {
        for (const auto& [name, jail] : recorded.jails) {
            add_sources(jail, {}, sources);
        }
        return sources;
    }
    for (const auto& selector : args.selectors) {
        const auto slash = selector.find('/');
        const auto jail_name = selector.substr(0, slash);
        const auto exec = slash == std::string::npos ? std::string() : selector.substr(slash + 1);
        const auto* jail = find_recorded_jail(ctx, recorded, jail_name);
        if (jail == nullptr) {
            return std::nullopt;
        }
        const auto before = sources.size();
        add_sources(*jail, exec, sources);
        if (!exec.empty() && sources.size() == before) {
            print_error(ctx, "no exec '" + exec + "' in jail '" + jail_name + "'", "not in state");
            return std::nullopt;
        }
    }
    return sources;
}

} // namespace

int cmd_logs(Context& ctx) {
    const auto args = parse_logs_args(ctx);
    if (!args) {
        return 2;
    }
    auto session = open_offline_session(ctx, false);
    if (!session) {
        return 1;
    }
    const auto sources = sources_for(ctx, *args, session->recorded);
    if (!sources) {
        return 2;
    }
    if (sources->empty()) {
        ctx.out << "no supervised processes: add an `exec` block to a jail\n";
        return 0;
    }
    auto remote = connect_remote(*session);
    if (!remote.ok()) {
        print_error(ctx, remote.error());
        return 1;
    }
    const auto print_line = [&](std::string_view line) {
        if (!render::parse_report_line(line)) {
            ctx.out << line << '\n' << std::flush;
        }
    };
    auto result =
        (*remote)->run_script(render::logs_script(*sources, args->lines, args->follow), print_line);
    if (!result.ok()) {
        print_error(ctx, result.error());
        return exit_code_for(result.error().kind);
    }
    return result->success() ? 0 : 1;
}

} // namespace jrun::cli
