// SPDX-License-Identifier: BSD-2-Clause
#include "apply/detail/scheduler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace jrun::apply::detail {
namespace {

using ::testing::ElementsAre;

TEST(Scheduler, RunsATaskOnlyAfterWhatItNeeds) {
    std::mutex mutex;
    std::vector<std::size_t> order;
    const auto results = run_tasks({{1}, {}, {0, 1}}, 3, [&](std::size_t i) {
        const std::lock_guard lock(mutex);
        order.push_back(i);
        return Status{};
    });
    EXPECT_THAT(order, ElementsAre(1, 0, 2));
    for (const auto& result : results) {
        EXPECT_EQ(result.state, TaskState::succeeded);
    }
}

TEST(Scheduler, SkipsEveryDependentOfAFailedTask) {
    const auto results = run_tasks({{}, {0}, {1}, {}}, 2, [](std::size_t i) {
        return i == 0 ? Status(Error{ErrorKind::remote, "boom", "", ""}) : Status{};
    });
    EXPECT_EQ(results[0].state, TaskState::failed);
    EXPECT_EQ(results[1].state, TaskState::skipped);
    EXPECT_EQ(results[1].blocked_by, 0U);
    EXPECT_EQ(results[2].state, TaskState::skipped);
    EXPECT_EQ(results[2].blocked_by, 1U);
    EXPECT_EQ(results[3].state, TaskState::succeeded);
}

TEST(Scheduler, RunsIndependentTasksConcurrentlyUpToTheJobLimit) {
    std::atomic<int> running{0};
    std::atomic<int> peak{0};
    // Each task holds its slot until `jobs` tasks run at once (or 5 s pass), so the peak is
    // exactly the limit when the scheduler really runs that many in parallel.
    const auto work_with = [&](int jobs) {
        return [&, jobs](std::size_t /*i*/) {
            const int now = ++running;
            for (int seen = peak.load(); now > seen && !peak.compare_exchange_weak(seen, now);) {
            }
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (peak.load() < jobs && std::chrono::steady_clock::now() < give_up) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            --running;
            return Status{};
        };
    };
    (void)run_tasks({{}, {}, {}, {}, {}, {}}, 3, work_with(3));
    EXPECT_EQ(peak.load(), 3);
    peak = 0;
    (void)run_tasks({{}, {}, {}, {}}, 1, work_with(1));
    EXPECT_EQ(peak.load(), 1);
}

TEST(Scheduler, StartsNothingNewAfterAnInterrupt) {
    std::atomic<int> calls{0};
    const auto results = run_tasks({{}, {}, {}}, 1, [&](std::size_t /*i*/) {
        ++calls;
        return Status(Error{ErrorKind::interrupted, "interrupted", "", ""});
    });
    EXPECT_EQ(calls.load(), 1);
    EXPECT_EQ(results[1].state, TaskState::waiting);
}

} // namespace
} // namespace jrun::apply::detail
