// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// What every worker of one `up`/`down` shares: the ports, and the recorded state behind a mutex
// (saved after every change).

#include "apply/executor.hpp"

#include <mutex>
#include <string_view>

namespace jrun::apply::detail {

class RunContext {
public:
    RunContext(Ports& run_ports, const Options& run_options, model::Recorded recorded)
        : ports(run_ports),
          options(run_options),
          m_recorded(std::move(recorded)) {}

    Ports& ports;
    const Options& options;

    // Change the recorded state with `change` and save it, under the lock.
    template <class Change> [[nodiscard]] Status record(Change&& change) {
        const std::lock_guard lock(m_mutex);
        change(m_recorded);
        return ports.state.save(m_recorded);
    }

    // Return a copy of the recorded state.
    [[nodiscard]] model::Recorded recorded() const {
        const std::lock_guard lock(m_mutex);
        return m_recorded;
    }

private:
    mutable std::mutex m_mutex;
    model::Recorded m_recorded;
};

// Run guest script `script` for `jail` ("" for the host), reporting its steps as progress.
// A script that exits non-zero is a `remote` Error naming the step and the script's stderr.
[[nodiscard]] Status run_guest(RunContext& run, std::string_view jail, const std::string& script);

} // namespace jrun::apply::detail
