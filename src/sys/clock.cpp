// SPDX-License-Identifier: BSD-2-Clause
#include "sys/clock.hpp"

#include <thread>

namespace jrun::sys {

std::chrono::steady_clock::time_point RealClock::now() const {
    return std::chrono::steady_clock::now();
}

std::chrono::system_clock::time_point RealClock::wall_time() const {
    return std::chrono::system_clock::now();
}

void RealClock::sleep(std::chrono::milliseconds duration) {
    std::this_thread::sleep_for(duration);
}

} // namespace jrun::sys
