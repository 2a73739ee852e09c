// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/detail/option_value.hpp"
#include "qemu/hostfwd.hpp"
#include "qemu/launch_spec.hpp"
#include "sys/unix_stream.hpp"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <utility>

namespace jrun::qemu {

namespace {

using detail::check_id;
using detail::check_path;
using detail::escape_option;
using Argv = std::vector<std::string>;

// Return the first failure among `checks` (all pure and cheap, so evaluating each is fine).
Status first_failure(std::initializer_list<Status> checks) {
    for (const auto& check : checks) {
        if (!check) {
            return check.error();
        }
    }
    return {};
}

Error config_error(std::string what, std::string why) {
    return Error{ErrorKind::config, std::move(what), std::move(why), {}};
}

Status check_firmware(const LaunchSpec& spec) {
    const auto& code = spec.firmware.code;
    if (code.find('/') == std::string::npos && spec.firmware.vars_template.empty()) {
        return check_id("firmware name", code); // a name QEMU finds in its data directory
    }
    if (spec.firmware.vars_template.empty()) {
        return check_path("firmware", code);
    }
    return first_failure(
        {check_path("firmware", code), check_path("EFI variable store", spec.vars_file)});
}

Status check_control(const LaunchSpec& spec) {
    if (auto st = check_path("QMP socket", spec.qmp_socket); !st) {
        return st;
    }
    if (spec.qmp_socket.size() > sys::k_max_unix_socket_path) {
        return Error{ErrorKind::config,
                     "cannot pass the QMP socket path '" + spec.qmp_socket + "' to QEMU",
                     "it is longer than the " + std::to_string(sys::k_max_unix_socket_path)
                         + " bytes a Unix socket path may have",
                     "use a shorter JRUN_HOME"};
    }
    return first_failure(
        {check_path("pid file", spec.pid_file),
         check_path("console log", spec.console_log),
         spec.mode == Mode::graphic ? check_id("display", spec.display) : Status{}});
}

Status check_machine(const LaunchSpec& spec) {
    if (spec.name.empty() || std::any_of(spec.name.begin(), spec.name.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20;
        })) {
        return config_error("cannot name the VM '" + spec.name + "'",
                            "the name is empty or contains a control character");
    }
    if (spec.memory_mib == 0 || spec.cpus == 0) {
        return config_error("cannot start a VM without memory or CPUs",
                            "memory and CPU count must be at least 1");
    }
    return first_failure(
        {check_path("disk image", spec.disk),
         spec.seed_iso.empty() ? Status{} : check_path("cloud-init seed", spec.seed_iso),
         check_firmware(spec)});
}

Status check_forwards(const LaunchSpec& spec) {
    if (auto st = check_bind_address(spec.bind_host); !st) {
        return st;
    }
    std::set<std::pair<model::Proto, std::uint16_t>> used{{model::Proto::tcp, spec.ssh_port}};
    for (const auto& forward : spec.forwards) {
        if (forward.host_port == 0 || forward.guest_port == 0) {
            return config_error("cannot forward port 0", "ports range from 1 to 65535");
        }
        if (!used.emplace(forward.proto, forward.host_port).second) {
            return config_error("cannot forward host port "
                                    + std::string(model::to_string(forward.proto)) + "/"
                                    + std::to_string(forward.host_port) + " twice",
                                "it is the SSH port or appears in two forwards");
        }
    }
    return spec.ssh_port != 0 ? Status{} : config_error("cannot use SSH port 0", "no such port");
}

Status check_shares(const LaunchSpec& spec) {
    std::set<std::string> tags;
    for (const auto& share : spec.shares) {
        auto st = first_failure({check_path("shared directory", share.host),
                                 check_id("mount tag", share.tag),
                                 check_id("mount tag", "fs_" + share.tag)});
        if (!st) {
            return st;
        }
        if (!tags.insert(share.tag).second) {
            return config_error("cannot use the mount tag '" + share.tag + "' twice",
                                "each share needs its own tag");
        }
    }
    return {};
}

void add(Argv& argv, std::string flag, std::string value) {
    argv.push_back(std::move(flag));
    argv.push_back(std::move(value));
}

void add_machine(Argv& argv, const LaunchSpec& spec) {
    add(argv, "-name", "guest=" + escape_option(spec.name));
    std::string machine = std::string(machine_type(spec.arch)) + ",accel=" + to_string(spec.accel);
    if (spec.arch == HostArch::aarch64 && spec.accel == Accel::kvm) {
        // Rationale: `virt` defaults to GICv2, which many arm64 KVM hosts cannot emulate.
        machine += ",gic-version=max";
    }
    add(argv, "-machine", machine);
    add(argv, "-cpu", spec.accel == Accel::tcg ? "max" : "host");
    add(argv, "-m", std::to_string(spec.memory_mib) + "M");
    add(argv, "-smp", std::to_string(spec.cpus));
}

void add_firmware(Argv& argv, const LaunchSpec& spec) {
    if (spec.firmware.vars_template.empty()) {
        add(argv, "-bios", spec.firmware.code); // taken verbatim: no option list to escape
        return;
    }
    add(argv,
        "-drive",
        "if=pflash,format=raw,unit=0,readonly=on,file=" + escape_option(spec.firmware.code));
    add(argv, "-drive", "if=pflash,format=raw,unit=1,file=" + escape_option(spec.vars_file));
}

void add_disks(Argv& argv, const LaunchSpec& spec) {
    add(argv, "-drive", "if=virtio,file=" + escape_option(spec.disk) + ",format=qcow2");
    if (!spec.seed_iso.empty()) {
        add(argv, "-drive", "file=" + escape_option(spec.seed_iso) + ",format=raw,media=cdrom");
    }
}

void add_network(Argv& argv, const LaunchSpec& spec) {
    auto forwards = spec.forwards;
    std::sort(forwards.begin(), forwards.end());
    std::string netdev = "user,id=" + std::string(k_netdev_id);
    if (spec.restrict_network) {
        netdev += ",restrict=on";
    }
    netdev += ",hostfwd=" + hostfwd_rule(spec.bind_host, {model::Proto::tcp, spec.ssh_port, 22});
    for (const auto& forward : forwards) {
        netdev += ",hostfwd=" + hostfwd_rule(spec.bind_host, forward);
    }
    add(argv, "-netdev", netdev);
    add(argv,
        "-device",
        "virtio-net-" + std::string(virtio_suffix(spec.arch))
            + ",netdev=" + std::string(k_netdev_id));
}

void add_shares(Argv& argv, const LaunchSpec& spec) {
    const std::string device = "virtio-9p-" + std::string(virtio_suffix(spec.arch));
    for (const auto& share : spec.shares) {
        const std::string id = "fs_" + share.tag;
        add(argv,
            "-fsdev",
            "local,id=" + id + ",path=" + escape_option(share.host) + ",security_model=none");
        std::string options = device;
        options.append(",fsdev=").append(id).append(",mount_tag=").append(share.tag);
        add(argv, "-device", std::move(options));
    }
}

// Rationale: the QMP socket and the console log go through -chardev so that every path is
// escaped by one rule; `-serial file:PATH` takes PATH verbatim while `-qmp unix:PATH,...`
// parses an option list, and mixing the two invites a wrong escape.
void add_control(Argv& argv, const LaunchSpec& spec) {
    add(argv,
        "-chardev",
        "socket,id=qmp,path=" + escape_option(spec.qmp_socket) + ",server=on,wait=off");
    add(argv, "-mon", "chardev=qmp,mode=control");
    add(argv, "-pidfile", spec.pid_file); // taken verbatim
}

// Rationale (server mode): -daemonize rather than a detached spawn. QEMU forks once the VM is
// set up, so its exit status and stderr report every start-up failure synchronously (a busy
// forward port, bad firmware, ...), the pidfile is written by QEMU itself, and QEMU does the
// setsid() and the /dev/null redirections. A detached spawn would have to guess with a wait.
//
// Rationale (tty mode): the serial console and a readline monitor share the terminal through a
// mux (Ctrl-A c switches, Ctrl-A x quits), `signal=off` passes Ctrl-C to the guest instead of
// killing QEMU, and `logfile=` copies the console to the same log as in server mode, so the boot
// watchdog and readiness work unchanged. QEMU truncates the log (logappend defaults to off).
void add_mode(Argv& argv, const LaunchSpec& spec) {
    const std::string log = escape_option(spec.console_log);
    switch (spec.mode) {
    case Mode::server:
        add(argv, "-display", "none");
        add(argv, "-chardev", "file,id=console,path=" + log);
        add(argv, "-serial", "chardev:console");
        argv.emplace_back("-daemonize");
        return;
    case Mode::tty:
        add(argv, "-display", "none");
        add(argv, "-chardev", "stdio,id=console,mux=on,signal=off,logfile=" + log);
        add(argv, "-serial", "chardev:console");
        add(argv, "-mon", "chardev=console,mode=readline");
        return;
    case Mode::graphic:
        add(argv, "-display", spec.display);
        add(argv, "-chardev", "file,id=console,path=" + log);
        add(argv, "-serial", "chardev:console");
        for (const char* device : {"ramfb", "qemu-xhci", "usb-kbd", "usb-tablet"}) {
            add(argv, "-device", device);
        }
        return;
    }
}

} // namespace

Result<std::vector<std::string>> build_argv(const LaunchSpec& spec) {
    auto st = first_failure(
        {check_machine(spec), check_forwards(spec), check_shares(spec), check_control(spec)});
    if (!st) {
        return st.error();
    }
    Argv argv{spec.binary.empty() ? binary_name(spec.arch) : spec.binary};
    add_machine(argv, spec);
    add_firmware(argv, spec);
    add_disks(argv, spec);
    add_network(argv, spec);
    add_shares(argv, spec);
    add_control(argv, spec);
    add_mode(argv, spec);
    return argv;
}

} // namespace jrun::qemu
