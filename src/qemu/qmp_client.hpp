// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/clock.hpp"
#include "sys/signals.hpp"
#include "sys/stream.hpp"
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::qemu {

// The QMP greeting: QEMU's version and the capabilities it offers.
struct QmpGreeting {
    int major = 0;
    int minor = 0;
    int micro = 0;
    std::string package;
    std::vector<std::string> capabilities;
};

// An asynchronous QMP event ("SHUTDOWN", "POWERDOWN", ...).
struct QmpEvent {
    std::string name;
    nlohmann::json data = nlohmann::json::object();
    std::int64_t seconds = 0; // QEMU's timestamp
    std::int64_t microseconds = 0;
};

struct QmpOptions {
    // How long a command may wait for its reply (and the handshake for the greeting).
    std::chrono::milliseconds timeout{10000};
    // Polled while waiting; a signal ends the wait with `interrupted`. Null: never.
    const sys::Signals* signals = nullptr;
    // Events kept until taken; the oldest are dropped beyond this.
    std::size_t max_buffered_events = 1024;
};

// A QMP client over a connected Stream: handshake, commands matched to replies by `id`, and
// events buffered whenever they arrive (an event may come before a reply: QEMU 7.2 sends
// SHUTDOWN before `quit` returns). Errors: `timeout`; `protocol` when QEMU sends something
// that is not QMP; `remote` when a command fails (why = QEMU's desc and error class) or QEMU
// closes the connection (then closed() is true); `io` from the stream; `interrupted`.
class QmpClient {
public:
    QmpClient(sys::Stream& stream, sys::Clock& clock, QmpOptions options = {});

    // Read the greeting and leave capabilities negotiation (`qmp_capabilities`).
    [[nodiscard]] Result<QmpGreeting> handshake();
    // Run `command` with `arguments` (an object, or null for none) and return its `return`
    // value. Waits at most the configured timeout, or `limit`.
    [[nodiscard]] Result<nlohmann::json> execute(std::string_view command,
                                                 const nlohmann::json& arguments = nullptr);
    [[nodiscard]] Result<nlohmann::json> execute(std::string_view command,
                                                 const nlohmann::json& arguments,
                                                 std::chrono::milliseconds limit);
    // Return the first event called `name`, buffered or arriving within `limit`; earlier
    // events of other names stay buffered.
    [[nodiscard]] Result<QmpEvent> wait_for_event(std::string_view name,
                                                  std::chrono::milliseconds limit);
    // Return the buffered events in arrival order and forget them.
    [[nodiscard]] std::vector<QmpEvent> take_events();
    // True once QEMU has closed the connection.
    [[nodiscard]] bool closed() const { return m_eof; }

private:
    // One wait for a message: until `deadline` (`limit` after it began); `what` names the
    // awaited message in errors ("reply to QMP command 'quit'").
    struct Wait {
        std::chrono::steady_clock::time_point deadline;
        std::chrono::milliseconds limit;
        std::string what;
    };

    [[nodiscard]] Wait start_wait(std::chrono::milliseconds limit, std::string what) const;
    // Return the next complete message, reading until the wait's deadline.
    [[nodiscard]] Result<nlohmann::json> next_message(const Wait& wait);
    [[nodiscard]] Status fill(const Wait& wait);
    [[nodiscard]] Result<nlohmann::json>
    await_reply(std::string_view command, std::uint64_t id, const Wait& wait);
    void buffer_event(const nlohmann::json& message);
    // Read what is pending without waiting; return true when it ends with end of file.
    bool notice_eof();

    sys::Stream& m_stream;
    sys::Clock& m_clock;
    QmpOptions m_options;
    std::string m_input;
    std::deque<QmpEvent> m_events;
    std::uint64_t m_next_id = 1;
    bool m_eof = false;
};

} // namespace jrun::qemu
