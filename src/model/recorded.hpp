// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// What jrun has applied, as recorded in the state file (SPEC §6). Plain structs; the state
// module maps them to and from versioned JSON, the planner diffs them against the config.

#include "model/config.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jrun::model {

// A jail as last applied. `spec` is the config section that was applied; `setup_hashes` holds,
// per setup label, the hash of the step (definition + local playbook content) that last ran
// successfully, so that only changed steps run again.
struct RecordedJail {
    Jail spec;
    std::string private_name; // FreeBSD jail/dataset name, see private_name_for()
    std::string ip;           // the address in use
    std::map<std::string, std::string> setup_hashes;
    bool operator==(const RecordedJail&) const = default;
};

// A host port forwarded by QEMU user networking to a VM port.
struct VmForward {
    Proto proto = Proto::tcp;
    std::uint16_t host_port = 0;
    std::uint16_t guest_port = 0;
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
    auto operator<=>(const VmForward&) const = default;
};

// A host directory exported to the VM over virtio-9p.
struct VmShare {
    std::string host; // absolute host directory
    std::string tag;  // 9p mount tag, see share_tag_for()
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
    auto operator<=>(const VmShare&) const = default;
};

// How the VM is wired (what QEMU currently exposes).
struct RecordedVm {
    std::optional<std::uint16_t> ssh_port;
    std::vector<VmForward> forwards; // sorted
    std::vector<VmShare> shares;     // sorted
    bool operator==(const RecordedVm&) const = default;
};

// A pinned SSH host key (SPEC §7: pin on first contact, reset on purge). jrun renders its own
// known_hosts file from these; `host` is what ssh looks up ("[127.0.0.1]:2222", "10.17.89.11").
struct HostKeyPin {
    std::string host;
    std::string type; // e.g. "ssh-ed25519"
    std::string key;  // base64, as in known_hosts
    bool operator==(const HostKeyPin&) const = default;
};

// A paired remote jail reachable over the mesh.
struct PeerJail {
    std::string name;
    std::string address; // Yggdrasil 200::/7 address
    bool operator==(const PeerJail&) const = default;
};

// One pairing with another instance.
struct Peer {
    std::string alias;     // the pairing code
    std::string direction; // "init" or "joined"
    std::string paired_at; // ISO-8601 UTC
    std::vector<PeerJail> jails;
    bool operator==(const Peer&) const = default;
};

// Everything recorded. Jails keyed by public name.
struct Recorded {
    std::map<std::string, RecordedJail> jails;
    std::optional<Base> base;
    std::map<std::string, std::string> base_setup_hashes; // like RecordedJail::setup_hashes
    RecordedVm vm;
    std::vector<HostKeyPin> host_keys;
    std::vector<Peer> peers;
    bool operator==(const Recorded&) const = default;
};

// Return the FreeBSD-side name of jail `name`: "j" + the first 12 hex digits of its SHA-256
// (as the Python implementation names them, so a state it made maps to the same datasets).
std::string private_name_for(std::string_view name);

// Return the 9p mount tag for host directory `host`: "jrun_" + 10 hex digits of its SHA-256.
std::string share_tag_for(std::string_view host);

} // namespace jrun::model
