// SPDX-License-Identifier: BSD-2-Clause
#include "cli/executor_ports.hpp"

namespace jrun::cli {

std::unique_ptr<apply::VmWiring> make_vm_wiring(GuestSession& /*session*/) {
    return std::make_unique<apply::NoVmWiring>();
}

namespace {

class PendingSetupRunner final : public apply::SetupRunner {
public:
    [[nodiscard]] Status run(const render::JailWork& work,
                             const model::SetupStep& step,
                             const std::function<void(std::string_view)>& /*progress*/) override {
        return Error{ErrorKind::internal,
                     "setup '" + step.label + "' of jail '" + work.name + "'",
                     "not wired yet",
                     ""};
    }
};

} // namespace

std::unique_ptr<apply::SetupRunner> make_setup_runner(Context& /*ctx*/, GuestSession& /*session*/) {
    return std::make_unique<PendingSetupRunner>();
}

} // namespace jrun::cli
