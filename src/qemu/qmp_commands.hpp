// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The QMP commands jrun uses, on top of QmpClient. Errors are QmpClient's, plus `remote` for
// HMP commands whose text output reports a failure.

#include "model/recorded.hpp"
#include "qemu/qmp_client.hpp"

#include <string>
#include <string_view>

namespace jrun::qemu {

// What `query-status` says: the run state ("running", "paused", "shutdown", ...).
struct VmStatus {
    std::string status;
    bool running = false;
};

// Return the VM's run state.
[[nodiscard]] Result<VmStatus> query_status(QmpClient& qmp);

// Press the virtual power button (ACPI). The guest decides whether and when to shut down:
// wait for the SHUTDOWN event, then the end of the connection.
[[nodiscard]] Status system_powerdown(QmpClient& qmp);

// Make QEMU exit at once. QEMU closing the connection before replying also counts as done.
[[nodiscard]] Status quit(QmpClient& qmp);

// Run the HMP `command_line` and return its text output (HMP reports most failures only as
// text, so callers must inspect it).
[[nodiscard]] Result<std::string> human_monitor_command(QmpClient& qmp,
                                                        std::string_view command_line);

// Add the host forward `forward` bound to `bind` (IPv4) on the user network `netdev`, at
// runtime. Fails with `config` on a bad `bind` or `netdev`, with `remote` when QEMU refuses
// (the port is taken, ...), saying what QEMU said.
[[nodiscard]] Status hostfwd_add(QmpClient& qmp,
                                 std::string_view netdev,
                                 std::string_view bind,
                                 const model::VmForward& forward);

// Remove the host forward of `forward`'s protocol and host port bound to `bind`. Return false
// when there was no such forward (so removal is idempotent). Fails like hostfwd_add.
[[nodiscard]] Result<bool> hostfwd_remove(QmpClient& qmp,
                                          std::string_view netdev,
                                          std::string_view bind,
                                          const model::VmForward& forward);

// Add the device described by `properties` (`driver`, `id`, ...). Fails with `remote`.
[[nodiscard]] Status device_add(QmpClient& qmp, const nlohmann::json& properties);
// Ask for the removal of device `id`; the guest completes it (DEVICE_DELETED event).
[[nodiscard]] Status device_del(QmpClient& qmp, std::string_view id);

// A virtio-9p device to hot-plug for an fsdev that exists already.
struct NinePDevice {
    std::string device_id; // QEMU id of the new device
    std::string fsdev_id;  // an `-fsdev` given on the command line
    std::string mount_tag;
    std::string bus; // a hot-plug capable bus (q35: a pcie-root-port); "" = default
    std::string driver = "virtio-9p-pci";
};

// Hot-plug a virtio-9p device. Rationale: QEMU 7.2 has no way to create an fsdev at runtime
// (no QMP command, no `fsdev_add` in HMP, no QOM type), so this only attaches a share whose
// `-fsdev` was given at start; a new host directory needs a restart (ARCHITECTURE.md).
// Fails with `config` on a bad id or tag, with `remote` when QEMU refuses.
[[nodiscard]] Status hotplug_9p(QmpClient& qmp, const NinePDevice& device);

} // namespace jrun::qemu
