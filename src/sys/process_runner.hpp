// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/command.hpp"
#include "util/result.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace jrun::sys {

// How a process ended: an exit code or the signal that killed it (never both).
class ExitStatus {
public:
    [[nodiscard]] static ExitStatus exited(int code) { return {code, 0}; }
    [[nodiscard]] static ExitStatus signalled(int signal_number) { return {-1, signal_number}; }

    [[nodiscard]] bool success() const { return m_signal == 0 && m_code == 0; }
    [[nodiscard]] std::optional<int> code() const {
        return m_signal == 0 ? std::optional<int>(m_code) : std::nullopt;
    }
    [[nodiscard]] std::optional<int> signal() const {
        return m_signal != 0 ? std::optional<int>(m_signal) : std::nullopt;
    }
    // Return "exit code 1" or "killed by SIGKILL".
    [[nodiscard]] std::string describe() const;

    friend bool operator==(const ExitStatus&, const ExitStatus&) = default;

private:
    ExitStatus(int code, int signal_number)
        : m_code(code),
          m_signal(signal_number) {}
    int m_code;
    int m_signal;
};

// A finished process: how it ended and what it wrote (empty when the stream was not captured).
// Rationale: `out`/`err`, not `stdout`/`stderr`, which are macros in <cstdio>.
struct Completed {
    ExitStatus status = ExitStatus::exited(0);
    std::string out;
    std::string err;

    [[nodiscard]] bool success() const { return status.success(); }
};

// Output that a running child wrote since the last read; `eof` once both streams are closed.
struct OutputChunk {
    std::string out;
    std::string err;
    bool eof = false;
};

// A running child process. Destroying it kills (SIGKILL, whole process group) and reaps the
// child unless it has been waited for or detached.
class Child {
public:
    Child() = default;
    virtual ~Child() = default;
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    Child(Child&&) = delete;
    Child& operator=(Child&&) = delete;

    [[nodiscard]] virtual int pid() const = 0;
    // Queue `bytes` for the child's stdin (Input::pipe) and write what fits now. Fails with `io`
    // when stdin is not a pipe or the child has closed it.
    [[nodiscard]] virtual Status write_stdin(std::string_view bytes) = 0;
    // Close the child's stdin once the queued bytes are written, so that it sees end of file.
    virtual void close_stdin() = 0;
    // Wait at most `limit` for captured output and return what arrived. Fails with `io`, or
    // with `interrupted` on SIGINT/SIGTERM.
    [[nodiscard]] virtual Result<OutputChunk> read_output(std::chrono::milliseconds limit) = 0;
    // Return the exit status when the child has exited (reaping it), without blocking.
    [[nodiscard]] virtual Result<std::optional<ExitStatus>> try_wait() = 0;
    // Write pending stdin, collect the remaining output and wait for the exit. Fails with
    // `timeout` past the Command's timeout and with `interrupted` on SIGINT/SIGTERM (the child's
    // process group is killed in both cases), or with `io`.
    [[nodiscard]] virtual Result<Completed> wait() = 0;
    // Send `signal_number` to the child's process group (to the child alone in the foreground).
    // Fails with `process` when the child is gone.
    [[nodiscard]] virtual Status send_signal(int signal_number) = 0;
    // Stop owning the child: it is neither killed nor reaped at destruction. Return its pid.
    virtual int detach() = 0;
};

// Run programs. Every side effect of jrun on other programs goes through this port.
class ProcessRunner {
public:
    ProcessRunner() = default;
    virtual ~ProcessRunner() = default;
    ProcessRunner(const ProcessRunner&) = delete;
    ProcessRunner& operator=(const ProcessRunner&) = delete;
    ProcessRunner(ProcessRunner&&) = delete;
    ProcessRunner& operator=(ProcessRunner&&) = delete;

    // Run `command` to completion (a piped stdin is closed at once). A non-zero exit is a
    // Completed, not an Error. Fails with
    // `process` when the program cannot be started (not found, not executable, bad cwd), with
    // `timeout`, `interrupted` or `io`.
    [[nodiscard]] virtual Result<Completed> run(const Command& command) = 0;
    // Start `command` and return it running. Fails with `process` or `io` as run() does.
    [[nodiscard]] virtual Result<std::unique_ptr<Child>> spawn(const Command& command) = 0;
};

// Return the `process` Error for a command that ran but failed: what = `'<argv>' failed`,
// why = its exit status and the tail of its stderr (or stdout when stderr is empty).
[[nodiscard]] Error failure_error(const Command& command, const Completed& completed);

// Return `completed` when it succeeded, else failure_error(). Errors pass through unchanged.
[[nodiscard]] Result<Completed> require_success(const Command& command, Result<Completed> result);

// Return the conventional name of `signal_number` ("SIGTERM"), or "signal N".
[[nodiscard]] std::string signal_name(int signal_number);

// Return `limit` for messages: "250 ms", "5 s", "1.5 s", "2 min".
[[nodiscard]] std::string describe_duration(std::chrono::milliseconds limit);

} // namespace jrun::sys
