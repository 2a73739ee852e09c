// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Restart the local VM with one more 9p share, in the middle of `jrun up`: QEMU cannot add a
// share to a running VM (ARCHITECTURE.md "9p hot-plug").

#include "cli/cli.hpp"
#include "cli/guest_session.hpp"
#include "model/recorded.hpp"

namespace jrun::cli {

// Restart the VM so that it shares `share` besides what it shares now: announced on ctx.err
// before it happens (vm::start_vm says why), then stop (ACPI), launch and SSH readiness with
// the session's ports. The jails come back at boot (jail_enable and jail.conf's .include), and
// the next SSH command opens a new control master. `session.recorded` is not changed: the
// executor records the share itself.
[[nodiscard]] Status
restart_vm_with_share(Context& ctx, GuestSession& session, const model::VmShare& share);

} // namespace jrun::cli
