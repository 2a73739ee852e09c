// SPDX-License-Identifier: BSD-2-Clause
#pragma once

namespace jrun::sys {

// Tell whether the user asked jrun to stop (SIGINT, SIGTERM or SIGHUP). The executor polls it
// between steps, and RealProcessRunner while it waits for a child (ninja's model: set a flag,
// start nothing new, terminate the children, exit 130).
class Signals {
public:
    Signals() = default;
    virtual ~Signals() = default;
    Signals(const Signals&) = delete;
    Signals& operator=(const Signals&) = delete;
    Signals(Signals&&) = delete;
    Signals& operator=(Signals&&) = delete;

    [[nodiscard]] virtual bool interrupted() const = 0;
    // Return the signal that arrived first (0 when none did).
    [[nodiscard]] virtual int received() const = 0;
};

// Install handlers for SIGINT, SIGTERM and SIGHUP that only record the signal; restore the
// previous handlers at destruction. At most one RealSignals may exist at a time.
class RealSignals final : public Signals {
public:
    RealSignals();
    ~RealSignals() override;
    RealSignals(const RealSignals&) = delete;
    RealSignals& operator=(const RealSignals&) = delete;
    RealSignals(RealSignals&&) = delete;
    RealSignals& operator=(RealSignals&&) = delete;

    [[nodiscard]] bool interrupted() const override;
    [[nodiscard]] int received() const override;
    // Forget the recorded signal.
    void clear();
};

// Ignore SIGPIPE in jrun (children still get the default action), so that writing to a child
// that closed its stdin fails with EPIPE instead of killing jrun. Idempotent.
void ignore_sigpipe();

} // namespace jrun::sys
