// SPDX-License-Identifier: BSD-2-Clause
// `jrun purge [-y]`: stop the VM, then delete its disk, vars, seed, keys, known_hosts and the
// state; the downloaded image stays (SPEC §2, reference-behaviour.md §1.7).
#include "cli/cli.hpp"
#include "cli/state_io.hpp"
#include "cli/vm_runtime.hpp"

#include <ostream>

namespace jrun::cli {

int cmd_purge(Context& ctx) {
    bool yes = false;
    if (!parse_yes(ctx, "jrun purge [-y]", yes)) {
        return 2;
    }
    const auto settings = vm_settings(ctx);
    if (!settings) {
        return 2;
    }
    if (!confirm(ctx, "destroy the VM, its disk and ALL jails and state?", yes)) {
        return 1;
    }
    VmRuntime runtime(ctx, *settings);
    auto locked = lock_state(ctx, runtime.fs(), *settings);
    if (!locked) {
        return 1;
    }
    if (int code = stop_locked_vm(ctx, runtime); code != 0) {
        return code;
    }
    auto status = vm::purge_files(runtime.ports(), *settings, runtime.paths());
    for (const auto& file : {locked->store.state_file(), locked->store.backup_file()}) {
        if (status && runtime.fs().exists(file)) {
            status = runtime.fs().remove(file);
            runtime.ports().say("Removed " + file.string());
        }
    }
    if (!status) {
        print_error(ctx, status.error());
        return 1;
    }
    ctx.out << "Purge complete (the downloaded image was kept)\n";
    return 0;
}

} // namespace jrun::cli
