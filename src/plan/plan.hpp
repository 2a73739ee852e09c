// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A plan: the typed, explained steps that take the guest from what is recorded (and seen live)
// to what the config asks for. Built by plan::compute_plan (pure), printed by `jrun plan`,
// executed by `jrun up`.

#include "model/config.hpp"
#include "model/recorded.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace jrun::plan {

// What a step does. Each kind maps to one guest action of the executor (SPEC §6, §8).
enum class StepKind {
    // VM-level (run before the waves unless noted)
    vm_add_forward,    // QEMU hostfwd_add (live)
    vm_remove_forward, // QEMU hostfwd_remove (live)
    vm_add_share,      // virtio-9p export of a host directory
    vm_remove_share,   // 9p export no longer used: unmounted in the VM
    update_pf_anchor,  // rewrite the rdr anchor from every jail forward (after the waves)
    update_dns,        // rewrite the local.jrun records, peer records kept (after the waves)
    // per jail
    create_jail,   // ZFS clone (release snapshot or base jail), jail.conf, rc.conf, start
    destroy_jail,  // stop execs, unmount, remove records, destroy datasets
    recreate_jail, // destroy + create (release/base changed; needs --recreate)
    promote_clone, // zfs promote a clone so its origin (a base jail) can be destroyed
    start_jail,    // recorded but not running in the guest
    restart_jail,  // ip changed: rc.conf rewritten, jail restarted with the new address
    add_mount,     // nullfs mount into the running jail
    remove_mount,  // nullfs unmount
    add_forward,   // jail forward added (pf anchor + QEMU hostfwd)
    remove_forward,
    add_exec,    // new supervised process: monit file + wrapper script written, started
    write_exec,  // changed process: monit file + wrapper script rewritten, restarted
    remove_exec, // process stopped, monit file removed
    run_setup,   // ansible-playbook of one setup step
};

// Return the stable snake_case name of `kind` (used in --json output).
const char* to_string(StepKind kind);

// One step: what, on what (a label, a port, a directory...) and why.
struct Step {
    StepKind kind;
    std::string subject; // e.g. "http (tcp 8080 -> 80)", a setup label, a host directory
    std::string reason;  // why this step is needed, for --explain
    bool operator==(const Step&) const = default;
};

// What happens to a jail as a whole.
enum class JailAction { create, update, recreate, unchanged, destroy, blocked };
const char* to_string(JailAction action);

// The plan for one jail.
struct JailPlan {
    std::string name;
    std::string private_name;
    std::string ip;
    JailAction action = JailAction::unchanged;
    std::string reason; // why this action (e.g. "not in state", "release changed")
    std::vector<Step> steps;
    // Dependencies this jail waits for (health-gated by the executor).
    std::vector<std::string> waits_for;
    bool operator==(const JailPlan&) const = default;
};

// How an IP was chosen.
struct IpAllocation {
    std::string jail;
    std::string ip;
    std::string how; // "static", "kept", "assigned"
    bool operator==(const IpAllocation&) const = default;
};

// The whole plan.
struct Plan {
    std::vector<Step> vm_steps_before;        // wiring needed before jails deploy
    std::vector<std::vector<JailPlan>> waves; // jails of one wave may deploy in parallel
    std::vector<Step> vm_steps_after;         // pf anchor, DNS
    std::vector<IpAllocation> ips;            // for every jail in the plan
    std::vector<std::string> orphans;         // in state, not in config (kept unless --prune)
    std::vector<std::string> warnings;
    std::vector<std::string> errors; // conditions that stop `up` (e.g. recreate needed)

    // True when nothing would change.
    [[nodiscard]] bool empty() const;
    bool operator==(const Plan&) const = default;
};

// What the guest looks like right now (one probe), or nothing when it could not be probed.
struct LiveSnapshot {
    bool probed = false;
    std::set<std::string> datasets;   // private names with a dataset
    std::set<std::string> running;    // private names of running jails
    std::set<std::string> ips_in_use; // addresses seen on the bridge (unmanaged jails too)
    std::set<std::string> releases;   // releases extracted on the host (snapshot @base exists)
    bool bootstrapped = false;        // the host was bootstrapped by this version of jrun
};

struct PlanOptions {
    std::vector<std::string> targets; // empty: every jail in the config
    bool prune = false;               // destroy orphans
    bool recreate = false;            // allow recreating jails whose release/base changed
    bool provision = false;           // run every setup step again
};

// Hashes of local playbook contents by absolute path (computed by the caller, which reads files).
using ContentHashes = std::map<std::string, std::string>;

// Compute the plan to converge `targets` (and their base/depends closure) of `config` from
// `recorded` and `live`. Pure. Errors in the result (missing targets, recreate needed...)
// make `up` refuse; `plan` prints them.
[[nodiscard]] Plan compute_plan(const model::Config& config,
                                const model::Recorded& recorded,
                                const LiveSnapshot& live,
                                const ContentHashes& hashes,
                                const PlanOptions& options);

// Compute the plan for `jrun down NAMES` (all recorded jails when `names` is empty): reverse
// dependency order, clones promoted before their base is destroyed, a warning naming
// dependents left behind.
[[nodiscard]] Plan compute_down_plan(const model::Recorded& recorded,
                                     const std::vector<std::string>& names);

// Return the hash that identifies setup step `step` as run: its definition and, for a local
// file, the playbook content hash from `hashes`.
[[nodiscard]] std::string setup_hash(const model::SetupStep& step, const ContentHashes& hashes);

// Return `recorded` as it will be once `plan` has been applied successfully (pure). The executor
// saves the equivalent after every jail; tests use this to prove a plan is idempotent.
[[nodiscard]] model::Recorded apply_plan(const model::Recorded& recorded,
                                         const model::Config& config,
                                         const Plan& plan,
                                         const ContentHashes& hashes);

} // namespace jrun::plan
