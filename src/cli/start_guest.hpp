// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// What `jrun start` does inside the VM once SSH is ready: the guest bootstrap (first start, an
// older bootstrap, or --provision), the base's 9p shares mounted at their targets, and the
// base's setup playbooks (Ansible as the SSH user, root through doas) whose definition or
// content changed.

#include "cli/cli.hpp"
#include "model/recorded.hpp"
#include "model/settings.hpp"
#include "sys/clock.hpp"
#include "sys/file_system.hpp"
#include "sys/process_runner.hpp"
#include "sys/signals.hpp"

#include <functional>

namespace jrun::cli {

struct StartGuestPorts {
    sys::ProcessRunner& runner;
    sys::FileSystem& fs;
    sys::Clock& clock;
    const sys::Signals* signals = nullptr;
    std::function<Status(const model::Recorded&)> save; // the state, after each base step
};

// Prepare the guest of the running VM. A guest that is not FreeBSD (the Linux test guest) gets
// no bootstrap and no shares, with a warning; base setup steps run on any guest.
[[nodiscard]] Status prepare_vm_guest(Context& ctx,
                                      const Settings& settings,
                                      StartGuestPorts& ports,
                                      model::Recorded& recorded,
                                      bool provision);

} // namespace jrun::cli
