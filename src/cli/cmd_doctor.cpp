// SPDX-License-Identifier: BSD-2-Clause
// `jrun doctor`: check the host for what the VM needs; print the fix for each problem.
#include "cli/cli.hpp"
#include "cli/vm_runtime.hpp"
#include "vm/doctor.hpp"

#include <ostream>

namespace jrun::cli {

int cmd_doctor(Context& ctx) {
    if (!ctx.args.empty()) {
        print_error(ctx,
                    "invalid argument '" + ctx.args.front() + "'",
                    "'jrun doctor' takes none",
                    "jrun doctor");
        return 2;
    }
    const auto settings = vm_settings(ctx);
    if (!settings) {
        return 2;
    }
    VmRuntime runtime(ctx, *settings);
    bool problems = false;
    for (const auto& finding : vm::run_doctor(runtime.ports(), *settings)) {
        const char* mark = !finding.ok ? "FAIL" : finding.warning ? "warn" : "ok  ";
        ctx.out << mark << "  " << finding.name << ": " << finding.detail << '\n';
        if (!finding.fix.empty()) {
            ctx.out << "      fix: " << finding.fix << '\n';
        }
        problems = problems || !finding.ok;
    }
    return problems ? 1 : 0;
}

} // namespace jrun::cli
