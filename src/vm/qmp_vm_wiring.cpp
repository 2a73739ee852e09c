// SPDX-License-Identifier: BSD-2-Clause
#include "vm/qmp_vm_wiring.hpp"

#include "qemu/hostfwd.hpp"
#include "qemu/qmp_commands.hpp"
#include "vm/qmp_session.hpp"

namespace jrun::vm {

QmpVmWiring::QmpVmWiring(QmpConnector connect,
                         sys::Clock& clock,
                         std::string qmp_socket,
                         std::string bind_host,
                         RestartFn restart)
    : m_connect(std::move(connect)),
      m_clock(clock),
      m_qmp_socket(std::move(qmp_socket)),
      m_bind_host(std::move(bind_host)),
      m_restart(std::move(restart)) {}

Result<bool> QmpVmWiring::has_share(const model::VmShare& share) {
    const std::lock_guard lock(m_mutex);
    auto session = QmpSession::open(m_connect, m_clock, m_qmp_socket);
    if (!session) {
        return session.error();
    }
    auto tree = qemu::human_monitor_command((*session)->qmp(), "info qtree");
    if (!tree) {
        return tree.error();
    }
    return tree->find("mount_tag = \"" + share.tag + "\"") != std::string::npos;
}

Status QmpVmWiring::add_forward(const model::VmForward& forward) {
    const std::lock_guard lock(m_mutex);
    auto session = QmpSession::open(m_connect, m_clock, m_qmp_socket);
    if (!session) {
        return session.error();
    }
    return qemu::hostfwd_add((*session)->qmp(), qemu::k_netdev_id, m_bind_host, forward);
}

Status QmpVmWiring::remove_forward(const model::VmForward& forward) {
    const std::lock_guard lock(m_mutex);
    auto session = QmpSession::open(m_connect, m_clock, m_qmp_socket);
    if (!session) {
        return session.error();
    }
    auto removed = qemu::hostfwd_remove((*session)->qmp(), qemu::k_netdev_id, m_bind_host, forward);
    return removed ? Status{} : Status{removed.error()};
}

Status QmpVmWiring::add_share(const model::VmShare& share) {
    auto present = has_share(share);
    if (!present || *present) {
        return present ? Status{} : Status{present.error()};
    }
    if (m_restart) {
        return m_restart(share);
    }
    return Error{ErrorKind::config,
                 "cannot share '" + share.host + "' with the running VM",
                 "QEMU cannot add a 9p share to a running VM; the VM must restart with it",
                 "run 'jrun stop' and 'jrun start' (the share is then part of the VM), then "
                 "run this again"};
}

Status QmpVmWiring::remove_share(const model::VmShare& /*share*/) {
    return {};
}

} // namespace jrun::vm
