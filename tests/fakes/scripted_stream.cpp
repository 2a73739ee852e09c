// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/scripted_stream.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace jrun::test {

ScriptedStream& ScriptedStream::feed(std::string bytes) {
    m_script.emplace_back(Bytes{std::move(bytes)});
    return *this;
}

ScriptedStream& ScriptedStream::delay(std::chrono::milliseconds duration) {
    m_script.emplace_back(Delay{duration});
    return *this;
}

ScriptedStream& ScriptedStream::after_writes(std::size_t lines) {
    m_script.emplace_back(Gate{lines});
    return *this;
}

ScriptedStream& ScriptedStream::eof() {
    m_script.emplace_back(Eof{});
    return *this;
}

ScriptedStream& ScriptedStream::fail_read(Error error) {
    m_script.emplace_back(Fail{std::move(error)});
    return *this;
}

ScriptedStream& ScriptedStream::fail_writes(Error error) {
    m_write_error = std::move(error);
    return *this;
}

std::size_t ScriptedStream::lines_written() const {
    return static_cast<std::size_t>(std::count(m_written.begin(), m_written.end(), '\n'));
}

std::chrono::milliseconds ScriptedStream::settle(std::chrono::milliseconds budget) {
    std::chrono::milliseconds used{0};
    while (!m_script.empty()) {
        if (auto* gate = std::get_if<Gate>(&m_script.front())) {
            if (lines_written() < gate->lines) {
                break;
            }
            m_script.pop_front();
            continue;
        }
        auto* pause = std::get_if<Delay>(&m_script.front());
        if (pause == nullptr) {
            break;
        }
        const auto step = std::min(pause->left, budget - used);
        m_clock.advance(step);
        used += step;
        pause->left -= step;
        if (pause->left.count() > 0) {
            break;
        }
        m_script.pop_front();
    }
    return used;
}

Result<sys::StreamRead> ScriptedStream::read(std::chrono::milliseconds limit) {
    ++m_reads;
    const auto used = settle(limit);
    if (!m_script.empty()) {
        if (auto* bytes = std::get_if<Bytes>(&m_script.front())) {
            sys::StreamRead chunk{std::move(bytes->bytes), false};
            m_script.pop_front();
            return chunk;
        }
        if (std::holds_alternative<Eof>(m_script.front())) {
            return sys::StreamRead{{}, true};
        }
        if (auto* fail = std::get_if<Fail>(&m_script.front())) {
            Error error = std::move(fail->error);
            m_script.pop_front();
            return error;
        }
    }
    // Nothing to deliver within `limit`: a real read would have waited all of it.
    m_clock.advance(limit - used);
    return sys::StreamRead{};
}

Status ScriptedStream::write(std::string_view bytes, std::chrono::milliseconds /*limit*/) {
    if (m_write_error) {
        return *m_write_error;
    }
    m_written.append(bytes);
    return {};
}

std::vector<std::string> ScriptedStream::written_lines() const {
    auto lines = split(m_written, '\n');
    if (!lines.empty() && lines.back().empty()) {
        lines.pop_back();
    }
    return lines;
}

bool ScriptedStream::finished() const {
    return m_script.empty() || std::holds_alternative<Eof>(m_script.front());
}

} // namespace jrun::test
