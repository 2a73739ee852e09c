// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The real ports of the executor for a session: VM wiring (QMP for the local VM, none for an
// ssh:// target), the Ansible setup runner, terminal progress and the state store.

#include "apply/executor.hpp"
#include "cli/guest_session.hpp"
#include "cli/terminal_reporter.hpp"
#include "sys/clock.hpp"

#include <memory>

namespace jrun::cli {

class ExecutorPorts {
public:
    ExecutorPorts(Context& ctx, GuestSession& session);

    [[nodiscard]] apply::Ports ports();
    [[nodiscard]] apply::Options options() const;

private:
    GuestSession& m_session;
    std::unique_ptr<apply::VmWiring> m_vm;
    std::unique_ptr<apply::SetupRunner> m_setup;
    TerminalReporter m_reporter;
    StoreStateSink m_state;
    sys::RealClock m_clock;
};

// Return the VM wiring for `session` (QMP when the jails run in our VM).
[[nodiscard]] std::unique_ptr<apply::VmWiring> make_vm_wiring(Context& ctx, GuestSession& session);

// Return the setup runner for `session` (ansible-playbook through the host's SSH connection).
[[nodiscard]] std::unique_ptr<apply::SetupRunner> make_setup_runner(Context& ctx,
                                                                    GuestSession& session);

// Print the outcome of a run: failures with their errors, skipped jails; return the exit code.
[[nodiscard]] int
report_outcome(Context& ctx, const apply::Outcome& outcome, std::string_view verb);

} // namespace jrun::cli
