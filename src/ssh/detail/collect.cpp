// SPDX-License-Identifier: BSD-2-Clause
#include "ssh/detail/collect.hpp"

namespace jrun::ssh::detail {

namespace {

constexpr std::chrono::milliseconds k_read_slice{100};

// Split stdout into lines for a LineSink, keeping the unfinished tail.
class LineSplitter {
public:
    explicit LineSplitter(const LineSink& sink)
        : m_sink(sink) {}

    void feed(std::string_view bytes) {
        if (!m_sink) {
            return;
        }
        m_tail.append(bytes);
        std::size_t start = 0;
        for (auto end = m_tail.find('\n'); end != std::string::npos;
             end = m_tail.find('\n', start)) {
            m_sink(std::string_view(m_tail).substr(start, end - start));
            start = end + 1;
        }
        m_tail.erase(0, start);
    }

    void finish() {
        if (m_sink && !m_tail.empty()) {
            m_sink(m_tail);
        }
        m_tail.clear();
    }

private:
    const LineSink& m_sink;
    std::string m_tail;
};

// Read until both streams close or the child exits (a daemonised ssh master may keep a copy of
// a pipe open; Child::wait then takes what is left).
Status pump(sys::Child& child, LineSplitter& lines, sys::Completed& collected) {
    for (;;) {
        auto chunk = child.read_output(k_read_slice);
        if (!chunk) {
            return chunk.error();
        }
        collected.out += chunk->out;
        collected.err += chunk->err;
        lines.feed(chunk->out);
        if (chunk->eof) {
            return {};
        }
        auto exited = child.try_wait();
        if (!exited) {
            return exited.error();
        }
        if (*exited) {
            return {};
        }
    }
}

} // namespace

Result<sys::Completed>
run_collecting(sys::ProcessRunner& runner, const sys::Command& command, const LineSink& on_line) {
    auto child = runner.spawn(command);
    if (!child) {
        return child.error();
    }
    LineSplitter lines(on_line);
    sys::Completed collected;
    if (auto st = pump(**child, lines, collected); !st) {
        return st.error();
    }
    auto done = (*child)->wait();
    if (!done) {
        return done.error();
    }
    lines.feed(done->out);
    lines.finish();
    done->out = collected.out + done->out;
    done->err = collected.err + done->err;
    return done;
}

int shell_exit_code(const sys::ExitStatus& status) {
    if (auto code = status.code()) {
        return *code;
    }
    return 128 + status.signal().value_or(0);
}

} // namespace jrun::ssh::detail
