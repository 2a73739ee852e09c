// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The checked config: what `config::check` makes of a UCL document once every SPEC §5 check has
// passed. Plain structs, no I/O; sequences keep config order. Every element remembers where it was
// written (`origin`) for later messages, but equality ignores origins so that the planner can diff
// two configs read from different files or edits.

#include "model/proto.hpp"
#include "util/diagnostic.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jrun::model {

// Where a config element was written. Rationale: wrapping the Location in a type whose
// operator== is always true lets every struct below default its operator== and still compare
// only content.
struct Origin {
    Location location;
    friend bool operator==(const Origin& /*a*/, const Origin& /*b*/) { return true; }
};

// `forward { LABEL { proto; host; jail; } }` in a jail: host port on 127.0.0.1 -> jail port.
struct Forward {
    std::string label;
    Proto proto = Proto::tcp;
    std::uint16_t host_port = 0;
    std::uint16_t jail_port = 0;
    Origin origin;
    bool operator==(const Forward&) const = default;
};

// `mount { LABEL { host; jail; readonly; } }`: a host directory shared into a jail.
struct Mount {
    std::string label;
    std::string host; // absolute and lexically normal (relative paths resolved, `~` expanded)
    std::string jail; // absolute and lexically normal path inside the jail, never "/"
    bool readonly = false;
    Origin origin;
    bool operator==(const Mount&) const = default;
};

// `healthcheck { test; interval; timeout; retries; start_period; }` of an exec.
struct Healthcheck {
    std::string test; // a shell command, kept as written (quoted when rendered)
    std::chrono::milliseconds interval{std::chrono::seconds(30)};
    std::chrono::milliseconds timeout{std::chrono::seconds(10)};
    int retries = 3;
    std::chrono::milliseconds start_period{0};
    Origin origin;
    bool operator==(const Healthcheck&) const = default;
};

// One `env { NAME = VALUE; }` entry; values are kept as text (numbers/booleans as written).
struct EnvVar {
    std::string name;
    std::string value;
    Origin origin;
    bool operator==(const EnvVar&) const = default;
};

// `exec { LABEL { cmd; dir; env; user; healthcheck; } }`: a supervised process.
struct Exec {
    std::string label;
    std::string cmd;       // a shell command, kept as written (quoted when rendered)
    std::string dir = "/"; // absolute and lexically normal
    std::vector<EnvVar> env;
    std::optional<std::string> user;
    std::optional<Healthcheck> healthcheck;
    Origin origin;
    bool operator==(const Exec&) const = default;
};

// `setup { LABEL { type = "ansible"; file | url; vars { } } }`: a provisioning playbook.
// Exactly one of `file` and `url` is non-empty.
struct SetupStep {
    std::string label;
    std::string type = "ansible";
    std::string file; // absolute path of a local playbook (resolved and checked to exist)
    std::string url;  // hub://NAME/VERSION[@REF] or https://github.com/OWNER/REPO/blob/REF/PATH
    nlohmann::ordered_json vars = nlohmann::ordered_json::object(); // typed extra vars
    Origin origin;
    bool operator==(const SetupStep&) const = default;
};

// `jail "NAME" { ... }`.
struct Jail {
    std::string name;                // a valid hostname label (≤ 63 chars)
    std::string release;             // e.g. "15.0-RELEASE" (the settings' default when not written)
    std::optional<std::string> ip;   // static IPv4 inside 10.17.89.0/24, canonical dotted quad
    std::optional<std::string> base; // name of the jail this one is cloned from
    std::vector<std::string> depends; // jail names, each once, as written
    std::vector<Mount> mounts;
    std::vector<Forward> forwards;
    std::vector<Exec> execs;
    std::vector<SetupStep> setup; // run in this order
    Origin origin;                // the jail's name in `jail "NAME"`
    bool operator==(const Jail&) const = default;
};

// `base { mount { LABEL { host; target; } } }`: a host directory shared into the VM at `target`.
struct BaseMount {
    std::string label;
    std::string host;   // absolute and lexically normal
    std::string target; // absolute and lexically normal path in the VM
    Origin origin;
    bool operator==(const BaseMount&) const = default;
};

// `base { forward { LABEL { proto; host; target; } } }`: host port -> VM port.
struct BaseForward {
    std::string label;
    Proto proto = Proto::tcp;
    std::uint16_t host_port = 0;
    std::uint16_t target_port = 0;
    Origin origin;
    bool operator==(const BaseForward&) const = default;
};

// `base { vm { cpus; memory; disk; } }`: overrides of JRUN_QEMU_CPUS/MEMORY/DISK_SIZE.
struct VmOverrides {
    std::optional<int> cpus;                   // 1..256
    std::optional<std::uint64_t> memory_bytes; // a whole number of MiB
    std::optional<std::uint64_t> disk_bytes;
    Origin origin;
    bool operator==(const VmOverrides&) const = default;
};

// The top-level `base { ... }`: what `jrun start` applies to the VM itself.
struct Base {
    std::vector<SetupStep> setup;
    std::vector<BaseMount> mounts;
    std::vector<BaseForward> forwards;
    VmOverrides vm;
    Origin origin;
    bool operator==(const Base&) const = default;
};

// A whole checked config file.
struct Config {
    std::vector<Jail> jails; // config order
    std::optional<Base> base;
    std::string path; // absolute path of the config file
    // Owns the text that every origin points into; not part of equality.
    std::shared_ptr<const SourceSet> sources;

    // Compare content only: jails and base (not the path, sources or origins).
    bool operator==(const Config& other) const {
        return jails == other.jails && base == other.base;
    }
};

// Return the jail called `name`, or null.
inline const Jail* find_jail(const Config& config, std::string_view name) {
    for (const auto& jail : config.jails) {
        if (jail.name == name) {
            return &jail;
        }
    }
    return nullptr;
}

} // namespace jrun::model
