// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "plan/plan.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace jrun::plan {

struct RenderOptions {
    bool explain = false; // print each step's reason
    bool color = false;   // ANSI colours (a TTY without NO_COLOR)
    std::string header;   // first line, e.g. "plan for examples/stack.ucl (no state yet)"
};

// Return the plan as text for people: grouped by wave and jail, one line per step.
[[nodiscard]] std::string render_text(const Plan& plan, const RenderOptions& options);

// Return the plan as JSON (schema documented in docs/plan-json.md; `format_version` 1).
[[nodiscard]] nlohmann::ordered_json to_json(const Plan& plan);

// Return a one-line count of what the plan does ("2 to create, 1 to update, ...").
[[nodiscard]] std::string summary_line(const Plan& plan);

} // namespace jrun::plan
