// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace jrun {

// The guest architecture, in FreeBSD's naming (`arm64` is accepted as `aarch64`).
enum class Arch { amd64, aarch64 };

// The QEMU accelerator: `automatic` picks per host (KVM on Linux, HVF on macOS, else TCG).
enum class QemuAccel { automatic, kvm, hvf, tcg };

// A remote FreeBSD host reached over SSH instead of the local VM (`ssh://user@host[:port]`).
struct SshTarget {
    std::string user;
    std::string host; // a host name, an IPv4 address, or an IPv6 address without brackets
    std::uint16_t port = 22;
};

// The effective settings of one jrun instance, from defaults, the env file and `JRUN_*`
// environment variables. Every path is absolute. Filled by config::load_settings.
// Rationale: fields are grouped by meaning, not by size; there is one instance per process.
struct Settings { // NOLINT(clang-analyzer-optin.performance.Padding)
    // Files: everything defaults to a place under `home`, so a second home is a second instance.
    std::string home;               // JRUN_HOME
    std::string env_file;           // JRUN_ENV_FILE
    std::string ssh_dir;            // JRUN_SSH_DIR
    std::string log_dir;            // JRUN_LOG_DIR
    std::string disk_dir;           // JRUN_DISK_DIR
    std::string cloud_dir;          // JRUN_CLOUD_DIR
    std::string playbook_cache_dir; // JRUN_PLAYBOOK_CACHE_DIR
    std::string pid_file;           // JRUN_PID_FILE
    std::string state_file;         // JRUN_STATE_FILE
    std::string log_file;           // JRUN_LOG_FILE: debug log; empty = none

    // SSH into the VM.
    std::string vm_host = "127.0.0.1";                // JRUN_VM_HOST
    std::string vm_python_interpreter = "python3.13"; // JRUN_VM_PYTHON_INTERPRETER
    std::uint16_t ssh_port = 2222;                    // JRUN_SSH_PORT
    std::string ssh_user = "admin";                   // JRUN_SSH_USER
    std::string ssh_key = "id_ed25519"; // JRUN_SSH_KEY: a name in ssh_dir or an absolute path

    // The FreeBSD release and image.
    std::string bsd_version = "15.0";        // JRUN_BSD_VERSION
    std::string bsd_release_tag = "RELEASE"; // JRUN_BSD_RELEASE_TAG: RELEASE, RCn, BETAn, ALPHAn
    Arch bsd_arch = Arch::amd64;             // JRUN_BSD_ARCH
    std::string image;                       // JRUN_IMAGE: path or URL; empty = FreeBSD mirror

    // The VM.
    std::uint64_t qemu_memory = 4096ULL << 20;   // JRUN_QEMU_MEMORY, bytes
    std::uint64_t qemu_disk_size = 20ULL << 30;  // JRUN_QEMU_DISK_SIZE, bytes
    std::uint32_t qemu_cpus = 1;                 // JRUN_QEMU_CPUS, resolved when `auto`
    bool qemu_cpus_auto = true;                  // JRUN_QEMU_CPUS was `auto` (the default)
    std::string qemu_bios;                       // JRUN_QEMU_BIOS: firmware; empty = probe
    QemuAccel qemu_accel = QemuAccel::automatic; // JRUN_QEMU_ACCEL

    // Mesh and pairing.
    bool mesh_network = true;                         // JRUN_MESH_NETWORK
    std::string relay_peer_uri = "relay.jail.run";    // JRUN_RELAY_PEER_URI (Yggdrasil peer)
    std::uint16_t relay_peer_port = 37100;            // JRUN_RELAY_PEER_PORT
    std::string relay_pubkey;                         // JRUN_RELAY_PUBKEY: 64 hex; empty = any
    std::string relay_url = "https://relay.jail.run"; // JRUN_RELAY_URL (pairing HTTP API)
    std::string hub_url = "https://github.com/hyphatech/jailrun-hub"; // JRUN_HUB_URL

    // Execution.
    std::uint32_t jobs = 1;                            // JRUN_JOBS: parallel jail deploys
    std::optional<SshTarget> target;                   // JRUN_TARGET: empty = the local VM
    bool debug = false;                                // JRUN_DEBUG: stream full Ansible output
    std::string ansible_playbook = "ansible-playbook"; // JRUN_ANSIBLE_PLAYBOOK: name or path
};

// Return `arch` as FreeBSD names it ("amd64", "aarch64").
constexpr const char* to_string(Arch arch) {
    return arch == Arch::aarch64 ? "aarch64" : "amd64";
}

// Return `accel` as written in JRUN_QEMU_ACCEL ("auto", "kvm", "hvf", "tcg").
constexpr const char* to_string(QemuAccel accel) {
    switch (accel) {
    case QemuAccel::kvm:
        return "kvm";
    case QemuAccel::hvf:
        return "hvf";
    case QemuAccel::tcg:
        return "tcg";
    case QemuAccel::automatic:
        break;
    }
    return "auto";
}

} // namespace jrun
