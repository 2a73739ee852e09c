// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace jrun::sys {

// What one Stream::read() returned: the bytes that arrived, and whether the peer has closed
// its end. No bytes and no `eof` means the time ran out.
struct StreamRead {
    std::string bytes;
    bool eof = false;
};

// A connected byte stream (a QMP socket, ...). Tests use ScriptedStream, so nothing waits for
// real. Rationale: read() waits and reads in one call (as Child::read_output does), so that a
// fake only scripts what arrives when, not a poll/read protocol.
class Stream {
public:
    Stream() = default;
    virtual ~Stream() = default;
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;
    Stream(Stream&&) = delete;
    Stream& operator=(Stream&&) = delete;

    // Wait at most `limit` for bytes and return what arrived. May return early with no bytes
    // (a signal woke it), so callers loop until their own deadline. Fails with `io`.
    [[nodiscard]] virtual Result<StreamRead> read(std::chrono::milliseconds limit) = 0;
    // Write all of `bytes` within `limit`. Fails with `timeout` when the peer does not take
    // them in time, with `io` when it has gone (never raises SIGPIPE).
    [[nodiscard]] virtual Status write(std::string_view bytes, std::chrono::milliseconds limit) = 0;
};

} // namespace jrun::sys
