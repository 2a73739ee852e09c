// SPDX-License-Identifier: BSD-2-Clause
// `jrun snapshot create|list|rollback|delete`: ZFS snapshots of jails (SPEC §2, §8).
//   create JAIL [NAME] | create --all [NAME]   (--all: one atomic snapshot of every jail)
//   list [JAIL]                                (with the real space each one holds)
//   rollback JAIL NAME [-y] | delete JAIL NAME [-y]
#include "cli/cli.hpp"
#include "cli/confirm.hpp"
#include "cli/guest_session.hpp"
#include "cli/jail_lookup.hpp"
#include "cli/state_io.hpp"
#include "render/guest.hpp"
#include "util/strings.hpp"

#include <ctime>
#include <ostream>

namespace jrun::cli {

namespace {

constexpr std::string_view k_usage =
    "jrun snapshot create JAIL [NAME] | create --all [NAME] | list [JAIL] | "
    "rollback JAIL NAME [-y] | delete JAIL NAME [-y]";

struct SnapshotArgs {
    std::string action;
    std::vector<std::string> positional;
    bool all = false;
    bool yes = false;
};

std::optional<SnapshotArgs> parse_snapshot_args(Context& ctx) {
    SnapshotArgs args;
    for (const auto& arg : ctx.args) {
        if (arg == "--all") {
            args.all = true;
        } else if (arg == "-y" || arg == "--yes") {
            args.yes = true;
        } else if (starts_with(arg, "-")) {
            print_error(
                ctx, "invalid option '" + arg + "'", "not an option of 'jrun snapshot'", k_usage);
            return std::nullopt;
        } else if (args.action.empty()) {
            args.action = arg;
        } else {
            args.positional.push_back(arg);
        }
    }
    if (args.action != "create" && args.action != "list" && args.action != "rollback"
        && args.action != "delete") {
        print_error(ctx,
                    args.action.empty() ? "missing action" : "unknown action '" + args.action + "'",
                    "expected create, list, rollback or delete",
                    k_usage);
        return std::nullopt;
    }
    return args;
}

// ZFS snapshot names: letters, digits and `_-.:`, at most 200 characters.
bool valid_snapshot_name(std::string_view name) {
    if (name.empty() || name.size() > 200) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alnum || c == '_' || c == '-' || c == '.' || c == ':';
    });
}

std::string default_name() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::array<char, 32> buffer{};
    const auto size = std::strftime(buffer.data(), buffer.size(), "%Y%m%d-%H%M%S", &utc);
    return std::string(buffer.data(), size);
}

std::string human_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "K", "M", "G", "T"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    std::array<char, 32> buffer{};
    std::snprintf(
        buffer.data(), buffer.size(), unit == 0 ? "%.0f%s" : "%.1f%s", value, units[unit]);
    return buffer.data();
}

int run_script(Context& ctx,
               GuestSession& session,
               const std::string& script,
               std::string* out = nullptr) {
    auto result = session.remote->run_script(script);
    if (!result.ok()) {
        print_error(ctx, result.error());
        return exit_code_for(result.error().kind);
    }
    if (!result->success()) {
        print_error(
            ctx, "the snapshot command failed on " + session.remote->describe(), trim(result->err));
        return 1;
    }
    if (out != nullptr) {
        *out = result->out;
    }
    return 0;
}

// "1735700820" (seconds since the epoch, as zfs -p prints) -> "2025-01-01 03:07 UTC".
std::string creation_time(const std::string& created) {
    if (created.empty() || !std::all_of(created.begin(), created.end(), [](char c) {
            return c >= '0' && c <= '9';
        })) {
        return created;
    }
    const auto seconds = static_cast<std::time_t>(std::stoll(created));
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::array<char, 32> buffer{};
    const auto size = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%d %H:%M UTC", &utc);
    return std::string(buffer.data(), size);
}

std::string public_name(const model::Recorded& recorded, const std::string& private_name) {
    for (const auto& [name, jail] : recorded.jails) {
        if (jail.private_name == private_name) {
            return name;
        }
    }
    return private_name;
}

