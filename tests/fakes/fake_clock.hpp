// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/clock.hpp"

#include <vector>

namespace jrun::test {

// A Clock that only moves when told to: sleep() records the duration and advances time.
class FakeClock final : public sys::Clock {
public:
    [[nodiscard]] std::chrono::steady_clock::time_point now() const override { return m_now; }
    [[nodiscard]] std::chrono::system_clock::time_point wall_time() const override {
        return m_wall_start
               + std::chrono::duration_cast<std::chrono::system_clock::duration>(m_now - m_start);
    }
    void sleep(std::chrono::milliseconds duration) override {
        sleeps.push_back(duration);
        advance(duration);
    }

    // Move time forward by `duration`.
    void advance(std::chrono::steady_clock::duration duration) { m_now += duration; }
    // Set the wall-clock time that corresponds to the current monotonic time.
    void set_wall_time(std::chrono::system_clock::time_point wall) {
        m_wall_start = wall;
        m_start = m_now;
    }

    // Every duration passed to sleep(), in order.
    std::vector<std::chrono::milliseconds> sleeps;

private:
    // Rationale: start far from the epoch so that code subtracting durations never underflows.
    std::chrono::steady_clock::time_point m_start{std::chrono::hours(1000)};
    std::chrono::steady_clock::time_point m_now{m_start};
    // 2024-01-01T00:00:00Z
    std::chrono::system_clock::time_point m_wall_start{std::chrono::seconds(1704067200)};
};

} // namespace jrun::test
