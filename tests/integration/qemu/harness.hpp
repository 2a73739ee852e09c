// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Helpers for tests that drive a real QEMU: find it (or skip with exit code 77), pick loopback
// ports, and own every QEMU started so that a failing test never leaves one behind.

#include "qemu/qmp_client.hpp"
#include "sys/clock.hpp"
#include "sys/process_runner.hpp"
#include "sys/real_process_runner.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace jrun::test {

// Return the path of `program` on PATH, or "" when it is not there.
std::string find_on_path(const std::string& program);

// Return qemu-system-x86_64 ($JRUN_TEST_QEMU or PATH). When there is none, print the reason
// and exit 77 (CTest: skipped).
std::string require_qemu();
// Return `program` from PATH, or skip the test (exit 77) naming it.
std::string require_program(const std::string& program);

// Return a TCP port on 127.0.0.1 that was free a moment ago.
std::uint16_t free_tcp_port();
// Return true when a TCP connect() to 127.0.0.1:`port` succeeds.
bool can_connect(std::uint16_t port);
// Return true when process `pid` has exited (gone, or a zombie nobody reaped yet).
bool process_gone(int pid);

// A QEMU started as a child of the test; killed (process group) and reaped at destruction.
class QemuProcess {
public:
    // Start `argv` and wait until its QMP socket `qmp_socket` accepts connections.
    QemuProcess(const std::vector<std::string>& argv, const std::filesystem::path& qmp_socket);
    [[nodiscard]] bool started() const { return m_stream != nullptr; }
    [[nodiscard]] sys::Child& child() { return *m_child; }
    [[nodiscard]] sys::Stream& stream() { return *m_stream; }
    [[nodiscard]] const std::string& start_error() const { return m_error; }

private:
    sys::RealProcessRunner m_runner;
    std::unique_ptr<sys::Child> m_child;
    std::unique_ptr<sys::Stream> m_stream;
    std::string m_error;
};

// A daemonized QEMU known by its pidfile: SIGKILLed at destruction unless it is gone already.
class DaemonGuard {
public:
    explicit DaemonGuard(std::filesystem::path pid_file)
        : m_pid_file(std::move(pid_file)) {}
    ~DaemonGuard();
    DaemonGuard(const DaemonGuard&) = delete;
    DaemonGuard& operator=(const DaemonGuard&) = delete;
    // Return the pid in the pidfile, remembered from the first successful read (QEMU removes
    // its pidfile when it exits); 0 when it was never readable.
    [[nodiscard]] int pid();

private:
    std::filesystem::path m_pid_file;
    int m_pid = 0;
};

// Wait up to `limit` for `done()` to become true, polling every 20 ms.
template <class Predicate> bool eventually(Predicate done, std::chrono::milliseconds limit) {
    sys::RealClock clock;
    const auto deadline = clock.now() + limit;
    while (!done()) {
        if (clock.now() >= deadline) {
            return false;
        }
        clock.sleep(std::chrono::milliseconds(20));
    }
    return true;
}

} // namespace jrun::test
