// SPDX-License-Identifier: BSD-2-Clause
#include "cli/executor_ports.hpp"

#include "cli/state_io.hpp"

#include <ostream>

namespace jrun::cli {

ExecutorPorts::ExecutorPorts(Context& ctx, GuestSession& session)
    : m_session(session),
      m_vm(make_vm_wiring(ctx, session)),
      m_setup(make_setup_runner(ctx, session)),
      m_reporter(ctx.out, ctx.color),
      m_state(*session.store) {}

apply::Ports ExecutorPorts::ports() {
    return apply::Ports{*m_session.remote, *m_vm, *m_setup, m_reporter, m_state, m_clock};
}

apply::Options ExecutorPorts::options() const {
    apply::Options options;
    options.jobs = m_session.effective().jobs;
    return options;
}

int report_outcome(Context& ctx, const apply::Outcome& outcome, std::string_view verb) {
    for (const auto& failure : outcome.failures) {
        print_error(ctx, failure.error);
    }
    for (const auto& name : outcome.skipped) {
        print_warning(
            ctx, "jail '" + name + "' was not " + std::string(verb) + ": a jail it needs failed");
    }
    if (outcome.failures.empty() && outcome.skipped.empty()) {
        return 0;
    }
    ctx.err << "  hint: fix the cause and run the same command again; finished work is kept\n";
    return 1;
}

} // namespace jrun::cli
