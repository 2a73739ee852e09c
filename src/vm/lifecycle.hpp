// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// jrun start / stop / purge on the local VM (SPEC §7, reference-behaviour.md §1.1, §1.2, §1.7).
// The caller holds the state lock and saves `recorded` afterwards.

#include "image/blob_files.hpp"
#include "model/config.hpp"
#include "model/recorded.hpp"
#include "net/http_client.hpp"
#include "qemu/host.hpp"
#include "vm/foreground.hpp"
#include "vm/paths.hpp"
#include "vm/ports.hpp"
#include "vm/readiness.hpp"

#include <chrono>
#include <optional>

namespace jrun::vm {

// Where the base image comes from.
struct ImageAccess {
    net::HttpClient& http;
    image::BlobFiles& files;
};

struct StartOptions {
    qemu::Mode mode = qemu::Mode::server;
    // A base config given with --base: replaces the recorded one (its forwards and shares are
    // applied, live when the VM runs). nullopt: keep the recorded base.
    std::optional<model::Base> base;
    ReadinessOptions readiness; // host, port and console are filled in by start_vm
    // Shares wanted besides the base's and the recorded ones (a jail's new mount): a running VM
    // restarts to get them (announced first), see QmpVmWiring.
    std::vector<model::VmShare> extra_shares;
    // tty/graphic mode: what runs beside the foreground QEMU (guest preparation, state saving).
    ForegroundWork foreground;
};

// What start_vm() did.
struct StartOutcome {
    bool was_running = false; // the VM ran already: only its wiring was brought up to date
    bool restarted = false;   // a new 9p share forced a restart (announced before)
    std::optional<int> pid;
    Readiness readiness; // set when the VM was launched in server mode
    // Set when the VM ran in the foreground (tty/graphic mode): how QEMU and the worker ended.
    std::optional<ForegroundOutcome> foreground;
};

// Start the VM (or bring a running one's wiring up to date): image, disk overlay, keys, seed,
// firmware and vars, ports checked free, launch, readiness; `recorded` gets the wiring
// (ssh_port, forwards, shares), the host key pin and the base. In tty/graphic mode QEMU runs in
// the foreground and this returns when it exits; readiness and `options.foreground` run beside
// it (see run_in_foreground), and `recorded` belongs to that worker until this returns.
[[nodiscard]] Result<StartOutcome> start_vm(VmPorts& ports,
                                            ImageAccess image,
                                            const Settings& settings,
                                            model::Recorded& recorded,
                                            const StartOptions& options);

struct StopOptions {
    // How long the guest may take to power off after the ACPI button.
    std::chrono::milliseconds powerdown_limit{std::chrono::seconds(90)};
    // How long QEMU may take to exit after `quit`, before SIGKILL.
    std::chrono::milliseconds quit_limit{std::chrono::seconds(10)};
};

// How the VM ended.
enum class StopOutcome { not_running, powered_off, quit, killed };

// Stop the VM: ACPI power-down over QMP, wait (bounded), then `quit`, then SIGKILL to the pid
// in QEMU's pid file. The disk, vars and state stay.
[[nodiscard]] Result<StopOutcome>
stop_vm(VmPorts& ports, const VmPaths& paths, const StopOptions& options);

// Delete what belongs to this VM: disk, EFI vars, seed, keys, known_hosts, console log and the
// playbook cache; the downloaded image stays. The VM must be stopped. Each removed path goes
// to `ports.say`.
[[nodiscard]] Status purge_files(VmPorts& ports, const Settings& settings, const VmPaths& paths);

} // namespace jrun::vm
