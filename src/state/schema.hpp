// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace jrun::state {

// The state-file version this jrun writes. Bump it, and add a Migration from the previous
// version to current_schema(), whenever the recorded schema changes incompatibly.
inline constexpr int k_state_version = 1;

// Turn a state body of version `from` into a body of version `from + 1`. Fails with the reason
// (as an Error) when the body cannot be upgraded.
struct Migration {
    int from = 0;
    std::function<Result<nlohmann::ordered_json>(nlohmann::ordered_json body)> apply;
};

// The version a jrun writes and the migrations that bring older bodies up to it.
struct Schema {
    int version = k_state_version;
    std::vector<Migration> migrations;
};

// Return this jrun's schema (version 1 is the first: no migrations yet).
[[nodiscard]] Schema current_schema();

// A parsed state document split into its envelope and its body (every other key).
struct Envelope {
    int version = 0;
    std::string writer; // "jrun 0.1.0"; empty when the file does not say (Python's files)
    nlohmann::ordered_json body = nlohmann::ordered_json::object();
};

// Split `document` into an Envelope. Fails (kind `io`, only `why` set) when it is not an object
// or has no positive integer "version".
[[nodiscard]] Result<Envelope> open_envelope(nlohmann::ordered_json document);

// Return `envelope`'s body upgraded to `schema.version`. Fails (kind `io`, only `why` and `hint`
// set) when the body is newer than the schema, or a migration is missing or fails.
[[nodiscard]] Result<nlohmann::ordered_json> migrate(Envelope envelope, const Schema& schema);

} // namespace jrun::state
