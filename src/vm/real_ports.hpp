// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The real implementations of the lifecycle's ports: sshd probes over TCP and OpenSSH, host
// port checks with bind(2) (and `ss` for the owner), kill(2).

#include "vm/paths.hpp"
#include "vm/ports.hpp"

#include <string>
#include <vector>

namespace jrun::vm {

// Return the argv of a non-interactive `ssh` into the VM running `command`: batch mode, the
// user's key only, the jrun-owned known_hosts with strict checking (never
// StrictHostKeyChecking=no), no user or system ssh config.
[[nodiscard]] std::vector<std::string> vm_ssh_argv(const Settings& settings,
                                                   const VmPaths& paths,
                                                   std::uint16_t port,
                                                   const std::vector<std::string>& command);

// SshProbe over a TCP socket (banner) and `ssh ... true` (login).
class RealSshProbe final : public SshProbe {
public:
    RealSshProbe(sys::ProcessRunner& runner, std::vector<std::string> login_argv);
    [[nodiscard]] bool
    banner(const std::string& host, std::uint16_t port, std::chrono::milliseconds limit) override;
    [[nodiscard]] bool login() override;

private:
    sys::ProcessRunner& m_runner;
    std::vector<std::string> m_login_argv;
};

// Return a PortCheck for `bind_address`: bind(2) decides, `ss -ltnup` names the owner when it
// can (run through `runner`).
[[nodiscard]] PortCheck real_port_check(sys::ProcessRunner& runner, std::string bind_address);

// kill(2).
[[nodiscard]] Status kill_process(int pid, int signal_number);

} // namespace jrun::vm
