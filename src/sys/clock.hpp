// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <chrono>

namespace jrun::sys {

// Time, as jrun sees it: a monotonic clock for deadlines and back-off, the wall clock for
// timestamps, and sleeping. Tests use FakeClock, so nothing waits for real.
class Clock {
public:
    Clock() = default;
    virtual ~Clock() = default;
    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;
    Clock(Clock&&) = delete;
    Clock& operator=(Clock&&) = delete;

    // Return the monotonic time (for deadlines and durations).
    [[nodiscard]] virtual std::chrono::steady_clock::time_point now() const = 0;
    // Return the wall-clock time (for timestamps shown to users or recorded in state).
    [[nodiscard]] virtual std::chrono::system_clock::time_point wall_time() const = 0;
    // Sleep for `duration`.
    virtual void sleep(std::chrono::milliseconds duration) = 0;
};

// The system's clocks and a real sleep.
class RealClock final : public Clock {
public:
    [[nodiscard]] std::chrono::steady_clock::time_point now() const override;
    [[nodiscard]] std::chrono::system_clock::time_point wall_time() const override;
    void sleep(std::chrono::milliseconds duration) override;
};

} // namespace jrun::sys
