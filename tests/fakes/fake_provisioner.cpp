// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_provisioner.hpp"

namespace jrun::test {

Status FakeProvisioner::run_setup(const provision::SetupTarget& target,
                                  const model::SetupStep& step,
                                  const provision::ProgressSink& progress) {
    ran.push_back(target.describe() + ": " + step.label);
    steps.push_back(step);
    if (progress) {
        progress(provision::Progress{provision::Progress::Kind::task, "fake " + step.label});
    }
    const auto it = failures.find(step.label);
    if (it != failures.end()) {
        return it->second;
    }
    return {};
}

} // namespace jrun::test
