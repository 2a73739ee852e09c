// SPDX-License-Identifier: BSD-2-Clause
#include "vm/doctor.hpp"

#include "cloudinit/iso.hpp"
#include "qemu/firmware.hpp"
#include "qemu/probe_host.hpp"
#include "sys/device.hpp"
#include "util/strings.hpp"
#include "vm/liveness.hpp"
#include "vm/paths.hpp"

namespace jrun::vm {

namespace {

constexpr std::chrono::seconds k_tool_timeout{20};

Finding ok(std::string name, std::string detail) {
    return {std::move(name), true, false, std::move(detail), {}};
}

Finding problem(std::string name, std::string detail, std::string fix) {
    return {std::move(name), false, false, std::move(detail), std::move(fix)};
}

// Run `argv` and return its first output line, or the problem.
Finding tool(VmPorts& ports, std::string name, std::vector<std::string> argv, std::string fix) {
    const auto command = sys::Command(std::move(argv)).set_timeout(k_tool_timeout);
    auto done = ports.runner.run(command);
    if (!done) {
        return problem(
            std::move(name), done.error().what + ": " + done.error().why, std::move(fix));
    }
    const auto& text = done->out.empty() ? done->err : done->out;
    return ok(std::move(name), first_line(text));
}

void check_qemu(VmPorts& ports, const Settings& settings, std::vector<Finding>& out) {
    const auto arch = qemu::build_arch();
    const auto binary = qemu::binary_name(arch);
    out.push_back(tool(ports,
                       "QEMU",
                       {binary, "--version"},
                       "install QEMU (Debian: apt-get install qemu-system-x86; macOS: brew "
                       "install qemu)"));
    if (!out.back().ok) {
        return;
    }
    qemu::HostProbePorts probe_ports{ports.runner, ports.fs, [](const std::string& path) {
                                         return sys::can_open_read_write(path);
                                     }};
    auto facts = qemu::probe_host(probe_ports, qemu::build_os(), arch, binary, settings.qemu_bios);
    if (!facts) {
        out.push_back(problem("QEMU features", facts.error().why, facts.error().hint));
        return;
    }
    auto accel = qemu::choose_accel(*facts, settings.qemu_accel);
    if (!accel) {
        out.push_back(problem("accelerator", accel.error().why, accel.error().hint));
    } else if (!accel->warning.empty()) {
        Finding finding = ok("accelerator", accel->warning);
        finding.warning = true;
        finding.fix = "on Linux: load kvm_intel or kvm_amd and add yourself to group kvm; "
                      "JRUN_QEMU_ACCEL=tcg silences this";
        out.push_back(std::move(finding));
    } else {
        out.push_back(ok("accelerator", qemu::to_string(accel->accel)));
    }
    auto firmware = qemu::find_firmware(*facts, settings.qemu_bios);
    out.push_back(firmware ? ok("firmware", firmware->code)
                           : problem("firmware", firmware.error().why, firmware.error().hint));
    out.push_back(qemu::supports_9p(*facts)
                      ? ok("9p shares", "supported")
                      : problem("9p shares",
                                "this QEMU has no virtio-9p",
                                "install a QEMU built with virtfs (needed for 'mount')"));
}

void check_iso(VmPorts& ports, std::vector<Finding>& out) {
    auto iso = cloudinit::probe_iso_tool(ports.runner);
    const char* names[] = {"genisoimage", "mkisofs", "xorriso"};
    out.push_back(iso ? ok("ISO tool", names[static_cast<int>(*iso)])
                      : problem("ISO tool", iso.error().why, "apt-get install genisoimage"));
}

Finding check_ssh_port(VmPorts& ports, const Settings& settings) {
    const std::string name = "SSH port " + std::to_string(settings.ssh_port);
    auto why = ports.port_in_use(model::Proto::tcp, settings.ssh_port);
    if (why.empty()) {
        return ok(name, "free");
    }
    auto live = probe_vm(ports, vm_paths(settings));
    if (live && live->running) {
        return ok(name, "used by this instance's running VM");
    }
    return problem(name, why, "stop what uses it, or set JRUN_SSH_PORT to a free port");
}

} // namespace

std::string first_line(std::string_view text) {
    auto lines = split(trim(text), '\n');
    return lines.empty() ? std::string() : std::string(trim(lines.front()));
}

std::vector<Finding> run_doctor(VmPorts& ports, const Settings& settings) {
    std::vector<Finding> out;
    check_qemu(ports, settings, out);
    out.push_back(tool(ports,
                       "qemu-img",
                       {"qemu-img", "--version"},
                       "install qemu-img (Debian: apt-get install qemu-utils)"));
    out.push_back(tool(ports,
                       "ssh",
                       {"ssh", "-V"},
                       "install the OpenSSH client (Debian: apt-get install openssh-client)"));
    out.push_back(tool(ports,
                       "ssh-keygen",
                       {"ssh-keygen", "-l", "-f", "/dev/null"},
                       "install the OpenSSH client (Debian: apt-get install openssh-client)"));
    if (out.back().ok) {
        out.back().detail = "found"; // it has no --version; the run proved it is there
    }
    out.push_back(tool(ports,
                       "ansible-playbook",
                       {"ansible-playbook", "--version"},
                       "install Ansible (Debian: apt-get install ansible)"));
    check_iso(ports, out);
    out.push_back(check_ssh_port(ports, settings));
    return out;
}

} // namespace jrun::vm
