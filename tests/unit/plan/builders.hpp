// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Small builders for planner tests: configs written in a few lines.

#include "model/config.hpp"
#include "plan/plan.hpp"

#include <string>
#include <vector>

namespace jrun::plan::test {

inline model::Jail jail(std::string name) {
    model::Jail j;
    j.name = std::move(name);
    j.release = "15.0-RELEASE";
    return j;
}

inline model::Forward forward(std::string label, std::uint16_t host, std::uint16_t port) {
    return {std::move(label), model::Proto::tcp, host, port, {}};
}

inline model::Mount mount(std::string label, std::string host, std::string path) {
    return {std::move(label), std::move(host), std::move(path), false, {}};
}

inline model::Exec exec(std::string label, std::string cmd) {
    model::Exec e;
    e.label = std::move(label);
    e.cmd = std::move(cmd);
    return e;
}

inline model::SetupStep setup_file(std::string label, std::string file) {
    model::SetupStep s;
    s.label = std::move(label);
    s.file = std::move(file);
    return s;
}

inline model::Config config(std::vector<model::Jail> jails) {
    model::Config c;
    c.jails = std::move(jails);
    c.path = "/srv/stack.ucl";
    return c;
}

// Return every step of `plan` as "kind subject" lines, VM steps included, in plan order
// (jail steps prefixed with the jail name).
inline std::vector<std::string> step_lines(const Plan& plan) {
    std::vector<std::string> out;
    for (const auto& step : plan.vm_steps_before) {
        out.push_back(std::string(to_string(step.kind)) + " " + step.subject);
    }
    for (const auto& wave : plan.waves) {
        for (const auto& j : wave) {
            for (const auto& step : j.steps) {
                out.push_back(j.name + ": " + to_string(step.kind) + " " + step.subject);
            }
        }
    }
    for (const auto& step : plan.vm_steps_after) {
        out.push_back(std::string(to_string(step.kind)) + " " + step.subject);
    }
    return out;
}

} // namespace jrun::plan::test
