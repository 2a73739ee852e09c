// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/signals.hpp"

namespace jrun::test {

// Signals that arrive when the test says so.
class FakeSignals final : public sys::Signals {
public:
    [[nodiscard]] bool interrupted() const override { return m_received != 0; }
    [[nodiscard]] int received() const override { return m_received; }

    // Record `signal_number` as if it had arrived (the first one wins, as with RealSignals).
    void raise(int signal_number) {
        if (m_received == 0) {
            m_received = signal_number;
        }
    }
    void clear() { m_received = 0; }

private:
    int m_received = 0;
};

} // namespace jrun::test
