// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/fd.hpp"
#include "util/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace jrun::sys::detail {

// Move bytes between jrun and a child: queued stdin bytes out, stdout and stderr in, all through
// one poll() so that neither side blocks on a full pipe (no deadlock on large outputs).
class Pump {
public:
    Pump() = default;
    // `close_stdin_when_flushed`: close stdin once the queue is empty (Input::bytes).
    Pump(Fd stdin_write,
         std::string stdin_bytes,
         bool close_stdin_when_flushed,
         Fd out_read,
         Fd err_read);

    // Wait at most `limit` for any descriptor to be ready, then move what can be moved. Return
    // true when something moved or a signal interrupted the wait. Fails with `io`.
    [[nodiscard]] Result<bool> step(std::chrono::milliseconds limit);
    // Move what is ready now, until nothing is. Fails with `io`.
    [[nodiscard]] Status drain();

    // Queue `bytes` for stdin. Fails with `io` when stdin is closed.
    [[nodiscard]] Status queue_stdin(std::string_view bytes);
    // Close stdin once the queue is empty.
    void close_stdin();

    // True once stdout and stderr are closed (or never captured) and stdin is done.
    [[nodiscard]] bool outputs_closed() const { return !m_out.valid() && !m_err.valid(); }
    [[nodiscard]] bool finished() const { return outputs_closed() && !m_in.valid(); }

    // Return and forget what the child wrote so far.
    [[nodiscard]] std::string take_out();
    [[nodiscard]] std::string take_err();
    // Close every descriptor (the child is gone; what it left behind is not waited for).
    void close_all();

private:
    void write_stdin();
    void maybe_close_stdin();

    Fd m_in;
    std::string m_pending;
    std::size_t m_written = 0;
    bool m_close_when_flushed = true;
    Fd m_out;
    Fd m_err;
    std::string m_out_bytes;
    std::string m_err_bytes;
};

} // namespace jrun::sys::detail
