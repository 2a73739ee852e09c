// SPDX-License-Identifier: BSD-2-Clause
#include "cli/status_vm.hpp"

#include "cli/state_io.hpp"
#include "model/proto.hpp"
#include "sys/unix_stream.hpp"
#include "util/strings.hpp"
#include "vm/liveness.hpp"
#include "vm/paths.hpp"

namespace jrun::cli {

namespace {

// Rationale: liveness speaks only QMP; the session's ports are reused because a second
// sys::RealSignals (VmRuntime's) may not exist beside the session's.
class NoSshProbe final : public vm::SshProbe {
public:
    NoSshProbe() = default;
    bool banner(const std::string& /*host*/,
                std::uint16_t /*port*/,
                std::chrono::milliseconds /*limit*/) override {
        return false;
    }
    bool login() override { return false; }
};

std::string forward_text(const model::VmForward& forward) {
    return std::to_string(forward.host_port) + "->" + std::to_string(forward.guest_port) + "/"
           + std::string(model::to_string(forward.proto));
}

} // namespace

Result<vm::VmLiveness> probe_local_vm(GuestSession& session) {
    NoSshProbe no_ssh;
    vm::VmPorts ports{session.runner,
                      session.fs,
                      session.clock,
                      [](const std::string& path) { return sys::connect_unix(path); },
                      no_ssh,
                      {},
                      {},
                      {},
                      &session.signals};
    return vm::probe_vm(ports, vm::vm_paths(session.effective()));
}

std::optional<VmStatus> probe_vm_status(Context& ctx, GuestSession& session) {
    const auto& settings = session.effective();
    auto live = probe_local_vm(session);
    if (!live) {
        print_error(ctx, live.error());
        return std::nullopt;
    }
    VmStatus status;
    status.running = live->running;
    status.run_state = live->status;
    status.pid = live->pid;
    status.ssh_host = settings.vm_host;
    status.ssh_port = session.recorded.vm.ssh_port.value_or(settings.ssh_port);
    status.forwards = session.recorded.vm.forwards;
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
