// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "config/host_probe.hpp"
#include "model/config.hpp"
#include "ucl/value.hpp"
#include "util/diagnostic.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace jrun::config {

// Everything `check` needs to know about the world, passed in so that it stays pure.
struct CheckContext {
    std::string config_path;       // absolute path of the config file (stored in the model)
    std::string config_dir;        // absolute; relative mount sources and playbooks start here
    std::string cwd;               // absolute; where the Python implementation looked for playbooks
    std::string home;              // for `~` expansion; empty when unknown
    std::uint16_t ssh_port = 2222; // host port reserved for SSH into the VM (tcp)
    std::string default_release = "15.0-RELEASE"; // JRUN_BSD_VERSION-JRUN_BSD_RELEASE_TAG
    const HostProbe* probe = nullptr;             // required
    // Host ports this jrun instance's VM already forwards (from state): not reported as busy.
    std::set<std::pair<model::Proto, std::uint16_t>> held_ports;
    // Severity of "host port is in use". Rationale: `up` must refuse, but `validate` has no
    // state to tell our own running VM's ports from a stranger's, so it only warns.
    Severity busy_port_severity = Severity::error;
};

// The outcome of a check: the model when there is no error, and every problem found (errors,
// warnings and notes, in the order found; notes follow the diagnostic they explain).
struct CheckResult {
    std::optional<model::Config> config;
    std::vector<Diagnostic> diagnostics;
    [[nodiscard]] bool has_errors() const;
};

// Check the parsed document `root` against SPEC §5 and build the model. Reports all problems,
// each with its location; never stops at the first. `sources` (the parse's SourceSet) is kept
// in the model so that its origins stay valid.
[[nodiscard]] CheckResult check(const ucl::Value& root,
                                const CheckContext& context,
                                std::shared_ptr<const SourceSet> sources = nullptr);

// Return `diagnostics` ordered by file, line and column, each note kept right after the
// diagnostic it belongs to.
[[nodiscard]] std::vector<Diagnostic> sorted(std::vector<Diagnostic> diagnostics);

} // namespace jrun::config
