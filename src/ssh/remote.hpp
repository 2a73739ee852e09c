// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The connection to the FreeBSD host that runs the jails: the local VM or an `ssh://` target
// (SPEC §8, §11). Every guest step is one POSIX sh script sent over it (one round trip).

#include "util/result.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::ssh {

// What a script or command printed and how it ended.
struct RemoteResult {
    int exit_code = 0; // the remote exit status (255: ssh itself failed, see Error instead)
    std::string out;
    std::string err;
    [[nodiscard]] bool success() const { return exit_code == 0; }
};

// Who runs an interactive command on the host: root (through doas when the login user is not
// root and the connection asks for it), or the login user as it is.
enum class RunAs { root, login_user };

// Called with each complete line of the remote stdout as it arrives (progress reports, logs -f).
using LineSink = std::function<void(std::string_view line)>;

// A host that runs scripts. Implementations: SshRemote (OpenSSH with a control master),
// LocalRemote (/bin/sh on this machine: a FreeBSD host running jails natively, and tests).
class Remote {
public:
    Remote() = default;
    virtual ~Remote() = default;
    Remote(const Remote&) = delete;
    Remote& operator=(const Remote&) = delete;
    Remote(Remote&&) = delete;
    Remote& operator=(Remote&&) = delete;

    // Run `script` with `/bin/sh -s` on the host as root (through doas when the login user is
    // not root), feeding it on stdin; one round trip. A non-zero exit is a RemoteResult, not an
    // Error; Errors are for connection failures (`remote`), timeouts and interrupts. Each stdout
    // line also goes to `on_line` when given. Thread-safe: waves run scripts concurrently.
    [[nodiscard]] virtual Result<RemoteResult> run_script(std::string_view script,
                                                          const LineSink& on_line = {}) = 0;

    // Run `argv` (already a list of words; each is quoted for the remote shell) on the host as
    // `as` with jrun's stdin, stdout and stderr (a pty when `tty`), and return its exit code. An
    // empty argv opens the login user's shell. For `jrun ssh`, `jrun cmd`.
    [[nodiscard]] virtual Result<int>
    run_interactive(const std::vector<std::string>& argv, bool tty, RunAs as) = 0;

    // Return how many round trips (scripts and commands) this connection has made.
    [[nodiscard]] virtual std::size_t round_trips() const = 0;

    // Return a short description for messages: "admin@127.0.0.1:2222", "this machine".
    [[nodiscard]] virtual std::string describe() const = 0;
};

} // namespace jrun::ssh
