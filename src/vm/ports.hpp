// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// What the VM lifecycle acts through. Real implementations: vm/real_ports.hpp; tests use fakes.

#include "model/proto.hpp"
#include "sys/clock.hpp"
#include "sys/file_system.hpp"
#include "sys/process_runner.hpp"
#include "sys/signals.hpp"
#include "sys/stream.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace jrun::vm {

// Connect to the QMP Unix socket at a path (sys::connect_unix in real use).
using QmpConnector =
    std::function<Result<std::unique_ptr<sys::Stream>>(const std::string& socket_path)>;

// How far an SSH probe got.
enum class SshProbeResult {
    closed, // nothing answers with an SSH banner yet
    banner, // sshd answers, but a login does not succeed yet (keys not installed, ...)
    ready,  // a login with the user's key and the pinned host key ran `true`
};

// Probes the VM's sshd. Rationale: two stages, because QEMU's user network accepts every
// connection on a forwarded port even while nothing listens in the guest; reading the banner
// is cheap and tells when sshd accepts, the login then proves keys and host key.
class SshProbe {
public:
    SshProbe() = default;
    virtual ~SshProbe() = default;
    SshProbe(const SshProbe&) = delete;
    SshProbe& operator=(const SshProbe&) = delete;
    SshProbe(SshProbe&&) = delete;
    SshProbe& operator=(SshProbe&&) = delete;

    // Return true when a TCP connection to `port` on `host` receives an SSH banner in `limit`.
    [[nodiscard]] virtual bool
    banner(const std::string& host, std::uint16_t port, std::chrono::milliseconds limit) = 0;
    // Return true when `ssh ... true` succeeds (BatchMode, the pinned known_hosts).
    [[nodiscard]] virtual bool login() = 0;
};

// Return "" when `port` can be bound on the forwarding address for `proto`, else why not
// (naming the owner when it can be found).
using PortCheck = std::function<std::string(model::Proto proto, std::uint16_t port)>;

// Everything the lifecycle touches.
struct VmPorts {
    sys::ProcessRunner& runner;
    sys::FileSystem& fs;
    sys::Clock& clock;
    QmpConnector connect_qmp;
    SshProbe& ssh;
    PortCheck port_in_use;
    // Send `signal_number` to process `pid` (kill(2)); fails with `process` when it is gone.
    std::function<Status(int pid, int signal_number)> kill_process;
    std::function<void(std::string_view)> say; // progress lines for the user
    const sys::Signals* signals = nullptr;
};

} // namespace jrun::vm
