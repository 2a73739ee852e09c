// SPDX-License-Identifier: BSD-2-Clause
// `jrun stop [-y]`: ACPI power-down through QMP, then quit, then kill; disk and state stay.
#include "cli/cli.hpp"
#include "cli/state_io.hpp"
#include "cli/vm_runtime.hpp"

#include <ostream>

namespace jrun::cli {

bool parse_yes(Context& ctx, std::string_view usage, bool& yes) {
    for (const auto& arg : ctx.args) {
        if (arg != "-y" && arg != "--yes") {
            print_error(ctx, "invalid argument '" + arg + "'", "expected only -y", usage);
            return false;
        }
        yes = true;
    }
    return true;
}

namespace {

const char* describe(vm::StopOutcome outcome) {
    switch (outcome) {
    case vm::StopOutcome::not_running:
        return "VM is not running";
    case vm::StopOutcome::powered_off:
        return "VM stopped (the guest powered off)";
    case vm::StopOutcome::quit:
        return "VM stopped (QEMU quit after the guest ignored the power button)";
    case vm::StopOutcome::killed:
        break;
    }
    return "VM stopped (QEMU killed)";
}

} // namespace

int stop_locked_vm(Context& ctx, VmRuntime& runtime) {
    auto stopped = vm::stop_vm(runtime.ports(), runtime.paths(), {});
    if (!stopped) {
        print_error(ctx, stopped.error());
        return stopped.error().kind == ErrorKind::interrupted ? 130 : 1;
    }
    ctx.out << describe(*stopped) << '\n';
    return 0;
}

int cmd_stop(Context& ctx) {
    bool yes = false;
    if (!parse_yes(ctx, "jrun stop [-y]", yes)) {
        return 2;
    }
    const auto settings = vm_settings(ctx);
    if (!settings) {
        return 2;
    }
    if (!confirm(ctx, "stop the VM?", yes)) {
        return 1;
    }
    VmRuntime runtime(ctx, *settings);
    auto locked = lock_state(ctx, runtime.fs(), *settings);
    if (!locked) {
        return 1;
    }
    return stop_locked_vm(ctx, runtime);
}

} // namespace jrun::cli
