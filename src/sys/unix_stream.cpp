// SPDX-License-Identifier: BSD-2-Clause
#include "sys/unix_stream.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jrun::sys {

namespace {

constexpr std::size_t k_read_chunk = std::size_t{64} * 1024;

using SteadyClock = std::chrono::steady_clock;

// Return the milliseconds left until `deadline`, never negative.
int remaining_ms(SteadyClock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Wait up to `limit_ms` for `events` on `fd`; return the revents (0 on timeout or EINTR).
Result<short> wait_for(int fd, short events, int limit_ms) {
    pollfd entry{fd, events, 0};
    const int rc = ::poll(&entry, 1, limit_ms);
    if (rc < 0 && errno != EINTR) {
        return errno_error("cannot poll a socket", errno);
    }
    return rc > 0 ? entry.revents : static_cast<short>(0);
}

#if !defined(MSG_NOSIGNAL)
constexpr int MSG_NOSIGNAL = 0; // NOLINT(readability-identifier-naming): the POSIX name
#endif

Status prepare_socket(int fd) {
#if defined(SO_NOSIGPIPE)
    // Rationale: macOS has no MSG_NOSIGNAL; the socket option does the same for every send.
    const int on = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on) != 0) {
        return errno_error("cannot configure a socket", errno);
    }
#endif
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0 || ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) {
        return errno_error("cannot set close-on-exec", errno);
    }
    return set_nonblocking(fd);
}

} // namespace

UnixStream::UnixStream(Fd fd)
    : m_fd(std::move(fd)) {
    // Rationale: a failure here leaves a blocking socket, which still works (poll() guards
    // every read); the constructor cannot report it and connect_unix() checks it first.
    (void)prepare_socket(m_fd.get());
}

Result<StreamRead> UnixStream::read(std::chrono::milliseconds limit) {
    auto ready = wait_for(m_fd.get(), POLLIN, static_cast<int>(limit.count()));
    if (!ready) {
        return ready.error();
    }
    if (*ready == 0) {
        return StreamRead{};
    }
    std::string buffer(k_read_chunk, '\0');
    const ssize_t n = ::recv(m_fd.get(), buffer.data(), buffer.size(), 0);
    if (n < 0) {
        if (would_block(errno) || errno == EINTR) {
            return StreamRead{};
        }
        if (errno == ECONNRESET) {
            return StreamRead{{}, true};
        }
        return errno_error("cannot read from a socket", errno);
    }
    buffer.resize(static_cast<std::size_t>(n));
    return StreamRead{std::move(buffer), n == 0};
}

Result<std::size_t> UnixStream::send_some(std::string_view bytes) {
    const ssize_t n = ::send(m_fd.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n >= 0) {
        return static_cast<std::size_t>(n);
    }
    if (would_block(errno) || errno == EINTR) {
        return std::size_t{0};
    }
    return errno_error("cannot write to a socket", errno);
}

Status UnixStream::write(std::string_view bytes, std::chrono::milliseconds limit) {
    const auto deadline = SteadyClock::now() + limit;
    while (!bytes.empty()) {
        auto sent = send_some(bytes);
        if (!sent) {
            return sent.error();
        }
        bytes.remove_prefix(*sent);
        if (bytes.empty()) {
            break;
        }
        const int left = remaining_ms(deadline);
        if (left == 0) {
            return Error{
                ErrorKind::timeout, "cannot write to a socket", "the peer stopped reading", {}};
        }
        if (auto ready = wait_for(m_fd.get(), POLLOUT, left); !ready) {
            return ready.error();
        }
    }
    return {};
}

Result<std::unique_ptr<Stream>> connect_unix(const std::filesystem::path& path) {
    const std::string& name = path.native();
    const std::string what = "cannot connect to '" + name + "'";
    sockaddr_un address{};
    if (name.size() > k_max_unix_socket_path || name.size() >= sizeof address.sun_path) {
        return Error{ErrorKind::io, what, "the socket path is too long", "use a shorter JRUN_HOME"};
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.c_str(), name.size() + 1);
    Fd fd(::socket(AF_UNIX, SOCK_STREAM, 0));
    if (!fd) {
        return errno_error(what, errno);
    }
    if (auto st = prepare_socket(fd.get()); !st) {
        return st.error();
    }
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    const auto* generic = reinterpret_cast<const sockaddr*>(&address);
    // Rationale: connect() on a Unix socket completes at once or fails (no EINPROGRESS wait
    // worth a timeout); EAGAIN means the listener's backlog is full.
    if (::connect(fd.get(), generic, sizeof address) != 0) {
        return errno_error(what, errno);
    }
    return std::unique_ptr<Stream>(std::make_unique<UnixStream>(std::move(fd)));
}

} // namespace jrun::sys
