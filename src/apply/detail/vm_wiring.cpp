// SPDX-License-Identifier: BSD-2-Clause
#include "apply/detail/vm_wiring.hpp"

#include "plan/wiring.hpp"

#include <algorithm>

namespace jrun::apply::detail {

namespace {

template <class T> std::vector<T> minus(const std::vector<T>& items, const std::vector<T>& other) {
    std::vector<T> out;
    std::set_difference(
        items.begin(), items.end(), other.begin(), other.end(), std::back_inserter(out));
    return out;
}

template <class T> std::vector<T> plus(std::vector<T> items, const std::vector<T>& other) {
    items.insert(items.end(), other.begin(), other.end());
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
}

// The VM as the recorded jails need it now.
model::RecordedVm needed_vm(const model::Recorded& recorded) {
    return plan::desired_vm(plan::recorded_jails(recorded), recorded.base, recorded.vm);
}

// Rationale: shares first. A share QEMU cannot add live restarts the VM, which relaunches it
// with the recorded wiring; forwards added live before that would be lost.
Status add_wiring(RunContext& run,
                  const std::vector<model::VmForward>& forwards,
                  const std::vector<model::VmShare>& shares) {
    for (const auto& share : shares) {
        run.ports.reporter.progress("", "share " + share.host);
        if (auto done = run.ports.vm.add_share(share); !done.ok()) {
            return done;
        }
    }
    for (const auto& forward : forwards) {
        run.ports.reporter.progress("", "forward 127.0.0.1:" + std::to_string(forward.host_port));
        if (auto done = run.ports.vm.add_forward(forward); !done.ok()) {
            return done;
        }
    }
    return {};
}

std::string wiring_script_for(const model::Recorded& recorded) {
    std::vector<render::AnchorRule> rules;
    for (const auto& [proto, host_port, ip, jail_port] :
         plan::rdr_rules(plan::recorded_jails(recorded))) {
        rules.push_back({proto, host_port, ip, jail_port});
    }
    std::vector<render::DnsRecord> records;
    for (const auto& [name, ip] : plan::dns_records(plan::recorded_jails(recorded))) {
        records.push_back({name, ip});
    }
    return render::wiring_script(rules, records);
}

} // namespace

Status wire_before(RunContext& run, const model::RecordedVm& target) {
    const auto current = run.recorded().vm;
    const auto forwards = minus(target.forwards, current.forwards);
    const auto shares = minus(target.shares, current.shares);
    if (forwards.empty() && shares.empty()) {
        return {};
    }
    if (auto done = add_wiring(run, forwards, shares); !done.ok()) {
        return done;
    }
    if (auto saved = run.record([&](model::Recorded& r) {
            r.vm.forwards = plus(r.vm.forwards, forwards);
            r.vm.shares = plus(r.vm.shares, shares);
        });
        !saved.ok()) {
        return saved;
    }
    if (shares.empty()) {
        return {};
    }
    const auto recorded = run.recorded();
    return run_guest(
        run, "", render::shares_script(render::share_mounts(recorded.vm, recorded.base)));
}

Status wire_after(RunContext& run, bool rewrite) {
    const auto recorded = run.recorded();
    if (rewrite) {
        if (auto done = run_guest(run, "", wiring_script_for(recorded)); !done.ok()) {
            return done;
        }
    }
    const auto needed = needed_vm(recorded);
    const auto stale_shares = minus(recorded.vm.shares, needed.shares);
    if (!stale_shares.empty()) {
        if (auto done = run_guest(
                run, "", render::shares_script(render::share_mounts(needed, recorded.base)));
            !done.ok()) {
            return done;
        }
    }
    for (const auto& forward : minus(recorded.vm.forwards, needed.forwards)) {
        if (auto done = run.ports.vm.remove_forward(forward); !done.ok()) {
            return done;
        }
    }
    for (const auto& share : stale_shares) {
        if (auto done = run.ports.vm.remove_share(share); !done.ok()) {
            return done;
        }
    }
    return run.record([&](model::Recorded& r) { r.vm = needed_vm(r); });
}

} // namespace jrun::apply::detail
