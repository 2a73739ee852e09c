// SPDX-License-Identifier: BSD-2-Clause
// The connection to the host that runs the jails: an `ssh://` target (JRUN_TARGET) or the
// local VM (admin@JRUN_VM_HOST:<ssh port>, root through doas, host key pinned by `jrun start`).
#include "cli/guest_session.hpp"
#include "cli/status_vm.hpp"
#include "ssh/ssh_remote.hpp"
#include "util/hash.hpp"
#include "vm/ssh_access.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace jrun::cli {

namespace {

std::filesystem::path identity_file(const Settings& settings) {
    const std::filesystem::path key(settings.ssh_key);
    return key.is_absolute() ? key : std::filesystem::path(settings.ssh_dir) / key;
}

// Rationale: a control socket path is limited to ~104 bytes and ssh names it with 57
// characters of its own (ssh::check_ssh_config), so a long JRUN_HOME gets its sockets in a
// short per-user directory named after it.
std::filesystem::path control_dir(const Settings& settings) {
    constexpr std::size_t k_longest_dir = 45;
    std::filesystem::path dir = std::filesystem::path(settings.home) / "run";
    if (dir.string().size() <= k_longest_dir) {
        return dir;
    }
    return std::filesystem::path("/tmp") / ("jrun-" + std::to_string(getuid()))
           / sha256_hex(settings.home).substr(0, 12);
}

Status make_private_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || chmod(dir.c_str(), 0700) != 0) {
        return Error{ErrorKind::io,
                     "cannot create '" + dir.string() + "'",
                     ec ? ec.message() : "chmod failed",
                     "check the permissions of JRUN_HOME"};
    }
    return {};
}

ssh::SshEndpoint endpoint_for(const Settings& settings) {
    return {settings.target->user, settings.target->host, settings.target->port, false};
}

} // namespace

ssh::SshConfig ssh_config_for(const GuestSession& session) {
    const auto& settings = session.effective();
    if (!settings.target) {
        // The local VM: its host key was pinned by `jrun start` (vm::vm_ssh_config).
        return vm::vm_ssh_config(settings);
    }
    ssh::SshConfig config;
    config.target = endpoint_for(settings);
    config.identity_file = identity_file(settings);
    config.known_hosts = std::filesystem::path(settings.ssh_dir) / "known_hosts";
    config.control_dir = control_dir(settings);
    config.become = true;
    return config;
}

namespace {

// Explain a failed connection to the local VM: say so plainly when QEMU is not running (asked
// over QMP only now, so a working connection costs nothing more).
Error vm_connection_error(GuestSession& session, Error error) {
    constexpr std::string_view k_way_out =
        "'jrun start' boots it (or set JRUN_TARGET=ssh://... to use another FreeBSD host)";
    if (auto live = probe_local_vm(session); live && !live->running) {
        return Error{ErrorKind::remote, "the VM is not running", {}, std::string(k_way_out)};
    }
    error.hint = "is the VM still booting? " + std::string(k_way_out);
    return error;
}

} // namespace

Result<std::unique_ptr<ssh::Remote>> connect_remote(GuestSession& session) {
    const auto& settings = session.effective();
    auto config = ssh_config_for(session);
    for (const auto& dir : {std::filesystem::path(settings.ssh_dir), config.control_dir}) {
        if (auto made = make_private_dir(dir); !made.ok()) {
            return made.error();
        }
    }
    auto remote = ssh::SshRemote::create(std::move(config), session.runner);
    if (!remote.ok()) {
        return remote.error();
    }
    if (!settings.target) {
        // Fail here with the way out rather than with ssh's "connection refused".
        if (auto connected = (*remote)->connect(); !connected.ok()) {
            return vm_connection_error(session, connected.error());
        }
    }
    return std::unique_ptr<ssh::Remote>(std::move(*remote));
}

} // namespace jrun::cli
