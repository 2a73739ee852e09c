// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "provision/provisioner.hpp"

#include <map>
#include <string>
#include <vector>

namespace jrun::test {

// A Provisioner that runs nothing: it records every step run (target description and label,
// e.g. "jail 'web': db") and fails the labels listed in `failures` with their Error.
class FakeProvisioner final : public provision::Provisioner {
public:
    [[nodiscard]] Status run_setup(const provision::SetupTarget& target,
                                   const model::SetupStep& step,
                                   const provision::ProgressSink& progress) override;

    std::vector<std::string> ran;
    std::vector<model::SetupStep> steps;
    std::map<std::string, Error> failures; // by step label
};

} // namespace jrun::test
