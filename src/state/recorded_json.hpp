// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The typed schema of the state file (format version 1): model::Recorded <-> JSON.
// Documented in docs/state.md; bump k_state_version and add a migration for any change that
// an older jrun could not read.

#include "model/recorded.hpp"
#include "state/schema.hpp"
#include "util/result.hpp"

#include <nlohmann/json.hpp>

namespace jrun::state {

// Return `recorded` as the JSON body of the state file (without version/writer, which the
// store adds).
[[nodiscard]] nlohmann::ordered_json to_json(const model::Recorded& recorded);

// Read a state document. A missing member or a wrong type fails with `ErrorKind::config`
// naming the JSON path of the problem (e.g. `jails.web.spec.forwards[0].host: expected a port`).
// Parse with nlohmann::ordered_json so that setup vars keep their order (it is part of a step's
// hash).
[[nodiscard]] Result<model::Recorded> from_json(const nlohmann::ordered_json& document);

} // namespace jrun::state
