// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/process_runner.hpp"
#include "util/result.hpp"

#include <chrono>
#include <optional>

namespace jrun::sys {

// Own a child process: at destruction, kill it (SIGKILL; the whole process group when the child
// leads one) and reap it, unless it was reaped or released before. Move-only (kakoune's model).
class UniquePid {
public:
    UniquePid() = default;
    UniquePid(int pid, bool leads_group)
        : m_pid(pid),
          m_leads_group(leads_group) {}
    ~UniquePid();
    UniquePid(const UniquePid&) = delete;
    UniquePid& operator=(const UniquePid&) = delete;
    UniquePid(UniquePid&& other) noexcept;
    UniquePid& operator=(UniquePid&& other) noexcept;

    [[nodiscard]] int get() const { return m_pid; }
    [[nodiscard]] bool reaped() const { return m_status.has_value(); }
    [[nodiscard]] const std::optional<ExitStatus>& status() const { return m_status; }

    // Send `signal_number` to the child (its group when it leads one). Fails with `process` when
    // it has been reaped already.
    [[nodiscard]] Status signal(int signal_number) const;
    // Reap the child if it has exited; never blocks. Fails with `io` when waitpid fails.
    [[nodiscard]] Result<std::optional<ExitStatus>> try_reap();
    // Wait for the child to exit and reap it. Fails with `io` when waitpid fails.
    [[nodiscard]] Result<ExitStatus> reap();
    // Send SIGTERM, wait up to `grace`, then SIGKILL, and reap.
    [[nodiscard]] Result<ExitStatus> terminate(std::chrono::milliseconds grace);
    // Stop owning the child and return its pid.
    [[nodiscard]] int release();

private:
    void kill_and_reap();

    int m_pid = -1;
    bool m_leads_group = false;
    std::optional<ExitStatus> m_status;
};

// Return the ExitStatus encoded in a waitpid() `wait_status`.
[[nodiscard]] ExitStatus decode_wait_status(int wait_status);

} // namespace jrun::sys
