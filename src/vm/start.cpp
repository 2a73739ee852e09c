// SPDX-License-Identifier: BSD-2-Clause
#include "image/disk.hpp"
#include "image/prepare.hpp"
#include "qemu/firmware.hpp"
#include "qemu/hostfwd.hpp"
#include "qemu/qmp_commands.hpp"
#include "vm/launch.hpp"
#include "vm/lifecycle.hpp"
#include "vm/liveness.hpp"
#include "vm/qmp_session.hpp"
#include "vm/seed.hpp"
#include "vm/wiring.hpp"

#include <algorithm>

namespace jrun::vm {

namespace {

// One start in progress.
struct Start {
    VmPorts& ports;
    ImageAccess image;
    const Settings& settings;
    model::Recorded& recorded;
    const StartOptions& options;
    VmPaths paths;
    const model::Base* base = nullptr; // the base after this start
    model::RecordedVm wanted;          // the wiring after this start
};

std::string describe(const model::VmForward& forward) {
    return std::string(model::to_string(forward.proto)) + " " + std::to_string(forward.host_port)
           + " -> " + std::to_string(forward.guest_port);
}

Result<std::string> prepare_disk(Start& start) {
    auto source = image::image_source(start.settings);
    if (!source) {
        return source.error();
    }
    image::ImageOptions options;
    options.disk_dir = start.settings.disk_dir;
    auto prepared = image::ensure_image({start.image.http, start.image.files}, *source, options);
    if (!prepared) {
        return prepared.error();
    }
    if (prepared->downloaded) {
        start.ports.say("Downloaded and verified the VM image");
    }
    std::uint64_t size = start.settings.qemu_disk_size;
    if (start.base != nullptr && start.base->vm.disk_bytes) {
        size = *start.base->vm.disk_bytes;
    }
    auto created = image::ensure_overlay(
        start.ports.runner, start.image.files, prepared->raw, start.paths.disk, size);
    if (!created) {
        return created.error();
    }
    return prepared->raw;
}

Status pin_identity(Start& start, std::uint16_t ssh_port) {
    auto identity = prepare_identity(start.ports, start.settings, start.paths, ssh_port);
    if (!identity) {
        return identity.error();
    }
    pin_host_key(start.recorded.host_keys, identity->pin);
    return write_known_hosts(start.ports.fs, start.paths.known_hosts, start.recorded.host_keys);
}

Result<qemu::LaunchSpec> prepare_launch(Start& start) {
    auto host =
        choose_host(start.ports, start.settings, start.options.mode, !start.wanted.shares.empty());
    if (!host) {
        return host.error();
    }
    if (!host->accel.warning.empty()) {
        start.ports.say("warning: " + host->accel.warning);
    }
    if (!host->firmware.vars_template.empty()) {
        auto vars = qemu::ensure_vars_file(start.ports.fs, host->firmware, start.paths.efi_vars);
        if (!vars) {
            return vars.error();
        }
    }
    auto spec = launch_spec(
        start.settings, start.paths, *host, start.wanted, start.base, start.options.mode);
    if (auto status = check_ports_free(start.ports, spec); !status) {
        return status.error();
    }
    return spec;
}

void record_wiring(Start& start, std::uint16_t ssh_port) {
    start.recorded.vm = start.wanted;
    start.recorded.vm.ssh_port = ssh_port;
    if (start.base != nullptr) {
        start.recorded.base = *start.base;
    } else {
        start.recorded.base.reset();
    }
}

Result<Readiness> await_ready(Start& start, const qemu::LaunchSpec& spec) {
    auto session =
        QmpSession::open(start.ports.connect_qmp, start.ports.clock, start.paths.qmp_socket);
    if (!session) {
        return session.error();
    }
    ReadinessOptions options = start.options.readiness;
    options.console_log = start.paths.console_log;
    options.host = spec.bind_host;
    options.ssh_port = spec.ssh_port;
    auto ready = wait_until_ready(start.ports, (*session)->qmp(), options);
    if (!ready) {
        start.ports.say("Stopping the VM that did not become ready");
        (void)qemu::quit((*session)->qmp());
    }
    return ready;
}

Result<StartOutcome> cold_start(Start& start) {
    const std::uint16_t ssh_port = start.settings.ssh_port;
    auto disk = prepare_disk(start);
    if (!disk) {
        return disk.error();
    }
    if (auto status = pin_identity(start, ssh_port); !status) {
        return status.error();
    }
    auto spec = prepare_launch(start);
    if (!spec) {
        return spec.error();
    }
    spec->ssh_port = ssh_port;
    record_wiring(start, ssh_port);
    StartOutcome outcome;
    if (start.options.mode != qemu::Mode::server) {
        start.ports.say("Running the VM in the foreground (" + std::string(to_string(spec->mode))
                        + " mode, " + std::string(qemu::to_string(spec->accel))
                        + "); it stops when you leave it");
        auto ran = run_in_foreground(
            start.ports, *spec, start.options.readiness, start.options.foreground);
        if (!ran) {
            return ran.error();
        }
        outcome.foreground = std::move(*ran);
        return outcome;
    }
    start.ports.say("Booting the VM (" + std::string(qemu::to_string(spec->accel)) + ")");
    if (auto status = launch_daemon(start.ports, *spec); !status) {
        return status.error();
    }
    auto ready = await_ready(start, *spec);
    if (!ready) {
        return ready.error();
    }
    outcome.readiness = *ready;
    outcome.pid = read_pid_file(start.ports.fs, start.paths.pid_file);
    return outcome;
}

Status rewire_live(Start& start, const WiringChange& change) {
    auto session =
        QmpSession::open(start.ports.connect_qmp, start.ports.clock, start.paths.qmp_socket);
    if (!session) {
        return session.error();
    }
    auto& qmp = (*session)->qmp();
    for (const auto& forward : change.remove_forwards) {
        if (auto removed =
                qemu::hostfwd_remove(qmp, qemu::k_netdev_id, start.settings.vm_host, forward);
            !removed) {
            return removed.error();
        }
        start.ports.say("Removed forward " + describe(forward));
    }
    for (const auto& forward : change.add_forwards) {
        auto why = start.ports.port_in_use(forward.proto, forward.host_port);
        auto status =
            why.empty() ? qemu::hostfwd_add(qmp, qemu::k_netdev_id, start.settings.vm_host, forward)
                        : Status{Error{ErrorKind::config,
                                       "cannot forward " + describe(forward),
                                       why,
                                       "stop what uses the port, or change the forward"}};
        if (!status) {
            return status;
        }
        start.ports.say("Added forward " + describe(forward) + " (live)");
    }
    return {};
}

Result<StartOutcome> update_running(Start& start, const VmLiveness& live) {
    const auto change = diff_wiring(start.recorded.vm, start.wanted);
    if (!change.add_shares.empty()) {
        start.ports.say("QEMU cannot add a 9p share to a running VM: restarting the VM to share "
                        + change.add_shares.front().host);
        auto stopped = stop_vm(start.ports, start.paths, {});
        if (!stopped) {
            return stopped.error();
        }
        auto outcome = cold_start(start);
        if (outcome) {
            outcome->restarted = true;
        }
        return outcome;
    }
    if (auto status = rewire_live(start, change); !status) {
        return status.error();
    }
    record_wiring(start, start.recorded.vm.ssh_port.value_or(start.settings.ssh_port));
    StartOutcome outcome;
    outcome.was_running = true;
    outcome.pid = live.pid;
    return outcome;
}

} // namespace

Result<StartOutcome> start_vm(VmPorts& ports,
                              ImageAccess image,
                              const Settings& settings,
                              model::Recorded& recorded,
                              const StartOptions& options) {
    Start start{ports, image, settings, recorded, options, vm_paths(settings), nullptr, {}};
    const model::Base* old_base = recorded.base ? &*recorded.base : nullptr;
    start.base = options.base ? &*options.base : old_base;
    start.wanted = rewire_base(recorded.vm, old_base, start.base);
    for (const auto& share : options.extra_shares) {
        start.wanted.shares.push_back(share);
    }
    std::sort(start.wanted.shares.begin(), start.wanted.shares.end());
    start.wanted.shares.erase(std::unique(start.wanted.shares.begin(), start.wanted.shares.end()),
                              start.wanted.shares.end());
    for (const auto& dir :
         {settings.home, settings.disk_dir, settings.log_dir, settings.home + "/cm"}) {
        if (auto status = ports.fs.create_directories(dir); !status) {
            return status.error();
        }
    }
    auto live = probe_vm(ports, start.paths);
    if (!live) {
        return live.error();
    }
    if (live->running) {
        return update_running(start, *live);
    }
    return cold_start(start);
}

} // namespace jrun::vm
