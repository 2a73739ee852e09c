// SPDX-License-Identifier: BSD-2-Clause
#include "vm/launch.hpp"

#include "qemu/probe_host.hpp"
#include "sys/device.hpp"

namespace jrun::vm {

namespace {

// Rationale: QEMU daemonizes once its devices are set up, in well under a second; a minute
// covers a loaded host without letting a wedged QEMU hang `jrun start`.
constexpr std::chrono::seconds k_daemonize_timeout{60};
constexpr std::uint64_t k_mib = 1ULL << 20;

Result<qemu::HostFacts> probe(VmPorts& ports, const Settings& settings) {
    const auto arch = qemu::build_arch();
    qemu::HostProbePorts probe_ports{ports.runner, ports.fs, [](const std::string& path) {
                                         return sys::can_open_read_write(path);
                                     }};
    return qemu::probe_host(
        probe_ports, qemu::build_os(), arch, qemu::binary_name(arch), settings.qemu_bios);
}

Status choose_extras(HostChoice& choice, qemu::Mode mode, bool shares) {
    if (shares) {
        if (auto status = qemu::check_9p(choice.facts); !status) {
            return status;
        }
    }
    if (mode != qemu::Mode::graphic) {
        return {};
    }
    auto display = qemu::choose_display(choice.facts);
    if (!display) {
        return display.error();
    }
    choice.display = std::move(*display);
    return {};
}

std::string busy(model::Proto proto, std::uint16_t port, const std::string& why) {
    return std::string(model::to_string(proto)) + " port " + std::to_string(port) + " " + why;
}

} // namespace

Result<HostChoice>
choose_host(VmPorts& ports, const Settings& settings, qemu::Mode mode, bool shares) {
    HostChoice choice;
    auto facts = probe(ports, settings);
    if (!facts) {
        return facts.error();
    }
    choice.facts = std::move(*facts);
    if (auto status = qemu::check_host(choice.facts); !status) {
        return status.error();
    }
    auto accel = qemu::choose_accel(choice.facts, settings.qemu_accel);
    if (!accel) {
        return accel.error();
    }
    choice.accel = std::move(*accel);
    auto firmware = qemu::find_firmware(choice.facts, settings.qemu_bios);
    if (!firmware) {
        return firmware.error();
    }
    choice.firmware = std::move(*firmware);
    if (auto status = choose_extras(choice, mode, shares); !status) {
        return status.error();
    }
    return choice;
}

qemu::LaunchSpec launch_spec(const Settings& settings,
                             const VmPaths& paths,
                             const HostChoice& host,
                             const model::RecordedVm& wiring,
                             const model::Base* base,
                             qemu::Mode mode) {
    qemu::LaunchSpec spec;
    spec.arch = host.facts.arch;
    spec.accel = host.accel.accel;
    spec.firmware = host.firmware;
    spec.vars_file = paths.efi_vars;
    spec.display = host.display;
    spec.memory_mib = settings.qemu_memory / k_mib;
    spec.cpus = settings.qemu_cpus;
    if (base != nullptr && base->vm.memory_bytes) {
        spec.memory_mib = *base->vm.memory_bytes / k_mib;
    }
    if (base != nullptr && base->vm.cpus) {
        spec.cpus = static_cast<std::uint32_t>(*base->vm.cpus);
    }
    spec.disk = paths.disk;
    spec.seed_iso = paths.seed_iso;
    spec.bind_host = settings.vm_host;
    spec.ssh_port = wiring.ssh_port.value_or(settings.ssh_port);
    spec.forwards = wiring.forwards;
    spec.shares = wiring.shares;
    spec.mode = mode;
    spec.qmp_socket = paths.qmp_socket;
    spec.pid_file = paths.pid_file;
    spec.console_log = paths.console_log;
    return spec;
}

Status check_ports_free(VmPorts& ports, const qemu::LaunchSpec& spec) {
    std::vector<model::VmForward> wanted{{model::Proto::tcp, spec.ssh_port, 22}};
    wanted.insert(wanted.end(), spec.forwards.begin(), spec.forwards.end());
    for (const auto& forward : wanted) {
        auto why = ports.port_in_use(forward.proto, forward.host_port);
        if (why.empty()) {
            continue;
        }
        const bool ssh = forward.guest_port == 22 && forward.host_port == spec.ssh_port;
        return Error{ErrorKind::config,
                     "cannot forward "
                         + busy(forward.proto, forward.host_port, "on " + spec.bind_host),
                     why,
                     ssh ? "stop what uses it, or set JRUN_SSH_PORT to a free port"
                         : "stop what uses it, or change that forward in the config"};
    }
    return {};
}

Status launch_daemon(VmPorts& ports, const qemu::LaunchSpec& spec) {
    auto argv = qemu::build_argv(spec);
    if (!argv) {
        return argv.error();
    }
    if (auto status = ports.fs.remove(spec.console_log); !status) {
        return status;
    }
    const auto command = sys::Command(*argv).set_timeout(k_daemonize_timeout);
    auto done = sys::require_success(command, ports.runner.run(command));
    if (!done) {
        Error error = done.error();
        error.what = "QEMU did not start";
        error.hint = "run 'jrun doctor' to check the host";
        return error;
    }
    return {};
}

Result<sys::Command> foreground_command(const qemu::LaunchSpec& spec) {
    auto argv = qemu::build_argv(spec);
    if (!argv) {
        return argv.error();
    }
    return sys::Command(*argv)
        .set_foreground()
        .set_stdin_mode(sys::Input::inherit)
        .set_stdout(sys::Output::inherit())
        .set_stderr(sys::Output::inherit());
}

} // namespace jrun::vm
