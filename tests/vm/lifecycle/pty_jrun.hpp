// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// `jrun` on a pseudo-terminal, as a user at a terminal runs it (forkpty): type into it, read
// what it shows, wait for it to exit.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace jrun::vmtest {

// One jrun process on its own terminal. A thread keeps draining the terminal (QEMU in tty mode
// blocks on a full pty otherwise; ssh's control master, started by jrun, may keep it open after
// jrun exits, so its end is not the signal). Destroying it kills jrun's process group when jrun
// still runs.
class PtyJrun {
public:
    PtyJrun(const std::map<std::string, std::string>& env, const std::vector<std::string>& args);
    ~PtyJrun();
    PtyJrun(const PtyJrun&) = delete;
    PtyJrun& operator=(const PtyJrun&) = delete;

    [[nodiscard]] bool started() const { return m_pid > 0; }
    // Type `bytes` on the terminal.
    void type(std::string_view bytes) const;
    // Return everything the terminal has shown so far.
    [[nodiscard]] std::string screen();
    // Return jrun's exit code once it exited (-signal when killed), nullopt while it runs.
    std::optional<int> poll_exit();
    // Wait up to `limit` for jrun to exit (a safety net, not a timed assertion).
    std::optional<int> wait_exit(std::chrono::seconds limit);
    // Stop reading in the background, take what the terminal still holds, return the screen.
    [[nodiscard]] std::string finish();

private:
    void drain();
    // Append what the terminal has within `wait` to the screen; false when it had nothing.
    bool read_once(std::chrono::milliseconds wait);

    int m_master = -1;
    pid_t m_pid = -1;
    std::optional<int> m_exit;
    std::thread m_reader;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::string m_screen;
};

} // namespace jrun::vmtest
