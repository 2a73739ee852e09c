// SPDX-License-Identifier: BSD-2-Clause
#include "vm/liveness.hpp"

#include "qemu/qmp_commands.hpp"
#include "vm/qmp_session.hpp"

namespace jrun::vm {

namespace {

// Rationale: a local socket answers in microseconds; a QEMU that takes seconds is hung, and a
// command like `status` must not hang with it.
constexpr std::chrono::milliseconds k_probe_timeout{3000};

void remove_stale_files(VmPorts& ports, const VmPaths& paths) {
    // Ignoring failures: a file we cannot remove is reported by the next start that needs it.
    (void)ports.fs.remove(paths.pid_file);
    (void)ports.fs.remove(paths.qmp_socket);
}

} // namespace

std::optional<int> read_pid_file(sys::FileSystem& fs, const std::string& path) {
    auto text = fs.read_file(path);
    if (!text) {
        return std::nullopt;
    }
    return sys::parse_lock_pid(*text);
}

Result<VmLiveness> probe_vm(VmPorts& ports, const VmPaths& paths) {
    qemu::QmpOptions options;
    options.timeout = k_probe_timeout;
    options.signals = ports.signals;
    auto session = QmpSession::open(ports.connect_qmp, ports.clock, paths.qmp_socket, options);
    if (!session) {
        if (session.error().kind == ErrorKind::io) {
            remove_stale_files(ports, paths);
            return VmLiveness{};
        }
        return session.error();
    }
    auto status = qemu::query_status((*session)->qmp());
    if (!status) {
        return status.error();
    }
    return VmLiveness{true, status->status, read_pid_file(ports.fs, paths.pid_file)};
}

} // namespace jrun::vm
