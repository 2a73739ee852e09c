// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// apply::VmWiring for the local VM, over its QMP socket.

#include "apply/ports.hpp"
#include "vm/ports.hpp"

#include <functional>
#include <mutex>
#include <string>

namespace jrun::vm {

// Forwards are added and removed live (HMP hostfwd_add/hostfwd_remove through QMP; the QEMU
// process stays the same). Shares cannot be: QEMU 7.2 has no way to create an fsdev at runtime
// (ARCHITECTURE.md, "9p hot-plug"). Decision: add_share fails with `config` saying so and how
// to get it (`jrun stop` + `jrun start`, which launches QEMU with every recorded share), so the
// executor can announce the restart, unless a `restart` hook is given: then add_share says
// so through `say` and calls it (the CLI passes one that runs vm::start_vm with
// StartOptions::extra_shares = {share}, which restarts the VM with the share). A share QEMU
// already has (`info qtree` lists its mount tag) is accepted as it is. remove_share succeeds
// without touching QEMU: the guest unmounts the share, the fsdev goes with the next restart.
class QmpVmWiring final : public apply::VmWiring {
public:
    using RestartFn = std::function<Status(const model::VmShare& share)>;

    QmpVmWiring(QmpConnector connect,
                sys::Clock& clock,
                std::string qmp_socket,
                std::string bind_host,
                RestartFn restart = {});

    [[nodiscard]] Status add_forward(const model::VmForward& forward) override;
    [[nodiscard]] Status remove_forward(const model::VmForward& forward) override;
    [[nodiscard]] Status add_share(const model::VmShare& share) override;
    [[nodiscard]] Status remove_share(const model::VmShare& share) override;

private:
    // Return true when the running QEMU already exports `share.tag`.
    [[nodiscard]] Result<bool> has_share(const model::VmShare& share);

    QmpConnector m_connect;
    sys::Clock& m_clock;
    std::string m_qmp_socket;
    std::string m_bind_host;
    RestartFn m_restart;
    std::mutex m_mutex; // one QMP conversation at a time: QEMU serves one client
};

} // namespace jrun::vm
