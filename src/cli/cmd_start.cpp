// SPDX-License-Identifier: BSD-2-Clause
// `jrun start [--base FILE] [--provision] [--mode server|tty|graphic]`: boot the VM (download
// the image on first use), wait until SSH logins work, bootstrap the guest, apply the base.
#include "cli/cli.hpp"
#include "cli/config_loader.hpp"
#include "cli/start_foreground.hpp"
#include "cli/start_guest.hpp"
#include "cli/state_io.hpp"
#include "cli/vm_runtime.hpp"
#include "state/recorded_json.hpp"
#include "util/strings.hpp"

#include <ostream>

namespace jrun::cli {

namespace {

constexpr std::string_view k_usage = "jrun start [--base FILE] [--provision] "
                                     "[--mode server|tty|graphic]";

struct StartArgs {
    std::string base_file;
    bool provision = false;
    qemu::Mode mode = qemu::Mode::server;
};

std::optional<qemu::Mode> parse_mode(std::string_view text) {
    for (auto mode : {qemu::Mode::server, qemu::Mode::tty, qemu::Mode::graphic}) {
        if (text == qemu::to_string(mode)) {
            return mode;
        }
    }
    return std::nullopt;
}

std::optional<StartArgs> parse_args(Context& ctx) {
    StartArgs args;
    for (std::size_t i = 0; i < ctx.args.size(); ++i) {
        const std::string& arg = ctx.args[i];
        const bool has_value = i + 1 < ctx.args.size();
        if (arg == "--provision") {
            args.provision = true;
        } else if ((arg == "--base" || arg == "-b") && has_value) {
            args.base_file = ctx.args[++i];
        } else if ((arg == "--mode" || arg == "-m") && has_value) {
            auto mode = parse_mode(ctx.args[++i]);
            if (!mode) {
                print_error(ctx,
                            "invalid mode '" + ctx.args[i] + "'",
                            "expected server, tty or graphic",
                            k_usage);
                return std::nullopt;
            }
            args.mode = *mode;
        } else {
            print_error(
                ctx, "invalid argument '" + arg + "'", "not an option of 'jrun start'", k_usage);
            return std::nullopt;
        }
    }
    return args;
}

// Read the base config of `file`; a file without a `base` block gives an empty base.
std::optional<model::Base>
read_base(Context& ctx, const std::string& file, const Settings& settings) {
    const ConfigEnvironment environment{
        read_host_facts(ctx.env), settings, {}, Severity::warning, {}};
    auto config = load_config(ctx, file, environment);
    if (!config) {
        return std::nullopt;
    }
    if (!config->jails.empty()) {
        print_warning(ctx,
                      "'" + file
                          + "' defines jails: 'jrun start' applies only its base; "
                            "use 'jrun up' for the jails");
    }
    return config->base.value_or(model::Base{});
}

void report(Context& ctx, const Settings& settings, const vm::StartOutcome& outcome) {
    const std::string pid = outcome.pid ? " (pid " + std::to_string(*outcome.pid) + ")" : "";
    if (outcome.was_running) {
        ctx.out << "VM is already running" << pid << "; its wiring is up to date\n" << std::flush;
        return;
    }
    ctx.out << describe_ready(settings, outcome.readiness, outcome.pid) << '\n'
            << std::flush; // shown as it happens when piped (CI logs, bench/vm_boot.sh)
}

// Prepare the guest of a VM that runs detached (server mode, or one that already ran).
int prepare_detached(Context& ctx,
                     const Settings& settings,
                     VmRuntime& runtime,
                     LockedState& locked,
                     bool provision) {
    auto& ports = runtime.ports();
    StartGuestPorts guest{
        ports.runner, ports.fs, ports.clock, ports.signals, [&](const model::Recorded& recorded) {
            return locked.store.save(state::to_json(recorded));
        }};
    if (auto ready = prepare_vm_guest(ctx, settings, guest, locked.recorded, provision);
        !ready.ok()) {
        print_error(ctx, ready.error());
        return exit_code_for(ready.error().kind);
    }
    return 0;
}

int run_start(Context& ctx, const StartArgs& args) {
    const auto settings = vm_settings(ctx);
    if (!settings) {
        return 2;
    }
    vm::StartOptions options;
    options.mode = args.mode;
    if (!args.base_file.empty()) {
        options.base = read_base(ctx, args.base_file, *settings);
        if (!options.base) {
            return 2;
        }
    }
    VmRuntime runtime(ctx, *settings);
    auto locked = lock_state(ctx, runtime.fs(), *settings);
    if (!locked) {
        return 1;
    }
    ForegroundStart foreground(ctx, *settings, args.mode, *locked);
    if (args.mode != qemu::Mode::server) {
        options.foreground =
            foreground.work(runtime.ports().fs, runtime.ports().clock, args.provision);
    }
    auto outcome =
        vm::start_vm(runtime.ports(), runtime.image(), *settings, locked->recorded, options);
    if (!outcome) {
        print_error(ctx, outcome.error());
        return outcome.error().kind == ErrorKind::interrupted ? 130 : 1;
    }
    if (outcome->foreground) { // the worker saved the state and released the lock
        return foreground.summarise(*outcome->foreground, runtime.ports().signals);
    }
    if (!save_state(ctx, *locked)) {
        return 1;
    }
    if (args.mode != qemu::Mode::server) {
        print_warning(ctx,
                      "the VM already runs detached: '--mode " + std::string(to_string(args.mode))
                          + "' applies when it starts again");
    }
    report(ctx, *settings, *outcome);
    return prepare_detached(ctx, *settings, runtime, *locked, args.provision);
}

} // namespace

int cmd_start(Context& ctx) {
    const auto args = parse_args(ctx);
    return args ? run_start(ctx, *args) : 2;
}

} // namespace jrun::cli
