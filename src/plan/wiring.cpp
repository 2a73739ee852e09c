// SPDX-License-Identifier: BSD-2-Clause
#include "plan/wiring.hpp"

#include <algorithm>

namespace jrun::plan {

namespace {

std::string describe(const model::VmForward& forward) {
    return std::string(model::to_string(forward.proto)) + " 127.0.0.1:"
           + std::to_string(forward.host_port) + " -> vm:" + std::to_string(forward.guest_port);
}

template <class T> std::vector<T> sorted_unique(std::vector<T> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
}

template <class T>
std::vector<T> missing_from(const std::vector<T>& items, const std::vector<T>& other) {
    std::vector<T> out;
    std::set_difference(
        items.begin(), items.end(), other.begin(), other.end(), std::back_inserter(out));
    return out;
}

} // namespace

model::RecordedVm desired_vm(const std::vector<JailAfter>& jails,
                             const std::optional<model::Base>& base,
                             const model::RecordedVm& current) {
    model::RecordedVm vm;
    vm.ssh_port = current.ssh_port;
    std::vector<std::string> hosts;
    if (base) {
        for (const auto& forward : base->forwards) {
            vm.forwards.push_back({forward.proto, forward.host_port, forward.target_port});
        }
        for (const auto& mount : base->mounts) {
            hosts.push_back(mount.host);
        }
    }
    for (const auto& jail : jails) {
        for (const auto& forward : jail.spec->forwards) {
            vm.forwards.push_back({forward.proto, forward.host_port, forward.host_port});
        }
        for (const auto& mount : jail.spec->mounts) {
            hosts.push_back(mount.host);
        }
    }
    for (const auto& host : sorted_unique(std::move(hosts))) {
        vm.shares.push_back({host, model::share_tag_for(host)});
    }
    vm.forwards = sorted_unique(std::move(vm.forwards));
    vm.shares = sorted_unique(std::move(vm.shares));
    return vm;
}

std::set<RdrRule> rdr_rules(const std::vector<JailAfter>& jails) {
    std::set<RdrRule> rules;
    for (const auto& jail : jails) {
        for (const auto& forward : jail.spec->forwards) {
            rules.emplace(forward.proto, forward.host_port, jail.ip, forward.jail_port);
        }
    }
    return rules;
}

std::set<std::pair<std::string, std::string>> dns_records(const std::vector<JailAfter>& jails) {
    std::set<std::pair<std::string, std::string>> records;
    for (const auto& jail : jails) {
        records.emplace(jail.spec->name, jail.ip);
    }
    return records;
}

std::vector<JailAfter> recorded_jails(const model::Recorded& recorded) {
    std::vector<JailAfter> out;
    for (const auto& [name, jail] : recorded.jails) {
        out.push_back({&jail.spec, jail.ip});
    }
    return out;
}

void plan_vm_wiring(const std::vector<JailAfter>& before,
                    const std::vector<JailAfter>& after,
                    const model::RecordedVm& current,
                    const model::RecordedVm& desired,
                    Plan& plan) {
    for (const auto& share : missing_from(desired.shares, current.shares)) {
        plan.vm_steps_before.push_back(
            {StepKind::vm_add_share, share.host, "a mount needs host directory " + share.host});
    }
    for (const auto& forward : missing_from(desired.forwards, current.forwards)) {
        plan.vm_steps_before.push_back(
            {StepKind::vm_add_forward, describe(forward), "a forward needs this host port"});
    }
    for (const auto& forward : missing_from(current.forwards, desired.forwards)) {
        plan.vm_steps_after.push_back(
            {StepKind::vm_remove_forward, describe(forward), "no forward uses it any more"});
    }
    for (const auto& share : missing_from(current.shares, desired.shares)) {
        plan.vm_steps_after.push_back(
            {StepKind::vm_remove_share, share.host, "no mount uses it any more"});
    }
    if (rdr_rules(before) != rdr_rules(after)) {
        plan.vm_steps_after.push_back({StepKind::update_pf_anchor,
                                       std::to_string(rdr_rules(after).size()) + " rdr rules",
                                       "jail forwards or addresses changed"});
    }
    if (dns_records(before) != dns_records(after)) {
        plan.vm_steps_after.push_back({StepKind::update_dns,
                                       std::to_string(dns_records(after).size()) + " records",
                                       "jails or their addresses changed"});
    }
}

} // namespace jrun::plan
