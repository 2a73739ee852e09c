// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// What the executor acts through, besides the remote host (ssh::Remote): the VM's wiring (QEMU
// forwards and 9p shares), the setup runner (Ansible), progress output and the state file.
// Each has a real implementation in cli/ and a fake in tests/fakes/.

#include "model/config.hpp"
#include "model/recorded.hpp"
#include "render/guest.hpp"
#include "util/result.hpp"

#include <functional>
#include <string_view>

namespace jrun::apply {

// QEMU's side of the wiring. For an `ssh://` target there is no QEMU: see NoVmWiring.
class VmWiring {
public:
    VmWiring() = default;
    virtual ~VmWiring() = default;
    VmWiring(const VmWiring&) = delete;
    VmWiring& operator=(const VmWiring&) = delete;
    VmWiring(VmWiring&&) = delete;
    VmWiring& operator=(VmWiring&&) = delete;

    [[nodiscard]] virtual Status add_forward(const model::VmForward& forward) = 0;
    [[nodiscard]] virtual Status remove_forward(const model::VmForward& forward) = 0;
    // Offer host directory `share.host` to the VM under `share.tag`.
    [[nodiscard]] virtual Status add_share(const model::VmShare& share) = 0;
    [[nodiscard]] virtual Status remove_share(const model::VmShare& share) = 0;
};

// The wiring of a host that is not our VM (`JRUN_TARGET=ssh://...`): host ports are the target's
// own (pf's rdr anchor does the forwarding), and 9p shares must be offered by the target.
class NoVmWiring final : public VmWiring {
public:
    [[nodiscard]] Status add_forward(const model::VmForward& /*forward*/) override { return {}; }
    [[nodiscard]] Status remove_forward(const model::VmForward& /*forward*/) override { return {}; }
    [[nodiscard]] Status add_share(const model::VmShare& /*share*/) override { return {}; }
    [[nodiscard]] Status remove_share(const model::VmShare& /*share*/) override { return {}; }
};

// Runs one setup step (an Ansible playbook) against a jail.
class SetupRunner {
public:
    SetupRunner() = default;
    virtual ~SetupRunner() = default;
    SetupRunner(const SetupRunner&) = delete;
    SetupRunner& operator=(const SetupRunner&) = delete;
    SetupRunner(SetupRunner&&) = delete;
    SetupRunner& operator=(SetupRunner&&) = delete;

    // Run `step` in jail `work`; progress lines (one per task) go to `progress`.
    [[nodiscard]] virtual Status run(const render::JailWork& work,
                                     const model::SetupStep& step,
                                     const std::function<void(std::string_view)>& progress) = 0;
};

// Live progress. Called from worker threads: implementations serialise their output.
class Reporter {
public:
    Reporter() = default;
    virtual ~Reporter() = default;
    Reporter(const Reporter&) = delete;
    Reporter& operator=(const Reporter&) = delete;
    Reporter(Reporter&&) = delete;
    Reporter& operator=(Reporter&&) = delete;

    // Something happens to jail `jail` ("" for the host as a whole).
    virtual void progress(std::string_view jail, std::string_view text) = 0;
    // Jail `jail` is done: `error` is null on success.
    virtual void finished(std::string_view jail, const Error* error) = 0;
};

// Persists the recorded state; called after every jail (and VM change) so that an interrupted
// `up` resumes from what really happened.
class StateSink {
public:
    StateSink() = default;
    virtual ~StateSink() = default;
    StateSink(const StateSink&) = delete;
    StateSink& operator=(const StateSink&) = delete;
    StateSink(StateSink&&) = delete;
    StateSink& operator=(StateSink&&) = delete;

    [[nodiscard]] virtual Status save(const model::Recorded& recorded) = 0;
};

} // namespace jrun::apply
