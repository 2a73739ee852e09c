// SPDX-License-Identifier: BSD-2-Clause
#include "sys/unique_pid.hpp"

#include "sys/fd.hpp"

#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <thread>
#include <utility>

namespace jrun::sys {

namespace {

constexpr auto k_reap_poll_first = std::chrono::milliseconds(1);
constexpr auto k_reap_poll_max = std::chrono::milliseconds(20);

} // namespace

ExitStatus decode_wait_status(int wait_status) {
    if (WIFSIGNALED(wait_status)) {
        return ExitStatus::signalled(WTERMSIG(wait_status));
    }
    return ExitStatus::exited(WEXITSTATUS(wait_status));
}

UniquePid::~UniquePid() {
    kill_and_reap();
}

UniquePid::UniquePid(UniquePid&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)),
      m_leads_group(other.m_leads_group),
      m_status(std::exchange(other.m_status, std::nullopt)) {}

UniquePid& UniquePid::operator=(UniquePid&& other) noexcept {
    if (this != &other) {
        kill_and_reap();
        m_pid = std::exchange(other.m_pid, -1);
        m_leads_group = other.m_leads_group;
        m_status = std::exchange(other.m_status, std::nullopt);
    }
    return *this;
}

Status UniquePid::signal(int signal_number) const {
    if (m_pid <= 0 || m_status) {
        return Error{ErrorKind::process, "cannot signal process", "it has already exited", {}};
    }
    const int rc = m_leads_group ? ::killpg(m_pid, signal_number) : ::kill(m_pid, signal_number);
    if (rc != 0 && errno != ESRCH) {
        auto error = errno_error("cannot signal process " + std::to_string(m_pid), errno);
        error.kind = ErrorKind::process;
        return error;
    }
    return {};
}

Result<std::optional<ExitStatus>> UniquePid::try_reap() {
    if (m_status || m_pid <= 0) {
        return m_status;
    }
    int wait_status = 0;
    pid_t rc = 0;
    do {
        rc = ::waitpid(m_pid, &wait_status, WNOHANG);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        return errno_error("cannot wait for process " + std::to_string(m_pid), errno);
    }
    if (rc == m_pid) {
        m_status = decode_wait_status(wait_status);
    }
    return m_status;
}

Result<ExitStatus> UniquePid::reap() {
    if (m_status) {
        return *m_status;
    }
    int wait_status = 0;
    pid_t rc = 0;
    do {
        rc = ::waitpid(m_pid, &wait_status, 0);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        return errno_error("cannot wait for process " + std::to_string(m_pid), errno);
    }
    m_status = decode_wait_status(wait_status);
    return *m_status;
}

Result<ExitStatus> UniquePid::terminate(std::chrono::milliseconds grace) {
    if (m_status) {
        return *m_status;
    }
    (void)signal(SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    auto pause = k_reap_poll_first;
    while (std::chrono::steady_clock::now() < deadline) {
        auto reaped = try_reap();
        if (!reaped || *reaped) {
            break;
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, k_reap_poll_max);
    }
    if (m_leads_group) {
        // Rationale: also after the leader exited, so that grandchildren that ignored SIGTERM
        // do not keep our pipes open; the group id cannot be reused while the group exists.
        ::killpg(m_pid, SIGKILL);
    } else if (!m_status) {
        ::kill(m_pid, SIGKILL);
    }
    return reap();
}

int UniquePid::release() {
    m_status.reset();
    return std::exchange(m_pid, -1);
}

void UniquePid::kill_and_reap() {
    if (m_pid <= 0 || m_status) {
        return;
    }
    if (m_leads_group) {
        ::killpg(m_pid, SIGKILL);
    } else {
        ::kill(m_pid, SIGKILL);
    }
    (void)reap();
}

} // namespace jrun::sys
