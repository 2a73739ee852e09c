// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_clock.hpp"
#include "fakes/fake_signals.hpp"
#include "sys/clock.hpp"
#include "sys/signals.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

namespace jrun::sys {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

TEST(FakeClock, MovesOnlyWhenToldAndRecordsSleeps) {
    test::FakeClock clock;
    const auto start = clock.now();
    const auto wall = clock.wall_time();
    EXPECT_EQ(clock.now(), start);
    clock.sleep(250ms);
    clock.advance(1s);
    EXPECT_EQ(clock.now() - start, 1250ms);
    EXPECT_EQ(clock.wall_time() - wall, 1250ms);
    EXPECT_THAT(clock.sleeps, ElementsAre(250ms));
}

TEST(FakeClock, WallTimeCanBeSet) {
    test::FakeClock clock;
    const auto epoch_2030 = std::chrono::system_clock::time_point(std::chrono::seconds(1893456000));
    clock.set_wall_time(epoch_2030);
    clock.advance(5s);
    EXPECT_EQ(clock.wall_time(), epoch_2030 + 5s);
}

TEST(RealClock, IsMonotonicAndSleeps) {
    RealClock clock;
    const auto before = clock.now();
    clock.sleep(2ms);
    EXPECT_GE(clock.now() - before, 2ms);
}

TEST(RealSignals, RecordsTheFirstSignalUntilCleared) {
    RealSignals signals;
    EXPECT_FALSE(signals.interrupted());
    std::raise(SIGTERM);
    std::raise(SIGINT);
    EXPECT_TRUE(signals.interrupted());
    EXPECT_EQ(signals.received(), SIGTERM);
    signals.clear();
    EXPECT_FALSE(signals.interrupted());
}

TEST(RealSignals, RestoresThePreviousHandlersWhenDestroyed) {
    struct sigaction before {};
    sigaction(SIGINT, nullptr, &before);
    {
        RealSignals signals;
        struct sigaction during {};
        sigaction(SIGINT, nullptr, &during);
        EXPECT_NE(during.sa_handler, before.sa_handler);
    }
    struct sigaction after {};
    sigaction(SIGINT, nullptr, &after);
    EXPECT_EQ(after.sa_handler, before.sa_handler);
}

TEST(FakeSignals, KeepsTheFirstRaisedSignal) {
    test::FakeSignals signals;
    EXPECT_FALSE(signals.interrupted());
    signals.raise(SIGHUP);
    signals.raise(SIGINT);
    EXPECT_EQ(signals.received(), SIGHUP);
    signals.clear();
    EXPECT_EQ(signals.received(), 0);
}

} // namespace
} // namespace jrun::sys
