// SPDX-License-Identifier: BSD-2-Clause
#include "state/recorded_json.hpp"

namespace jrun::state {

using nlohmann::ordered_json;

namespace {

long long ms(std::chrono::milliseconds d) {
    return static_cast<long long>(d.count());
}

ordered_json spec_json(const model::Jail& jail) {
    ordered_json out{{"release", jail.release}};
    if (jail.ip) {
        out["ip"] = *jail.ip;
    }
    if (jail.base) {
        out["base"] = *jail.base;
    }
    out["depends"] = jail.depends;
    out["mounts"] = ordered_json::array();
    for (const auto& m : jail.mounts) {
        out["mounts"].push_back(
            {{"label", m.label}, {"host", m.host}, {"jail", m.jail}, {"readonly", m.readonly}});
    }
    out["forwards"] = ordered_json::array();
    for (const auto& f : jail.forwards) {
        out["forwards"].push_back({{"label", f.label},
                                   {"proto", model::to_string(f.proto)},
                                   {"host", f.host_port},
                                   {"jail", f.jail_port}});
    }
    return out;
}

ordered_json exec_json(const model::Exec& exec) {
    ordered_json out{{"label", exec.label}, {"cmd", exec.cmd}, {"dir", exec.dir}};
    out["env"] = ordered_json::array();
    for (const auto& var : exec.env) {
        out["env"].push_back({{"name", var.name}, {"value", var.value}});
    }
    if (exec.user) {
        out["user"] = *exec.user;
    }
    if (const auto& hc = exec.healthcheck) {
        out["healthcheck"] = {{"test", hc->test},
                              {"interval_ms", ms(hc->interval)},
                              {"timeout_ms", ms(hc->timeout)},
                              {"retries", hc->retries},
                              {"start_period_ms", ms(hc->start_period)}};
    }
    return out;
}

ordered_json setup_json(const std::vector<model::SetupStep>& steps) {
    auto out = ordered_json::array();
    for (const auto& s : steps) {
        out.push_back({{"label", s.label},
                       {"type", s.type},
                       {"file", s.file},
                       {"url", s.url},
                       {"vars", s.vars}});
    }
    return out;
}

ordered_json jail_json(const model::RecordedJail& jail) {
    ordered_json spec = spec_json(jail.spec);
    spec["execs"] = ordered_json::array();
    for (const auto& exec : jail.spec.execs) {
        spec["execs"].push_back(exec_json(exec));
    }
    spec["setup"] = setup_json(jail.spec.setup);
    return {{"private_name", jail.private_name},
            {"ip", jail.ip},
            {"setup_hashes", jail.setup_hashes},
            {"spec", spec}};
}

ordered_json base_json(const model::Base& base) {
    ordered_json out{{"setup", setup_json(base.setup)}};
    out["mounts"] = ordered_json::array();
    for (const auto& m : base.mounts) {
        out["mounts"].push_back({{"label", m.label}, {"host", m.host}, {"target", m.target}});
    }
    out["forwards"] = ordered_json::array();
    for (const auto& f : base.forwards) {
        out["forwards"].push_back({{"label", f.label},
                                   {"proto", model::to_string(f.proto)},
                                   {"host", f.host_port},
                                   {"target", f.target_port}});
    }
    ordered_json vm = ordered_json::object();
    if (base.vm.cpus) {
        vm["cpus"] = *base.vm.cpus;
    }
    if (base.vm.memory_bytes) {
        vm["memory_bytes"] = *base.vm.memory_bytes;
    }
    if (base.vm.disk_bytes) {
        vm["disk_bytes"] = *base.vm.disk_bytes;
    }
    out["vm"] = vm;
    return out;
}

ordered_json vm_json(const model::RecordedVm& vm) {
    ordered_json out{{"ssh_port", vm.ssh_port ? ordered_json(*vm.ssh_port) : ordered_json()}};
    out["forwards"] = ordered_json::array();
    for (const auto& f : vm.forwards) {
        out["forwards"].push_back(
            {{"proto", model::to_string(f.proto)}, {"host", f.host_port}, {"guest", f.guest_port}});
    }
    out["shares"] = ordered_json::array();
    for (const auto& s : vm.shares) {
        out["shares"].push_back({{"host", s.host}, {"tag", s.tag}});
    }
    return out;
}

ordered_json host_keys_json(const std::vector<model::HostKeyPin>& pins) {
    auto out = ordered_json::array();
    for (const auto& pin : pins) {
        out.push_back({{"host", pin.host}, {"type", pin.type}, {"key", pin.key}});
    }
    return out;
}

ordered_json peers_json(const std::vector<model::Peer>& peers) {
    auto out = ordered_json::array();
    for (const auto& peer : peers) {
        auto jails = ordered_json::array();
        for (const auto& j : peer.jails) {
            jails.push_back({{"name", j.name}, {"address", j.address}});
        }
        out.push_back({{"alias", peer.alias},
                       {"direction", peer.direction},
                       {"paired_at", peer.paired_at},
                       {"jails", jails}});
    }
    return out;
}

} // namespace

ordered_json to_json(const model::Recorded& recorded) {
    ordered_json jails = ordered_json::object();
    for (const auto& [name, jail] : recorded.jails) {
        jails[name] = jail_json(jail);
    }
    return {{"jails", jails},
            {"base", recorded.base ? base_json(*recorded.base) : ordered_json()},
            {"base_setup_hashes", recorded.base_setup_hashes},
            {"vm", vm_json(recorded.vm)},
            {"host_keys", host_keys_json(recorded.host_keys)},
            {"peers", peers_json(recorded.peers)}};
}

} // namespace jrun::state
