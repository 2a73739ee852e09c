// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Drive the real `jrun` binary, and the guest over OpenSSH, for the `vm` tier.

#include "sys/process_runner.hpp"
#include "sys/real_process_runner.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace jrun::vmtest {

// One jrun instance (its own JRUN_HOME) booting the test guest.
class JrunDriver {
public:
    JrunDriver(std::filesystem::path home,
               std::filesystem::path guest_dir,
               std::filesystem::path pid_file,
               std::uint16_t ssh_port);

    // Run `jrun ARGS...`; the result carries its exit status and output.
    [[nodiscard]] sys::Completed jrun(const std::vector<std::string>& args);
    // Run `jrun ARGS...` with `input` on its stdin (a pipe, then end of file).
    [[nodiscard]] sys::Completed jrun_with_input(const std::vector<std::string>& args,
                                                 std::string input);
    // Run `jrun ARGS...` on a new pseudo-terminal (its stdin, stdout and stderr), type `typed`
    // into it, and return how jrun exited and what the terminal showed (in `out`). Defined in
    // pty_jrun.cpp.
    [[nodiscard]] sys::Completed jrun_in_pty(const std::vector<std::string>& args,
                                             const std::string& typed);
    // Run `command` in the guest as the SSH user, through jrun's key and known_hosts with strict
    // host key checking (so it also proves the pinned host key).
    [[nodiscard]] sys::Completed guest(const std::string& command);
    // Return QEMU's pid from the pid file, or -1.
    [[nodiscard]] int qemu_pid() const;
    // Stop the VM whatever happens (jrun stop, then SIGKILL to the pid).
    void ensure_stopped();

    [[nodiscard]] const std::filesystem::path& home() const { return m_home; }
    [[nodiscard]] std::uint16_t ssh_port() const { return m_ssh_port; }
    // The environment jrun runs with (for running it some other way, e.g. on a pty).
    [[nodiscard]] const std::map<std::string, std::string>& environment() const { return m_env; }

private:
    sys::RealProcessRunner m_runner;
    std::filesystem::path m_home;
    std::filesystem::path m_guest_dir;
    std::filesystem::path m_pid_file;
    std::uint16_t m_ssh_port;
    std::map<std::string, std::string> m_env;
};

// Return a TCP port on 127.0.0.1 that is free now.
[[nodiscard]] std::uint16_t free_port();

// Send `request` to 127.0.0.1:`port` and return what comes back (empty on failure).
[[nodiscard]] std::string tcp_exchange(std::uint16_t port, const std::string& request);

} // namespace jrun::vmtest
