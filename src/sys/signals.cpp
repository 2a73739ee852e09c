// SPDX-License-Identifier: BSD-2-Clause
#include "sys/signals.hpp"

#include <array>
#include <cassert>
#include <csignal>

namespace jrun::sys {

namespace {

// Rationale: a signal handler may only touch lock-free atomics or volatile sig_atomic_t.
volatile std::sig_atomic_t g_received = 0;
bool g_installed = false;

constexpr std::array k_handled{SIGINT, SIGTERM, SIGHUP};
std::array<struct sigaction, k_handled.size()> g_previous{};

extern "C" void record_signal(int signal_number) {
    if (g_received == 0) {
        g_received = signal_number;
    }
}

} // namespace

RealSignals::RealSignals() {
    assert(!g_installed && "only one RealSignals may exist at a time");
    g_installed = true;
    g_received = 0;
    struct sigaction action {};
    action.sa_handler = &record_signal;
    sigemptyset(&action.sa_mask);
    // Rationale: no SA_RESTART, so that a poll() waiting for a child returns EINTR at once.
    action.sa_flags = 0;
    for (std::size_t i = 0; i < k_handled.size(); ++i) {
        sigaction(k_handled[i], &action, &g_previous[i]);
    }
}

RealSignals::~RealSignals() {
    for (std::size_t i = 0; i < k_handled.size(); ++i) {
        sigaction(k_handled[i], &g_previous[i], nullptr);
    }
    g_installed = false;
}

bool RealSignals::interrupted() const {
    return g_received != 0;
}

int RealSignals::received() const {
    return g_received;
}

// NOLINTNEXTLINE(readability-convert-member-functions-to-static): a member, like the queries
void RealSignals::clear() {
    g_received = 0;
}

void ignore_sigpipe() {
    struct sigaction action {};
    action.sa_handler = SIG_IGN;
    sigemptyset(&action.sa_mask);
    sigaction(SIGPIPE, &action, nullptr);
}

} // namespace jrun::sys
