// SPDX-License-Identifier: BSD-2-Clause
// `jrun` on a pseudo-terminal, as a user at a terminal runs it (forkpty).
#include "lifecycle/jrun_driver.hpp"

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>

namespace jrun::vmtest {

namespace {

// Rationale: a safety net for a hung session, not a timed assertion.
constexpr auto k_pty_limit = std::chrono::minutes(3);

// Build the environment block for execve; the strings must outlive the call.
std::vector<char*> environment_block(std::vector<std::string>& entries) {
    std::vector<char*> block;
    block.reserve(entries.size() + 1);
    for (auto& entry : entries) {
        block.push_back(entry.data());
    }
    block.push_back(nullptr);
    return block;
}

// Append what the terminal has within `wait_ms` to `out`; return false when it had nothing
// (or ended: EIO once every process on it is gone).
bool read_terminal(int master, std::string& out, int wait_ms) {
    pollfd ready{master, POLLIN, 0};
    if (::poll(&ready, 1, wait_ms) <= 0) {
        return false;
    }
    std::array<char, 4096> buffer{};
    const ssize_t n = ::read(master, buffer.data(), buffer.size());
    if (n <= 0) {
        return false;
    }
    out.append(buffer.data(), static_cast<std::size_t>(n));
    return true;
}

// Read the terminal until jrun exits, then drain it. Rationale: ssh's control master (started
// by jrun, ControlPersist) may keep the terminal open, so its end cannot be the signal.
sys::ExitStatus wait_reading(pid_t child, int master, std::string& out) {
    const auto deadline = std::chrono::steady_clock::now() + k_pty_limit;
    int status = 0;
    while (::waitpid(child, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(child, SIGKILL);
            ::waitpid(child, &status, 0);
            break;
        }
        (void)read_terminal(master, out, 100);
    }
    while (read_terminal(master, out, 0)) {
    }
    return WIFEXITED(status) ? sys::ExitStatus::exited(WEXITSTATUS(status))
                             : sys::ExitStatus::signalled(WTERMSIG(status));
}

} // namespace

sys::Completed JrunDriver::jrun_in_pty(const std::vector<std::string>& args,
                                       const std::string& typed) {
    std::vector<std::string> words{JRUN_BINARY};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<std::string> env_entries;
    for (const auto& [name, value] : m_env) {
        auto& entry = env_entries.emplace_back(name);
        entry += '=';
        entry += value;
    }
    env_entries.emplace_back("TERM=dumb");
    std::vector<char*> argv = environment_block(words);
    std::vector<char*> envp = environment_block(env_entries);
    int master = -1;
    const pid_t child = ::forkpty(&master, nullptr, nullptr, nullptr);
    if (child < 0) {
        return {sys::ExitStatus::exited(255), {}, "forkpty failed"};
    }
    if (child == 0) {
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    // Rationale: typed at once, as a fast typist would; the terminal's input queue holds it
    // until the remote shell reads (ssh switches to raw mode with TCSADRAIN, keeping it).
    (void)::write(master, typed.data(), typed.size());
    sys::Completed done{sys::ExitStatus::exited(0), {}, {}};
    done.status = wait_reading(child, master, done.out);
    ::close(master);
    return done;
}

} // namespace jrun::vmtest
