// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/qmp_commands.hpp"

#include "qemu/detail/option_value.hpp"
#include "qemu/hostfwd.hpp"
#include "util/strings.hpp"

namespace jrun::qemu {

namespace {

using nlohmann::json;

Status as_status(const Result<json>& reply) {
    if (!reply) {
        return reply.error();
    }
    return {};
}

Status check_forward_target(std::string_view netdev, std::string_view bind) {
    if (auto st = detail::check_id("network id", netdev); !st) {
        return st;
    }
    return check_bind_address(bind);
}

Error hmp_refused(std::string what, std::string_view output) {
    return Error{ErrorKind::remote, std::move(what), std::string(trim(output)), {}};
}

} // namespace

Result<VmStatus> query_status(QmpClient& qmp) {
    auto reply = qmp.execute("query-status");
    if (!reply) {
        return reply.error();
    }
    const auto status = reply->find("status");
    const auto running = reply->find("running");
    if (status == reply->end() || !status->is_string() || running == reply->end()
        || !running->is_boolean()) {
        return Error{ErrorKind::protocol,
                     "bad reply to QMP command 'query-status'",
                     "no 'status' string or 'running' flag in " + reply->dump(),
                     {}};
    }
    return VmStatus{status->get<std::string>(), running->get<bool>()};
}

Status system_powerdown(QmpClient& qmp) {
    return as_status(qmp.execute("system_powerdown"));
}

Status quit(QmpClient& qmp) {
    auto reply = qmp.execute("quit");
    if (!reply && qmp.closed()) {
        return {}; // QEMU exited before its reply got out: what was asked for
    }
    return as_status(reply);
}

Result<std::string> human_monitor_command(QmpClient& qmp, std::string_view command_line) {
    auto reply = qmp.execute("human-monitor-command", {{"command-line", command_line}});
    if (!reply) {
        return reply.error();
    }
    if (!reply->is_string()) {
        return Error{ErrorKind::protocol,
                     "bad reply to HMP command '" + std::string(command_line) + "'",
                     "expected text, got " + reply->dump(),
                     {}};
    }
    return reply->get<std::string>();
}

Status hostfwd_add(QmpClient& qmp,
                   std::string_view netdev,
                   std::string_view bind,
                   const model::VmForward& forward) {
    if (auto st = check_forward_target(netdev, bind); !st) {
        return st;
    }
    const std::string rule = hostfwd_rule(bind, forward);
    auto output = human_monitor_command(qmp, "hostfwd_add " + std::string(netdev) + " " + rule);
    if (!output) {
        return output.error();
    }
    // QEMU 7.2 prints nothing on success and a sentence on failure ("Could not set up host
    // forwarding rule '...'", "unrecognized netdev id '...'").
    if (!trim(*output).empty()) {
        return hmp_refused("cannot forward host port " + rule, *output);
    }
    return {};
}

Result<bool> hostfwd_remove(QmpClient& qmp,
                            std::string_view netdev,
                            std::string_view bind,
                            const model::VmForward& forward) {
    if (auto st = check_forward_target(netdev, bind); !st) {
        return st.error();
    }
    const std::string key = hostfwd_key(bind, forward);
    auto output = human_monitor_command(qmp, "hostfwd_remove " + std::string(netdev) + " " + key);
    if (!output) {
        return output.error();
    }
    // QEMU 7.2: "host forwarding rule for tcp:127.0.0.1:8080 removed" / "... not found".
    const auto text = trim(*output);
    if (ends_with(text, " removed")) {
        return true;
    }
    if (ends_with(text, " not found")) {
        return false;
    }
    return hmp_refused("cannot remove the host forward " + key, text);
}

Status device_add(QmpClient& qmp, const json& properties) {
    return as_status(qmp.execute("device_add", properties));
}

Status device_del(QmpClient& qmp, std::string_view id) {
    return as_status(qmp.execute("device_del", {{"id", id}}));
}

Status hotplug_9p(QmpClient& qmp, const NinePDevice& device) {
    for (const auto& [what, id] : {std::pair{"device id", &device.device_id},
                                   std::pair{"fsdev id", &device.fsdev_id},
                                   std::pair{"mount tag", &device.mount_tag}}) {
        if (auto st = detail::check_id(what, *id); !st) {
            return st;
        }
    }
    json properties = {{"driver", device.driver},
                       {"id", device.device_id},
                       {"fsdev", device.fsdev_id},
                       {"mount_tag", device.mount_tag}};
    if (!device.bus.empty()) {
        properties["bus"] = device.bus;
    }
    return device_add(qmp, properties);
}

} // namespace jrun::qemu
