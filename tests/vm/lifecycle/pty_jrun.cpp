// SPDX-License-Identifier: BSD-2-Clause
#include "lifecycle/pty_jrun.hpp"

#include "lifecycle/jrun_driver.hpp"

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>

namespace jrun::vmtest {

namespace {

using namespace std::chrono_literals;

// Return the pointer block execve wants; the strings must outlive the call.
std::vector<char*> pointers(std::vector<std::string>& words) {
    std::vector<char*> out;
    out.reserve(words.size() + 1);
    for (auto& word : words) {
        out.push_back(word.data());
    }
    out.push_back(nullptr);
    return out;
}

} // namespace

PtyJrun::PtyJrun(const std::map<std::string, std::string>& env,
                 const std::vector<std::string>& args) {
    std::vector<std::string> words{JRUN_BINARY};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<std::string> entries;
    for (const auto& [name, value] : env) {
        entries.push_back(name + "=" + value);
    }
    entries.emplace_back("TERM=dumb");
    std::vector<char*> argv = pointers(words);
    std::vector<char*> envp = pointers(entries);
    winsize size{24, 80, 0, 0};
    m_pid = ::forkpty(&m_master, nullptr, nullptr, &size);
    if (m_pid == 0) {
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    m_reader = std::thread([this] { drain(); });
}

PtyJrun::~PtyJrun() {
    if (!m_exit && m_pid > 0) {
        ::kill(-m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    m_stop.store(true);
    if (m_reader.joinable()) {
        m_reader.join();
    }
    ::close(m_master);
}

void PtyJrun::type(std::string_view bytes) const {
    (void)!::write(m_master, bytes.data(), bytes.size());
}

std::string PtyJrun::screen() {
    const std::lock_guard lock(m_mutex);
    return m_screen;
}

std::optional<int> PtyJrun::poll_exit() {
    if (!m_exit && m_pid > 0) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
        }
    }
    return m_exit;
}

std::optional<int> PtyJrun::wait_exit(std::chrono::seconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!poll_exit() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(100ms);
    }
    return m_exit;
}

bool PtyJrun::read_once(std::chrono::milliseconds wait) {
    pollfd fd{m_master, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(wait.count())) <= 0) {
        return false;
    }
    std::array<char, 4096> buffer{};
    const auto n = ::read(m_master, buffer.data(), buffer.size());
    if (n <= 0) {
        return false; // EIO: the slave side closed, jrun and its children are gone
    }
    const std::lock_guard lock(m_mutex);
    m_screen.append(buffer.data(), static_cast<std::size_t>(n));
    return true;
}

void PtyJrun::drain() {
    while (!m_stop.load()) {
        if (!read_once(100ms)) {
            std::this_thread::sleep_for(10ms);
        }
    }
}

std::string PtyJrun::finish() {
    m_stop.store(true);
    if (m_reader.joinable()) {
        m_reader.join();
    }
    while (read_once(0ms)) {
    }
    return screen();
}

// Rationale: a safety net for a hung session, not a timed assertion.
constexpr auto k_pty_limit = std::chrono::minutes(3);

sys::Completed JrunDriver::jrun_in_pty(const std::vector<std::string>& args,
                                       const std::string& typed) {
    PtyJrun jrun(m_env, args);
    if (!jrun.started()) {
        return {sys::ExitStatus::exited(255), {}, "forkpty failed"};
    }
    // Rationale: typed at once, as a fast typist would; the terminal's input queue holds it
    // until the remote shell reads (ssh switches to raw mode with TCSADRAIN, keeping it).
    jrun.type(typed);
    const auto code = jrun.wait_exit(k_pty_limit);
    const auto status = !code        ? sys::ExitStatus::signalled(SIGKILL)
                        : *code >= 0 ? sys::ExitStatus::exited(*code)
                                     : sys::ExitStatus::signalled(-*code);
    return {status, jrun.finish(), {}};
}

} // namespace jrun::vmtest
