// SPDX-License-Identifier: BSD-2-Clause
#include "cli/status_vm.hpp"

#include "cli/state_io.hpp"
#include "cli/vm_runtime.hpp"
#include "model/proto.hpp"
#include "util/strings.hpp"
#include "vm/liveness.hpp"

namespace jrun::cli {

namespace {

std::string forward_text(const model::VmForward& forward) {
    return std::to_string(forward.host_port) + "->" + std::to_string(forward.guest_port) + "/"
           + std::string(model::to_string(forward.proto));
}

} // namespace

std::optional<VmStatus>
probe_vm_status(Context& ctx, const Settings& settings, const model::Recorded& recorded) {
    VmRuntime runtime(ctx, settings);
    auto live = vm::probe_vm(runtime.ports(), runtime.paths());
    if (!live) {
        print_error(ctx, live.error());
        return std::nullopt;
    }
    VmStatus status;
    status.running = live->running;
    status.run_state = live->status;
    status.pid = live->pid;
    status.ssh_host = settings.vm_host;
    status.ssh_port = recorded.vm.ssh_port.value_or(settings.ssh_port);
    status.forwards = recorded.vm.forwards;
    return status;
}

std::string render_vm_status(const VmStatus& status) {
    if (!status.running) {
        return "vm: stopped ('jrun start' boots it)";
    }
    std::string line = "vm: " + status.run_state;
    if (status.pid) {
        line += " (pid " + std::to_string(*status.pid) + ")";
    }
    line += ", ssh " + status.ssh_host + ":" + std::to_string(status.ssh_port);
    std::vector<std::string> forwards;
    for (const auto& forward : status.forwards) {
        forwards.push_back(forward_text(forward));
    }
    line += ", forwards " + (forwards.empty() ? std::string("-") : join(forwards, " "));
    return line;
}

nlohmann::ordered_json vm_status_json(const VmStatus& status) {
    nlohmann::ordered_json json{{"running", status.running}};
    if (!status.running) {
        return json;
    }
    json["state"] = status.run_state;
    json["pid"] = status.pid ? nlohmann::ordered_json(*status.pid) : nlohmann::ordered_json();
    json["ssh"] = status.ssh_host + ":" + std::to_string(status.ssh_port);
    auto forwards = nlohmann::ordered_json::array();
    for (const auto& forward : status.forwards) {
        forwards.push_back(forward_text(forward));
    }
    json["forwards"] = forwards;
    return json;
}

} // namespace jrun::cli
