// SPDX-License-Identifier: BSD-2-Clause
#include "sys/detail/pump.hpp"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <utility>
#include <vector>

namespace jrun::sys::detail {

namespace {

constexpr std::size_t k_read_chunk = std::size_t{64} * 1024;
// Rationale: a grandchild that keeps the pipes open and writes forever must not keep a drain
// going forever; 4096 reads of up to 64 KiB is far beyond what a finished child can leave.
constexpr int k_max_drain_steps = 4096;

// Read what is ready on `fd` into `sink`; close `fd` at end of file.
Status read_into(Fd& fd, std::string& sink) {
    std::array<char, k_read_chunk> buffer{};
    const auto n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && (errno == EINTR || would_block(errno))) {
        return {};
    }
    if (n < 0) {
        return errno_error("cannot read a child's output", errno);
    }
    if (n == 0) {
        fd.reset();
        return {};
    }
    sink.append(buffer.data(), static_cast<std::size_t>(n));
    return {};
}

} // namespace

Pump::Pump(Fd stdin_write,
           std::string stdin_bytes,
           bool close_stdin_when_flushed,
           Fd out_read,
           Fd err_read)
    : m_in(std::move(stdin_write)),
      m_pending(std::move(stdin_bytes)),
      m_close_when_flushed(close_stdin_when_flushed),
      m_out(std::move(out_read)),
      m_err(std::move(err_read)) {
    maybe_close_stdin();
}

Result<bool> Pump::step(std::chrono::milliseconds limit) {
    std::vector<pollfd> fds;
    const bool want_write = m_in.valid() && m_written < m_pending.size();
    if (want_write) {
        fds.push_back({m_in.get(), POLLOUT, 0});
    }
    if (m_out.valid()) {
        fds.push_back({m_out.get(), POLLIN, 0});
    }
    if (m_err.valid()) {
        fds.push_back({m_err.get(), POLLIN, 0});
    }
    const int rc =
        ::poll(fds.data(), static_cast<nfds_t>(fds.size()), static_cast<int>(limit.count()));
    if (rc < 0) {
        if (errno == EINTR) {
            return true;
        }
        return errno_error("cannot poll a child's pipes", errno);
    }
    if (rc == 0) {
        return false;
    }
    std::size_t i = 0;
    if (want_write && fds[i++].revents != 0) {
        write_stdin();
    }
    for (; i < fds.size(); ++i) {
        if (fds[i].revents == 0) {
            continue;
        }
        auto& fd = fds[i].fd == m_out.get() ? m_out : m_err;
        auto& sink = fds[i].fd == m_out.get() ? m_out_bytes : m_err_bytes;
        if (auto st = read_into(fd, sink); !st) {
            return st.error();
        }
    }
    return true;
}

Status Pump::drain() {
    for (int i = 0; i < k_max_drain_steps; ++i) {
        if (outputs_closed() && !(m_in.valid() && m_written < m_pending.size())) {
            break;
        }
        auto moved = step(std::chrono::milliseconds(0));
        if (!moved) {
            return moved.error();
        }
        if (!*moved) {
            break;
        }
    }
    return {};
}

Status Pump::queue_stdin(std::string_view bytes) {
    if (!m_in.valid()) {
        return Error{ErrorKind::io, "cannot write to the child's stdin", "it is closed", {}};
    }
    m_pending.append(bytes);
    write_stdin();
    if (!m_in.valid()) {
        return Error{ErrorKind::io, "cannot write to the child's stdin", "the child closed it", {}};
    }
    return {};
}

void Pump::close_stdin() {
    m_close_when_flushed = true;
    maybe_close_stdin();
}

std::string Pump::take_out() {
    return std::exchange(m_out_bytes, {});
}

std::string Pump::take_err() {
    return std::exchange(m_err_bytes, {});
}

void Pump::close_all() {
    m_in.reset();
    m_out.reset();
    m_err.reset();
}

void Pump::write_stdin() {
    while (m_in.valid() && m_written < m_pending.size()) {
        const auto n =
            ::write(m_in.get(), m_pending.data() + m_written, m_pending.size() - m_written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && would_block(errno)) {
            return;
        }
        if (n < 0) {
            // Rationale: EPIPE means the child stopped reading (e.g. `head -c1`); that is its
            // business, not an error of jrun's, so the rest of the input is dropped.
            m_in.reset();
            return;
        }
        m_written += static_cast<std::size_t>(n);
    }
    if (m_written == m_pending.size()) {
        m_pending.clear();
        m_written = 0;
        maybe_close_stdin();
    }
}

void Pump::maybe_close_stdin() {
    if (m_close_when_flushed && m_written >= m_pending.size()) {
        m_in.reset();
    }
}

} // namespace jrun::sys::detail
