// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The real implementations of the lifecycle's ports: sshd probes over TCP and OpenSSH, host
// port checks with bind(2) (and `ss` for the owner), kill(2).

#include "vm/paths.hpp"
#include "vm/ports.hpp"

#include <string>
#include <vector>

namespace jrun::vm {

// Return the argv of the readiness login: `ssh -T ... true` with vm_ssh_config() (batch mode,
// the user's key, strict checking against the pinned known_hosts; the first success leaves the
// control master that later commands reuse). Fails with `config` on an unusable path.
[[nodiscard]] Result<std::vector<std::string>> vm_login_argv(const Settings& settings);

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
