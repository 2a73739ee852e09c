// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Reading `monit status` text (reference-behaviour.md §1.8.3): blocks headed
// `Process 'x'` / `Program 'x'` / `System 'x'`, each followed by "  key   value" rows.

#include "render/guest.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::render::detail {

struct MonitBlock {
    std::string type; // "Process", "Program", "System", ...
    std::string name;
    std::map<std::string, std::string> fields; // "status", "monitoring status", "last exit value"
};

// Parse the blocks of `monit status` output given as lines.
[[nodiscard]] std::vector<MonitBlock> parse_monit_status(const std::vector<std::string>& lines);

// Return the health of exec service `service` from `blocks`; `has_check` tells whether the exec
// has a health check (program `<service>.health`).
[[nodiscard]] std::string
exec_state(const std::vector<MonitBlock>& blocks, std::string_view service, bool has_check);

// Return every exec found in `blocks` (process services) with its state.
[[nodiscard]] std::vector<ExecHealth> exec_states(const std::vector<MonitBlock>& blocks);

} // namespace jrun::render::detail
