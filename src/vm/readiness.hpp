// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Waiting for a freshly launched VM: console progress first, then SSH with short back-off
// (SPEC §7: ready within about a second of sshd accepting, no 5-second polling).

#include "qemu/qmp_client.hpp"
#include "vm/ports.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace jrun::vm {

struct ReadinessOptions {
    std::string console_log; // watched for progress; empty = not watched (tty mode)
    std::string host = "127.0.0.1";
    std::uint16_t ssh_port = 2222;
    // A boot that writes nothing to the console for this long is taken as hung.
    std::chrono::milliseconds console_silence_limit{std::chrono::seconds(120)};
    // The whole wait, from launch to a successful login.
    std::chrono::milliseconds ready_limit{std::chrono::minutes(10)};
    // How long one banner probe waits for sshd's greeting once connected. Rationale: QEMU's
    // user network accepts at once and then either closes (guest up, nothing listening) or
    // stays silent (guest network not up yet), so a long wait would delay noticing sshd by up
    // to that long; a very short one (200 ms) made TCG-slow sshd children pile up until sshd
    // refused everyone (MaxStartups). 3 s keeps both small.
    std::chrono::milliseconds banner_timeout{std::chrono::seconds(3)};
    // Between banner probes; login probes back off from `login_backoff_first` doubling up to
    // `login_backoff_max`.
    std::chrono::milliseconds banner_interval{200};
    std::chrono::milliseconds login_backoff_first{100};
    std::chrono::milliseconds login_backoff_max{800};
};

// What the wait saw, for messages and benchmarks.
struct Readiness {
    std::chrono::milliseconds first_console{0}; // launch -> first console byte
    std::chrono::milliseconds first_banner{0};  // launch -> sshd answered
    std::chrono::milliseconds ready{0};         // launch -> login succeeded
    int banner_probes = 0;
    int login_probes = 0;
};

// Wait until the VM accepts SSH logins. `qmp` is asked whether QEMU still runs between probes.
// Fails with `timeout` when the console stays silent (the tail of the log and the hint
// JRUN_QEMU_ACCEL=tcg: some Linux hosts offer a /dev/kvm under which guests hang) or the VM
// is not ready in time, with `process` when QEMU exits, `interrupted` on a signal.
[[nodiscard]] Result<Readiness>
wait_until_ready(VmPorts& ports, qemu::QmpClient& qmp, const ReadinessOptions& options);

// Return the last `lines` lines of `text`.
[[nodiscard]] std::string tail_lines(std::string_view text, std::size_t lines);

} // namespace jrun::vm
