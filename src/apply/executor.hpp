// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The executor (ninja's Builder to the planner's Plan): runs a plan through the ports, jail by
// jail, independent jails in parallel, dependents after their dependencies' health checks pass,
// and records what really happened after every jail, so that an interrupted `up` converges on
// the next run.

#include "apply/ports.hpp"
#include "plan/plan.hpp"
#include "ssh/remote.hpp"
#include "sys/clock.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace jrun::apply {

struct Ports {
    ssh::Remote& remote;
    VmWiring& vm;
    SetupRunner& setup;
    Reporter& reporter;
    StateSink& state;
    sys::Clock& clock;
};

struct Options {
    unsigned jobs = 1; // jails deployed at once (JRUN_JOBS)
    // How often a dependency's health is polled while a dependent waits.
    std::chrono::milliseconds health_poll{std::chrono::seconds(1)};
};

// A jail that could not be brought to its plan.
struct JailFailure {
    std::string jail;
    Error error;
};

struct Outcome {
    model::Recorded recorded;          // what is applied now (saved already)
    std::vector<JailFailure> failures; // empty: everything converged
    std::vector<std::string> skipped;  // jails not attempted because a dependency failed
};

// Execute `plan` (from compute_plan over `config`, `recorded`, `hashes`). Errors are for what
// stops everything (the connection, an interrupt, the state file); a jail failing is an
// Outcome::failures entry and its dependents are skipped.
[[nodiscard]] Result<Outcome> execute_up(const plan::Plan& plan,
                                         const model::Config& config,
                                         const model::Recorded& recorded,
                                         const plan::ContentHashes& hashes,
                                         Ports& ports,
                                         const Options& options);

// Execute a plan from compute_down_plan: jails destroyed wave by wave, the wiring rewritten for
// the jails that stay.
[[nodiscard]] Result<Outcome> execute_down(const plan::Plan& plan,
                                           const model::Recorded& recorded,
                                           Ports& ports,
                                           const Options& options);

// Return the limit for the health checks of `jail` to pass after a deploy: the longest
// start_period + (retries + 1) * interval + timeout of its execs, plus a minute of slack.
[[nodiscard]] std::chrono::milliseconds health_limit(const model::Jail& jail);

} // namespace jrun::apply
