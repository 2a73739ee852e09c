// SPDX-License-Identifier: BSD-2-Clause
// `jrun status [JAIL] [--show ip,services,all] [--json]`: the recorded jails with what the host
// says about them now (one round trip), or one jail in detail with its monit report.
#include "cli/cli.hpp"
#include "cli/guest_session.hpp"
#include "cli/state_io.hpp"
#include "render/guest.hpp"
#include "util/strings.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace jrun::cli {

namespace {

struct StatusArgs {
    std::optional<std::string> jail;
    bool show_ip = false;
    bool show_services = false;
    bool json = false;
};

bool apply_show(Context& ctx, std::string_view list, StatusArgs& args) {
    for (const auto& item : split(list, ',')) {
        if (item == "ip" || item == "all") {
            args.show_ip = true;
        }
        if (item == "services" || item == "all") {
            args.show_services = true;
        }
        if (item != "ip" && item != "services" && item != "all") {
            print_error(ctx, "invalid --show '" + item + "'", "expected ip, services or all");
            return false;
        }
    }
    return true;
}

std::optional<StatusArgs> parse_status_args(Context& ctx) {
    StatusArgs args;
    for (std::size_t i = 0; i < ctx.args.size(); ++i) {
        const auto& arg = ctx.args[i];
        if (arg == "--json") {
            args.json = true;
        } else if ((arg == "--show" || arg == "-s") && i + 1 < ctx.args.size()) {
            if (!apply_show(ctx, ctx.args[++i], args)) {
                return std::nullopt;
            }
        } else if (!starts_with(arg, "-") && !args.jail) {
            args.jail = arg;
        } else {
            print_error(ctx,
                        "invalid argument '" + arg + "'",
                        "not an argument of 'jrun status'",
                        "jrun status [JAIL] [--show ip,services,all] [--json]");
            return std::nullopt;
        }
    }
    return args;
}

const render::JailStatus* find_status(const std::vector<render::JailStatus>& all,
                                      const std::string& private_name) {
    for (const auto& status : all) {
        if (status.private_name == private_name) {
            return &status;
        }
    }
    return nullptr;
}

std::string ports_of(const model::Jail& spec) {
    std::vector<std::string> ports;
    for (const auto& f : spec.forwards) {
        ports.push_back(std::to_string(f.host_port) + "->" + std::to_string(f.jail_port) + "/"
                        + std::string(model::to_string(f.proto)));
    }
    return ports.empty() ? "-" : join(ports, " ");
}

std::string services_of(const render::JailStatus* status) {
    if (status == nullptr || status->execs.empty()) {
        return "-";
    }
    std::vector<std::string> out;
    for (const auto& exec : status->execs) {
        out.push_back(exec.exec + ":" + exec.state);
    }
    return join(out, " ");
}

nlohmann::ordered_json jail_json(const model::RecordedJail& jail,
                                 const render::JailStatus* status) {
    nlohmann::ordered_json out{{"name", jail.spec.name},
                               {"private_name", jail.private_name},
                               {"ip", jail.ip},
                               {"running", status != nullptr && status->running},
                               {"ports", ports_of(jail.spec)}};
    auto execs = nlohmann::ordered_json::array();
    if (status != nullptr) {
        for (const auto& exec : status->execs) {
            execs.push_back({{"exec", exec.exec}, {"state", exec.state}});
        }
    }
    out["execs"] = std::move(execs);
    return out;
}

void print_table(Context& ctx,
                 const StatusArgs& args,
                 const model::Recorded& recorded,
                 const std::vector<render::JailStatus>& live) {
    ctx.out << "JAIL                 STATE    " << (args.show_ip ? "IP              " : "")
            << "PORTS" << (args.show_services ? "                SERVICES" : "") << '\n';
    for (const auto& [name, jail] : recorded.jails) {
        const auto* status = find_status(live, jail.private_name);
        std::string line = name;
        line.resize(std::max<std::size_t>(line.size() + 1, 21), ' ');
        std::string state = status != nullptr && status->running ? "running" : "stopped";
        state.resize(9, ' ');
        line += state;
        if (args.show_ip) {
            std::string ip = jail.ip;
            ip.resize(16, ' ');
            line += ip;
        }
        std::string ports = ports_of(jail.spec);
        if (args.show_services) {
            ports.resize(std::max<std::size_t>(ports.size() + 1, 21), ' ');
            ports += services_of(status);
        }
        ctx.out << line << ports << '\n';
    }
}

int show(Context& ctx, const StatusArgs& args, GuestSession& session) {
    const auto& recorded = session.recorded;
    std::vector<std::string> names;
    for (const auto& [name, jail] : recorded.jails) {
        if (!args.jail || *args.jail == name) {
            names.push_back(jail.private_name);
        }
    }
    auto result = session.remote->run_script(render::status_script(names, args.jail.has_value()));
    if (!result.ok()) {
        print_error(ctx, result.error());
        return 1;
    }
    const auto live = render::parse_status(result->out);
    if (args.json) {
        auto jails = nlohmann::ordered_json::array();
        for (const auto& [name, jail] : recorded.jails) {
            if (!args.jail || *args.jail == name) {
                jails.push_back(jail_json(jail, find_status(live, jail.private_name)));
            }
        }
        ctx.out << nlohmann::ordered_json{{"host", session.remote->describe()}, {"jails", jails}}
                       .dump(2)
                << '\n';
        return 0;
    }
    if (args.jail) {
        const auto& jail = recorded.jails.at(*args.jail);
        const auto* status = find_status(live, jail.private_name);
        ctx.out << "jail " << *args.jail << " (" << jail.private_name << ")\n"
                << "  state:    " << (status != nullptr && status->running ? "running" : "stopped")
                << '\n'
                << "  ip:       " << jail.ip << '\n'
                << "  ports:    " << ports_of(jail.spec) << '\n'
                << "  services: " << services_of(status) << '\n';
        if (status != nullptr && !status->monit_report.empty()) {
            ctx.out << '\n' << status->monit_report << '\n';
        }
        return 0;
    }
    ctx.out << "host: " << session.remote->describe() << '\n';
    print_table(ctx, args, recorded, live);
    return 0;
}

} // namespace

int cmd_status(Context& ctx) {
    const auto args = parse_status_args(ctx);
    if (!args) {
        return 2;
    }
    auto session = open_offline_session(ctx, false);
    if (!session) {
        return 1;
    }
    if (args->jail && !session->recorded.jails.contains(*args->jail)) {
        print_error(
            ctx, "no jail '" + *args->jail + "'", "not in state", "'jrun status' lists the jails");
        return 2;
    }
    if (session->recorded.jails.empty() && !args->json) {
        ctx.out << "no jails yet: 'jrun up CONFIG' creates them\n";
        return 0;
    }
    auto remote = connect_remote(*session);
    if (!remote.ok()) {
        print_error(ctx, remote.error());
        return 1;
    }
    session->remote = std::move(*remote);
    return show(ctx, *args, *session);
}

} // namespace jrun::cli
