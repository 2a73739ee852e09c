// SPDX-License-Identifier: BSD-2-Clause
#include "plan/plan.hpp"

namespace jrun::plan {

const char* to_string(StepKind kind) {
    switch (kind) {
    case StepKind::vm_add_forward:
        return "vm_add_forward";
    case StepKind::vm_remove_forward:
        return "vm_remove_forward";
    case StepKind::vm_add_share:
        return "vm_add_share";
    case StepKind::vm_remove_share:
        return "vm_remove_share";
    case StepKind::update_pf_anchor:
        return "update_pf_anchor";
    case StepKind::update_dns:
        return "update_dns";
    case StepKind::create_jail:
        return "create_jail";
    case StepKind::destroy_jail:
        return "destroy_jail";
    case StepKind::recreate_jail:
        return "recreate_jail";
    case StepKind::promote_clone:
        return "promote_clone";
    case StepKind::start_jail:
        return "start_jail";
    case StepKind::restart_jail:
        return "restart_jail";
    case StepKind::add_mount:
        return "add_mount";
    case StepKind::remove_mount:
        return "remove_mount";
    case StepKind::add_forward:
        return "add_forward";
    case StepKind::remove_forward:
        return "remove_forward";
    case StepKind::add_exec:
        return "add_exec";
    case StepKind::write_exec:
        return "write_exec";
    case StepKind::remove_exec:
        return "remove_exec";
    case StepKind::run_setup:
        return "run_setup";
    }
    return "unknown";
}

const char* to_string(JailAction action) {
    switch (action) {
    case JailAction::create:
        return "create";
    case JailAction::update:
        return "update";
    case JailAction::recreate:
        return "recreate";
    case JailAction::unchanged:
        return "unchanged";
    case JailAction::destroy:
        return "destroy";
    case JailAction::blocked:
        return "blocked";
    }
    return "unknown";
}

bool Plan::empty() const {
    if (!vm_steps_before.empty() || !vm_steps_after.empty() || !errors.empty()) {
        return false;
    }
    for (const auto& wave : waves) {
        for (const auto& jail : wave) {
            if (jail.action != JailAction::unchanged) {
                return false;
            }
        }
    }
    return true;
}

} // namespace jrun::plan
