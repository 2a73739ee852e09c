// SPDX-License-Identifier: BSD-2-Clause
// `jrun status [JAIL] [--show ip,services,all] [--json]`: the local VM (QEMU over QMP: state,
// pid, SSH port, forwards; nothing more when it is stopped), the recorded jails with what the
// host says about them now (one round trip), or one jail in detail with its monit report.
#include "cli/cli.hpp"
#include "cli/guest_session.hpp"
#include "cli/state_io.hpp"
#include "cli/status_vm.hpp"
#include "render/guest.hpp"
#include "util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
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

std::string mounts_of(const model::Jail& spec, const render::JailStatus* status) {
    std::vector<std::string> out;
    for (const auto& mount : spec.mounts) {
        const bool live = status != nullptr
                          && std::find(status->mounts.begin(), status->mounts.end(), mount.jail)
                                 != status->mounts.end();
        out.push_back(mount.jail
                      + (live || status == nullptr || !status->running ? "" : " (not mounted)"));
    }
    return out.empty() ? "-" : join(out, " ");
}

// Print `rows` with every column as wide as its widest cell (the last one unpadded).
void print_columns(Context& ctx, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t i = 0; i < row.size(); ++i) {
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) {
                line.append(widths[i] - row[i].size() + 2, ' ');
            }
        }
        ctx.out << line << '\n';
    }
}

void print_table(Context& ctx,
                 const StatusArgs& args,
                 const model::Recorded& recorded,
                 const std::vector<render::JailStatus>& live) {
    std::vector<std::vector<std::string>> rows{{"JAIL", "STATE"}};
    if (args.show_ip) {
        rows[0].emplace_back("IP");
    }
    rows[0].insert(rows[0].end(), {"PORTS", "MOUNTS"});
    if (args.show_services) {
        rows[0].emplace_back("SERVICES");
    }
    for (const auto& [name, jail] : recorded.jails) {
        const auto* status = find_status(live, jail.private_name);
        std::vector<std::string> row{name,
                                     status != nullptr && status->running ? "running" : "stopped"};
        if (args.show_ip) {
            row.push_back(jail.ip);
        }
        row.push_back(ports_of(jail.spec));
        row.push_back(mounts_of(jail.spec, status));
        if (args.show_services) {
            row.push_back(services_of(status));
        }
        rows.push_back(std::move(row));
    }
    print_columns(ctx, rows);
}

int show(Context& ctx,
         const StatusArgs& args,
         GuestSession& session,
         const std::optional<VmStatus>& vm) {
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
        nlohmann::ordered_json json{{"host", session.remote->describe()}};
        if (vm) {
            json["vm"] = vm_status_json(*vm);
        }
        json["jails"] = jails;
        ctx.out << json.dump(2) << '\n';
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
                << "  mounts:   " << mounts_of(jail.spec, status) << '\n'
                << "  services: " << services_of(status) << '\n';
        if (status != nullptr && !status->monit_report.empty()) {
            ctx.out << '\n' << status->monit_report << '\n';
        }
        return 0;
    }
    if (vm) {
        ctx.out << render_vm_status(*vm) << '\n';
    }
    ctx.out << "host: " << session.remote->describe() << '\n';
    print_table(ctx, args, recorded, live);
    return 0;
}

// Rationale: with the VM stopped the jails cannot be asked; the state still lists them, but
// the overview says why nothing more is shown instead of failing to connect.
void print_stopped_vm(Context& ctx, const StatusArgs& args, const VmStatus& vm) {
    if (args.json) {
        ctx.out << nlohmann::ordered_json{{"vm", vm_status_json(vm)}}.dump(2) << '\n';
        return;
    }
    ctx.out << render_vm_status(vm) << '\n';
}

// Print the overview when no jail is recorded (nothing to ask the host).
void print_without_jails(Context& ctx, const StatusArgs& args, const std::optional<VmStatus>& vm) {
    if (args.json) {
        ctx.out << nlohmann::ordered_json{{"vm", vm_status_json(*vm)},
                                          {"jails", nlohmann::ordered_json::array()}}
                       .dump(2)
                << '\n';
        return;
    }
    if (vm) {
        ctx.out << render_vm_status(*vm) << '\n';
    }
    ctx.out << "no jails yet: 'jrun up CONFIG' creates them\n";
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
    std::optional<VmStatus> vm;
    if (!session->effective().target) {
        vm = probe_vm_status(ctx, *session);
        if (!vm) {
            return 1;
        }
        if (!vm->running) {
            print_stopped_vm(ctx, *args, *vm);
            return 0;
        }
    }
    if (session->recorded.jails.empty() && (vm || !args->json)) {
        print_without_jails(ctx, *args, vm);
        return 0;
    }
    if (!attach_remote(ctx, *session)) {
        return 1;
    }
    return show(ctx, *args, *session, vm);
}

} // namespace jrun::cli
