// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The guest scripts (SPEC §8, reference-behaviour.md §6): what the executor sends to the FreeBSD
// host, one script per round trip, each built with render::Script. Pure: model in, text out.
// Every config value reaches a script quoted (Script::run, quote) or inside a quoted
// here-document (Script::write_file); files the scripts write are rendered by render/files.hpp.

#include "model/config.hpp"
#include "model/recorded.hpp"
#include "plan/plan.hpp"
#include "render/layout.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::render {

// --- VM level -------------------------------------------------------------------------------

// What the bootstrap needs to know (reference-behaviour.md §6.1, §6.2).
struct BootstrapSpec {
    std::string release;       // "15.0-RELEASE": the release extracted for jails
    std::string release_url;   // directory holding MANIFEST and base.txz for this release/arch
    std::string version_minor; // "0" (pkg kmods repo)
};

// Return the script that prepares the host for jails; idempotent (a second run writes nothing
// and runs no changing command).
[[nodiscard]] std::string bootstrap_script(const BootstrapSpec& spec);

// Return the script that fetches and extracts release `release` (base.txz checked against its
// MANIFEST) when a jail needs a release the host does not have yet.
[[nodiscard]] std::string release_script(const BootstrapSpec& spec);

// Return the one-round-trip probe of the host: datasets under the jails dataset, running jails,
// addresses on the bridge.
[[nodiscard]] std::string probe_script();
[[nodiscard]] plan::LiveSnapshot parse_probe(std::string_view out);

// One pf rdr rule of the forwards anchor.
struct AnchorRule {
    model::Proto proto = model::Proto::tcp;
    std::uint16_t host_port = 0;
    std::string jail_ip;
    std::uint16_t jail_port = 0;
};

// One `<name>.local.jrun` record.
struct DnsRecord {
    std::string name; // public jail name
    std::string ip;
};

// Return the script that rewrites the pf forwards anchor and the jail DNS records (peer records
// kept), reloading each only when its file changed.
[[nodiscard]] std::string wiring_script(const std::vector<AnchorRule>& rules,
                                        const std::vector<DnsRecord>& records);

// Return the script that mounts the host's 9p shares at /mnt/jrun/<tag> (and unmounts the
// ones not listed), with base mounts linked at their `target`.
struct ShareMount {
    std::string tag;
    std::string target; // base mount target in the VM; empty for shares used only by jails
};
[[nodiscard]] std::string shares_script(const std::vector<ShareMount>& shares);

// Return the mounts of the VM's 9p shares: each one linked at the target of the base mount of
// the same host directory, if any.
[[nodiscard]] std::vector<ShareMount> share_mounts(const model::RecordedVm& vm,
                                                   const std::optional<model::Base>& base);

// --- one jail --------------------------------------------------------------------------------

// One jail's share of a plan, with what its scripts need to know.
struct JailWork {
    const model::Jail* desired = nullptr;          // null when the jail is destroyed
    const model::RecordedJail* recorded = nullptr; // null when the jail is new
    std::string name;                              // public name
    std::string private_name;                      // FreeBSD jail and dataset name
    std::string ip;
    std::string base_private_name; // the jail it is cloned from; empty: from its release
    std::vector<plan::Step> steps; // this jail's steps of the plan
};

// Return the script for the steps of `work` that come before its setup playbooks: create or
// recreate (ZFS clone), jail.conf/rc.conf/fstab, start or restart, nullfs mounts added and
// removed live, packages the jail needs (monit; python when it has setup steps).
[[nodiscard]] std::string jail_prepare_script(const JailWork& work);

// Return the script for the steps that come after setup: monit files and wrapper scripts
// written, changed execs restarted, removed execs stopped.
[[nodiscard]] std::string jail_supervise_script(const JailWork& work);

// Return the script that destroys a jail: execs stopped, jail removed, mounts undone, files and
// datasets destroyed. `promote` names clones to promote first (zfs promote).
[[nodiscard]] std::string jail_destroy_script(const JailWork& work,
                                              const std::vector<std::string>& promote);

// Health of one jail's supervised processes (for health-gated deploys).
struct ExecHealth {
    std::string exec;  // exec label
    std::string state; // "passing", "failing", "starting", "stopped"
};
[[nodiscard]] std::string health_script(const JailWork& work);
[[nodiscard]] std::vector<ExecHealth> parse_health(std::string_view out);

// --- commands --------------------------------------------------------------------------------

// What `jrun status` shows about one jail.
struct JailStatus {
    std::string private_name;
    bool running = false;
    std::string ip;
    std::vector<std::string> mounts; // jail paths mounted
    std::vector<ExecHealth> execs;   // from monit
    std::string monit_report;        // `monit status` text for the jail detail view
};
// Return the one-round-trip status script for jails `private_names`.
[[nodiscard]] std::string status_script(const std::vector<std::string>& private_names, bool detail);
[[nodiscard]] std::vector<JailStatus> parse_status(std::string_view out);

// Return the argv that runs `argv` in jail `private_name` on the host (`jrun cmd`, `ssh JAIL`).
[[nodiscard]] std::vector<std::string> jexec_argv(std::string_view private_name,
                                                  const std::vector<std::string>& argv);

// Return the argv that prints (follows with `follow`) the last `lines` lines of the logs of
// `execs` of a jail ({jail label, exec label} pairs), each line prefixed with "jail/exec | ".
struct LogSource {
    std::string jail;
    std::string private_name;
    std::string exec;
};
[[nodiscard]] std::string
logs_script(const std::vector<LogSource>& sources, int lines, bool follow);

// Snapshots of jail datasets (reference-behaviour.md §1.9, §8): `jails` are private names; one
// name for all given jails makes `--all` atomic (one `zfs snapshot` of every dataset).
[[nodiscard]] std::string snapshot_create_script(const std::vector<std::string>& jails,
                                                 std::string_view snapshot);
[[nodiscard]] std::string snapshot_list_script(const std::vector<std::string>& jails);
struct SnapshotInfo {
    std::string jail; // private name
    std::string name; // snapshot name (after '@')
    std::string created;
    std::uint64_t used_bytes = 0;
};
[[nodiscard]] std::vector<SnapshotInfo> parse_snapshot_list(std::string_view out);
[[nodiscard]] std::string snapshot_rollback_script(std::string_view jail,
                                                   std::string_view snapshot);
[[nodiscard]] std::string snapshot_delete_script(std::string_view jail, std::string_view snapshot);

} // namespace jrun::render
