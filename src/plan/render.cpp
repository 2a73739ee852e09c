// SPDX-License-Identifier: BSD-2-Clause
#include "plan/render.hpp"

#include <array>
#include <map>

namespace jrun::plan {

namespace {

struct Style {
    bool color;
    [[nodiscard]] std::string paint(std::string_view text, std::string_view code) const {
        if (!color) {
            return std::string(text);
        }
        return "\033[" + std::string(code) + "m" + std::string(text) + "\033[0m";
    }
};

// The sign in front of a step: + adds, - removes, ~ changes or re-runs.
char sign_of(StepKind kind) {
    switch (kind) {
    case StepKind::vm_add_forward:
    case StepKind::vm_add_share:
    case StepKind::create_jail:
    case StepKind::add_mount:
    case StepKind::add_forward:
    case StepKind::add_exec:
        return '+';
    case StepKind::vm_remove_forward:
    case StepKind::vm_remove_share:
    case StepKind::destroy_jail:
    case StepKind::remove_mount:
    case StepKind::remove_forward:
    case StepKind::remove_exec:
        return '-';
    case StepKind::run_setup:
        return '>';
    default:
        return '~';
    }
}

// A short verb phrase for people ("add forward", "run setup").
const char* verb_of(StepKind kind) {
    switch (kind) {
    case StepKind::vm_add_forward:
    case StepKind::vm_remove_forward:
        return "forward";
    case StepKind::vm_add_share:
    case StepKind::vm_remove_share:
        return "share";
    case StepKind::update_pf_anchor:
        return "rewrite pf anchor:";
    case StepKind::update_dns:
        return "rewrite dns:";
    case StepKind::create_jail:
        return "create";
    case StepKind::destroy_jail:
        return "destroy";
    case StepKind::recreate_jail:
        return "recreate";
    case StepKind::promote_clone:
        return "promote clone";
    case StepKind::start_jail:
        return "start";
    case StepKind::restart_jail:
        return "restart";
    case StepKind::add_mount:
    case StepKind::remove_mount:
        return "mount";
    case StepKind::add_forward:
    case StepKind::remove_forward:
        return "forward";
    case StepKind::add_exec:
    case StepKind::write_exec:
    case StepKind::remove_exec:
        return "exec";
    case StepKind::run_setup:
        return "run setup";
    }
    return "step";
}

std::string step_line(const Step& step, const RenderOptions& options, std::string_view indent) {
    const Style style{options.color};
    const char sign = sign_of(step.kind);
    const std::string_view code =
        sign == '+' ? "32" : (sign == '-' ? "31" : (sign == '>' ? "36" : "33"));
    std::string line = std::string(indent) + style.paint(std::string(1, sign), code) + " "
                       + verb_of(step.kind) + " " + step.subject;
    if (options.explain) {
        line += style.paint("  (" + step.reason + ")", "2");
    }
    return line + "\n";
}

std::string jail_line(const JailPlan& jail, const RenderOptions& options) {
    const Style style{options.color};
    std::string line = "  " + style.paint(jail.name, "1") + "  " + to_string(jail.action);
    if (!jail.ip.empty()) {
        line += "  " + jail.ip;
    }
    if (!jail.waits_for.empty()) {
        std::string deps;
        for (const auto& dep : jail.waits_for) {
            deps += (deps.empty() ? "" : ", ") + dep;
        }
        line += "  (after " + deps + ")";
    }
    if (options.explain || jail.action == JailAction::blocked) {
        line += style.paint("  (" + jail.reason + ")", "2");
    }
    return line + "\n";
}

std::string section(const char* title, const std::vector<Step>& steps, const RenderOptions& o) {
    if (steps.empty()) {
        return {};
    }
    std::string out = std::string(title) + "\n";
    for (const auto& step : steps) {
        out += step_line(step, o, "  ");
    }
    return out + "\n";
}

std::string waves_text(const Plan& plan, const RenderOptions& options) {
    std::string out;
    for (std::size_t w = 0; w < plan.waves.size(); ++w) {
        std::string body;
        for (const auto& jail : plan.waves[w]) {
            if (jail.action == JailAction::unchanged && !options.explain) {
                continue;
            }
            body += jail_line(jail, options);
            for (const auto& step : jail.steps) {
                body += step_line(step, options, "      ");
            }
        }
        if (!body.empty()) {
            out += "wave " + std::to_string(w + 1) + "\n" + body + "\n";
        }
    }
    return out;
}

} // namespace

std::string summary_line(const Plan& plan) {
    std::map<JailAction, std::size_t> counts;
    for (const auto& wave : plan.waves) {
        for (const auto& jail : wave) {
            ++counts[jail.action];
        }
    }
    const std::array<std::pair<JailAction, const char*>, 6> order{{
        {JailAction::create, "to create"},
        {JailAction::update, "to update"},
        {JailAction::recreate, "to recreate"},
        {JailAction::destroy, "to destroy"},
        {JailAction::blocked, "blocked"},
        {JailAction::unchanged, "unchanged"},
    }};
    std::string out;
    for (const auto& [action, label] : order) {
        out += (out.empty() ? "" : ", ") + std::to_string(counts[action]) + " " + label;
    }
    return out;
}

std::string render_text(const Plan& plan, const RenderOptions& options) {
    std::string out = options.header.empty() ? "" : options.header + "\n\n";
    if (plan.empty()) {
        out += "nothing to do: every jail is up to date\n";
    } else {
        out += section("vm, before the jails", plan.vm_steps_before, options);
        out += waves_text(plan, options);
        out += section("vm, after the jails", plan.vm_steps_after, options);
    }
    for (const auto& warning : plan.warnings) {
        out += "warning: " + warning + "\n";
    }
    for (const auto& error : plan.errors) {
        out += "error: " + error + "\n";
    }
    if (!plan.warnings.empty() || !plan.errors.empty()) {
        out += "\n";
    }
    return out + summary_line(plan) + "\n";
}

namespace {

nlohmann::ordered_json steps_json(const std::vector<Step>& steps) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& step : steps) {
        out.push_back(
            {{"kind", to_string(step.kind)}, {"subject", step.subject}, {"reason", step.reason}});
    }
    return out;
}

nlohmann::ordered_json jail_json(const JailPlan& jail) {
    return {{"name", jail.name},
            {"private_name", jail.private_name},
            {"ip", jail.ip},
            {"action", to_string(jail.action)},
            {"reason", jail.reason},
            {"waits_for", jail.waits_for},
            {"steps", steps_json(jail.steps)}};
}

} // namespace

nlohmann::ordered_json to_json(const Plan& plan) {
    auto waves = nlohmann::ordered_json::array();
    for (const auto& wave : plan.waves) {
        auto jails = nlohmann::ordered_json::array();
        for (const auto& jail : wave) {
            jails.push_back(jail_json(jail));
        }
        waves.push_back(std::move(jails));
    }
    auto ips = nlohmann::ordered_json::array();
    for (const auto& ip : plan.ips) {
        ips.push_back({{"jail", ip.jail}, {"ip", ip.ip}, {"how", ip.how}});
    }
    return {{"format_version", 1},
            {"empty", plan.empty()},
            {"vm_before", steps_json(plan.vm_steps_before)},
            {"waves", waves},
            {"vm_after", steps_json(plan.vm_steps_after)},
            {"ips", ips},
            {"orphans", plan.orphans},
            {"warnings", plan.warnings},
            {"errors", plan.errors}};
}

} // namespace jrun::plan
