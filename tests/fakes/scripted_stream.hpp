// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "fakes/fake_clock.hpp"
#include "sys/stream.hpp"

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace jrun::test {

// A Stream that plays a script: bytes that arrive (after FakeClock delays, or only once the
// code under test has written a number of lines), then end of file or a read error. Every
// write is recorded. A read that finds nothing to deliver advances the clock by its whole
// limit, as a real socket would make it wait.
//   ScriptedStream s(clock);
//   s.feed(greeting).after_writes(1).feed(R"({"return": {}, "id": 1})" "\n").delay(5s).eof();
class ScriptedStream final : public sys::Stream {
public:
    explicit ScriptedStream(FakeClock& clock)
        : m_clock(clock) {}

    // Deliver `bytes` (as one read) once everything before them is delivered.
    ScriptedStream& feed(std::string bytes);
    // Deliver what follows only after `duration` of clock time.
    ScriptedStream& delay(std::chrono::milliseconds duration);
    // Deliver what follows only once `lines` newline-terminated lines have been written in all.
    ScriptedStream& after_writes(std::size_t lines);
    // Report end of file (for ever) once everything before is delivered.
    ScriptedStream& eof();
    // Fail the read that reaches this point with `error`.
    ScriptedStream& fail_read(Error error);
    // Fail every write from now on with `error` (e.g. the peer has gone).
    ScriptedStream& fail_writes(Error error);

    [[nodiscard]] Result<sys::StreamRead> read(std::chrono::milliseconds limit) override;
    [[nodiscard]] Status write(std::string_view bytes, std::chrono::milliseconds limit) override;

    // Everything written so far, and the same split into lines (without the '\n').
    [[nodiscard]] const std::string& written() const { return m_written; }
    [[nodiscard]] std::vector<std::string> written_lines() const;
    // True when the whole script has been delivered (an `eof` counts as delivered).
    [[nodiscard]] bool finished() const;
    // The number of read() calls made.
    [[nodiscard]] int reads() const { return m_reads; }

private:
    struct Bytes {
        std::string bytes;
    };
    struct Delay {
        std::chrono::milliseconds left;
    };
    struct Gate {
        std::size_t lines;
    };
    struct Eof {};
    struct Fail {
        Error error;
    };
    using Step = std::variant<Bytes, Delay, Gate, Eof, Fail>;

    [[nodiscard]] std::size_t lines_written() const;
    // Consume delays and open gates within `budget`; return the clock time used.
    std::chrono::milliseconds settle(std::chrono::milliseconds budget);

    FakeClock& m_clock;
    std::deque<Step> m_script;
    std::string m_written;
    std::optional<Error> m_write_error;
    int m_reads = 0;
};

} // namespace jrun::test
