// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/signals.hpp"

#include <atomic>

namespace jrun::test {

// Signals that arrive when the test says so (from any thread: a worker may poll them).
class FakeSignals final : public sys::Signals {
public:
    [[nodiscard]] bool interrupted() const override { return m_received.load() != 0; }
    [[nodiscard]] int received() const override { return m_received.load(); }

    // Record `signal_number` as if it had arrived (the first one wins, as with RealSignals).
    void raise(int signal_number) {
        int none = 0;
        (void)m_received.compare_exchange_strong(none, signal_number);
    }
    void clear() { m_received.store(0); }

private:
    std::atomic<int> m_received{0};
};

} // namespace jrun::test
