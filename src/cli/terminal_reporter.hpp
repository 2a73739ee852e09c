// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Live progress of `up`/`down` on the terminal: one line per event, prefixed with the jail, so
// that parallel deploys stay readable (and greppable in CI logs).

#include "apply/ports.hpp"
#include "state/state_store.hpp"

#include <mutex>
#include <ostream>

namespace jrun::cli {

class TerminalReporter final : public apply::Reporter {
public:
    TerminalReporter(std::ostream& out, bool color)
        : m_out(out),
          m_color(color) {}

    void progress(std::string_view jail, std::string_view text) override;
    void finished(std::string_view jail, const Error* error) override;

private:
    void prefix(std::string_view jail);

    std::mutex m_mutex;
    std::ostream& m_out;
    bool m_color;
};

// Saves the state through the store after every change (the lock is held by the command).
class StoreStateSink final : public apply::StateSink {
public:
    explicit StoreStateSink(state::StateStore& store)
        : m_store(store) {}
    [[nodiscard]] Status save(const model::Recorded& recorded) override;

private:
    state::StateStore& m_store;
};

} // namespace jrun::cli
