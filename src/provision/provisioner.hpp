// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The port that runs setup steps (SPEC §5 `setup`, §8): AnsibleProvisioner for real, a fake in
// tests/fakes/fake_provisioner.hpp.

#include "model/config.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace jrun::provision {

// How to reach the FreeBSD host over SSH: the same settings jrun's own connection uses.
struct SshConnection {
    std::string host; // name, IPv4, or IPv6 without brackets
    std::uint16_t port = 22;
    std::string user;             // login user ("admin" in the VM, "root" on some hosts)
    std::string identity_file;    // private key
    std::string known_hosts_file; // jrun-owned; host keys are checked against it
    std::string control_path;     // ssh ControlPath shared with jrun's connection; "" = none
    // More `-o NAME=VALUE` words from the ssh module, in order (StrictHostKeyChecking among
    // them). Rationale: ssh keeps the first value of an option, so these come first.
    std::vector<std::string> ssh_options;
    std::string ssh_program = "ssh";
};

// Where a playbook runs.
struct SetupTarget {
    enum class Kind {
        vm,   // the host itself, as the login user; playbooks `become` with doas
        jail, // a jail on the host, as root, through `jexec` on the host
    };
    Kind kind = Kind::vm;
    std::string jail;         // the config name, for messages (empty for the VM)
    std::string private_name; // the FreeBSD jail name jexec is given
    SshConnection ssh;
    std::string python_interpreter = "python3.13"; // in the VM or the jail

    // Return a target for the VM (or a JRUN_TARGET host) itself.
    [[nodiscard]] static SetupTarget vm(SshConnection ssh, std::string python);
    // Return a target for jail `name` whose FreeBSD name is `private_name`.
    [[nodiscard]] static SetupTarget
    in_jail(std::string name, std::string private_name, SshConnection ssh, std::string python);

    // Return "jail 'web'" or "the VM" for messages.
    [[nodiscard]] std::string describe() const;
};

// One progress report of a running step.
struct Progress {
    enum class Kind {
        task,   // a task started: `text` is its name
        note,   // a message of jrun's (playbook fetched, log file)
        output, // a raw output line (only with JRUN_DEBUG)
    };
    Kind kind = Kind::task;
    std::string text;
};

using ProgressSink = std::function<void(const Progress&)>;

// Run setup steps.
class Provisioner {
public:
    Provisioner() = default;
    virtual ~Provisioner() = default;
    Provisioner(const Provisioner&) = delete;
    Provisioner& operator=(const Provisioner&) = delete;
    Provisioner(Provisioner&&) = delete;
    Provisioner& operator=(Provisioner&&) = delete;

    // Run `step` on `target`, reporting progress to `progress` (may be empty). A failed task is
    // an Error (kind `remote`) whose `what` names the step, task and target and whose `why` is
    // Ansible's message for it; `hint` names the full log.
    [[nodiscard]] virtual Status run_setup(const SetupTarget& target,
                                           const model::SetupStep& step,
                                           const ProgressSink& progress) = 0;
};

} // namespace jrun::provision
