// SPDX-License-Identifier: BSD-2-Clause
#include "sys/real_process_runner.hpp"

#include "sys/detail/spawn.hpp"

#include <algorithm>
#include <optional>

namespace jrun::sys {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Rationale: poll() wakes at least this often so that a signal that arrived between the flag
// check and the poll() call is noticed soon (a self-pipe would be exact but needs global state).
constexpr milliseconds k_max_wait{100};
constexpr milliseconds k_first_pause{1};

class RealChild final : public Child {
public:
    RealChild(const Command& command, detail::Spawned spawned, RealProcessRunnerOptions options)
        : m_display(command.display()),
          m_timeout(command.timeout()),
          m_pid(std::move(spawned.pid)),
          m_pump(std::move(spawned.pump)),
          m_options(options),
          m_foreground(command.foreground()) {
        if (m_timeout) {
            m_deadline = steady_clock::now() + *m_timeout;
        }
    }

    [[nodiscard]] int pid() const override { return m_pid.get(); }

    [[nodiscard]] Status write_stdin(std::string_view bytes) override {
        return m_pump.queue_stdin(bytes);
    }

    void close_stdin() override { m_pump.close_stdin(); }

    [[nodiscard]] Result<OutputChunk> read_output(milliseconds limit) override;
    [[nodiscard]] Result<std::optional<ExitStatus>> try_wait() override { return m_pid.try_reap(); }
    [[nodiscard]] Result<Completed> wait() override;

    [[nodiscard]] Status send_signal(int signal_number) override {
        return m_pid.signal(signal_number);
    }

    int detach() override {
        m_pump.close_all();
        return m_pid.release();
    }

private:
    [[nodiscard]] std::optional<Error> check_limits();
    [[nodiscard]] Error stop(Error error);
    void forward_interrupt();
    [[nodiscard]] milliseconds next_wait(milliseconds limit) const;

    std::string m_display;
    std::optional<milliseconds> m_timeout;
    std::optional<steady_clock::time_point> m_deadline;
    UniquePid m_pid;
    detail::Pump m_pump;
    RealProcessRunnerOptions m_options;
    bool m_foreground = false;
    bool m_forwarded = false;
};

// Return the Error when the deadline passed or an interrupt arrived (the child is stopped).
std::optional<Error> RealChild::check_limits() {
    const bool interrupted = m_options.signals != nullptr && m_options.signals->interrupted();
    if (interrupted && m_foreground) {
        forward_interrupt();
    } else if (interrupted) {
        const auto name = signal_name(m_options.signals->received());
        return stop(Error{ErrorKind::interrupted,
                          "'" + m_display + "' was interrupted",
                          "jrun received " + name,
                          {}});
    }
    if (m_deadline && steady_clock::now() >= *m_deadline && !m_pid.reaped()) {
        return stop(Error{ErrorKind::timeout,
                          "'" + m_display + "' timed out",
                          "still running after " + describe_duration(*m_timeout)
                              + "; its process group was killed",
                          {}});
    }
    return std::nullopt;
}

// Rationale: a foreground child shares jrun's terminal and decides itself what Ctrl-C means
// (an interactive shell ignores it; `jrun cmd` passes the child's exit status through), so it is
// not terminated. A signal that did not come from the terminal is passed on, once.
void RealChild::forward_interrupt() {
    if (!m_forwarded && !m_pid.reaped()) {
        m_forwarded = true;
        (void)m_pid.signal(m_options.signals->received());
    }
}

Error RealChild::stop(Error error) {
    (void)m_pid.terminate(m_options.kill_grace);
    (void)m_pump.drain();
    m_pump.close_all();
    return error;
}

milliseconds RealChild::next_wait(milliseconds limit) const {
    auto wait = std::min(limit, k_max_wait);
    if (m_deadline) {
        const auto left =
            std::chrono::duration_cast<milliseconds>(*m_deadline - steady_clock::now());
        wait = std::clamp(left + milliseconds(1), milliseconds(0), wait);
    }
    return wait;
}

Result<OutputChunk> RealChild::read_output(milliseconds limit) {
    const auto until = steady_clock::now() + limit;
    bool moved = false;
    while (!moved && !m_pump.outputs_closed()) {
        if (auto error = check_limits()) {
            return *error;
        }
        const auto left = std::chrono::duration_cast<milliseconds>(until - steady_clock::now());
        if (left <= milliseconds(0)) {
            break;
        }
        auto stepped = m_pump.step(next_wait(left));
        if (!stepped) {
            return stepped.error();
        }
        moved = *stepped;
    }
    return OutputChunk{m_pump.take_out(), m_pump.take_err(), m_pump.outputs_closed()};
}

Result<Completed> RealChild::wait() {
    auto pause = k_first_pause;
    while (!m_pid.reaped()) {
        if (auto error = check_limits()) {
            return *error;
        }
        // With nothing to poll (output not captured, or closed early), poll() only sleeps:
        // start short so that a quick child is reaped quickly.
        const auto limit = m_pump.finished() ? pause : k_max_wait;
        pause = std::min(pause * 2, k_max_wait);
        auto stepped = m_pump.step(next_wait(limit));
        if (!stepped) {
            return stepped.error();
        }
        auto reaped = m_pid.try_reap();
        if (!reaped) {
            return reaped.error();
        }
    }
    // Rationale: once the child has exited, take what it left in the pipes but do not wait for
    // EOF: a grandchild that daemonised (ssh's ControlPersist master) may hold them open forever.
    if (auto st = m_pump.drain(); !st) {
        return st.error();
    }
    m_pump.close_all();
    return Completed{*m_pid.status(), m_pump.take_out(), m_pump.take_err()};
}

} // namespace

RealProcessRunner::RealProcessRunner(RealProcessRunnerOptions options)
    : m_options(options) {
    ignore_sigpipe();
}

Result<Completed> RealProcessRunner::run(const Command& command) {
    auto child = spawn(command);
    if (!child) {
        return child.error();
    }
    // Nobody can write to a piped stdin during run(): the child gets end of file at once.
    (*child)->close_stdin();
    return (*child)->wait();
}

Result<std::unique_ptr<Child>> RealProcessRunner::spawn(const Command& command) {
    auto spawned = detail::spawn_process(command);
    if (!spawned) {
        return spawned.error();
    }
    return std::unique_ptr<Child>(
        std::make_unique<RealChild>(command, std::move(*spawned), m_options));
}

} // namespace jrun::sys