int list(Context& ctx, GuestSession& session, const std::vector<std::string>& jails) {
    std::string out;
    if (const int code = run_script(ctx, session, render::snapshot_list_script(jails), &out);
        code != 0) {
        return code;
    }
    const auto snapshots = render::parse_snapshot_list(out);
    if (snapshots.empty()) {
        ctx.out << "no snapshots\n";
        return 0;
    }
    ctx.out << "JAIL                 SNAPSHOT                  USED      CREATED\n";
    for (const auto& s : snapshots) {
        std::string line = public_name(session.recorded, s.jail);
        line.resize(std::max<std::size_t>(line.size() + 1, 21), ' ');
        std::string name = s.name;
        name.resize(std::max<std::size_t>(name.size() + 1, 26), ' ');
        std::string used = human_bytes(s.used_bytes);
        used.resize(10, ' ');
        ctx.out << line << name << used << creation_time(s.created) << '\n';
    }
    return 0;
}

std::optional<std::vector<std::string>>
jails_of(Context& ctx, GuestSession& session, const SnapshotArgs& args, std::size_t count) {
    std::vector<std::string> jails;
    if (args.all || (args.action == "list" && args.positional.empty())) {
        for (const auto& [name, jail] : session.recorded.jails) {
            jails.push_back(jail.private_name);
        }
        return jails;
    }
    if (args.positional.empty()) {
        print_error(ctx,
                    "missing JAIL",
                    "'jrun snapshot " + args.action + "' needs a jail (or --all)",
                    k_usage);
        return std::nullopt;
    }
    for (std::size_t i = 0; i < count && i < args.positional.size(); ++i) {
        const auto* jail = find_recorded_jail(ctx, session.recorded, args.positional[i]);
        if (jail == nullptr) {
            return std::nullopt;
        }
        jails.push_back(jail->private_name);
    }
    return jails;
}

int act(Context& ctx, GuestSession& session, const SnapshotArgs& args) {
    const auto jails = jails_of(ctx, session, args, 1);
    if (!jails) {
        return 2;
    }
    if (args.action == "list") {
        return list(ctx, session, *jails);
    }
    const std::size_t name_at = args.all ? 0 : 1;
    std::string name = args.positional.size() > name_at ? args.positional[name_at] : std::string();
    if (name.empty() && args.action == "create") {
        name = default_name();
    }
    if (!valid_snapshot_name(name)) {
        print_error(ctx,
                    name.empty() ? "missing NAME" : "invalid snapshot name '" + name + "'",
                    "use letters, digits and _-.: (at most 200 characters)",
                    k_usage);
        return 2;
    }
    if (args.action == "create") {
        const int code = run_script(ctx, session, render::snapshot_create_script(*jails, name));
        if (code == 0) {
            ctx.out << "created snapshot '" << name << "' of " << jails->size() << " jail(s)\n";
        }
        return code;
    }
    const auto& jail = args.positional.front();
    if (args.action == "rollback") {
        if (!confirm(ctx,
                     "roll jail '" + jail + "' back to '" + name + "'? Later changes are lost",
                     args.yes)) {
            return 1;
        }
        return run_script(ctx, session, render::snapshot_rollback_script(jails->front(), name));
    }
    if (!confirm(ctx, "delete snapshot '" + name + "' of jail '" + jail + "'?", args.yes)) {
        return 1;
    }
    return run_script(ctx, session, render::snapshot_delete_script(jails->front(), name));
}

} // namespace

int cmd_snapshot(Context& ctx) {
    const auto args = parse_snapshot_args(ctx);
    if (!args) {
        return 2;
    }
    auto session = open_offline_session(ctx, args->action != "list");
    if (!session) {
        return 1;
    }
    if (!attach_remote(ctx, *session)) {
        return 1;
    }
    return act(ctx, *session, *args);
}

} // namespace jrun::cli
