// SPDX-License-Identifier: BSD-2-Clause
#include "sys/fd.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace jrun::sys {

void Fd::reset(int fd) {
    if (m_fd >= 0) {
        // Rationale: close() is not retried on EINTR; on Linux and the BSDs the descriptor is
        // released whatever close() returns, and retrying could close a reused number.
        ::close(m_fd);
    }
    m_fd = fd;
}

bool would_block(int error_number) {
#if EAGAIN == EWOULDBLOCK
    return error_number == EAGAIN;
#else
    return error_number == EAGAIN || error_number == EWOULDBLOCK;
#endif
}

Error errno_error(std::string what, int error_number) {
    return Error{ErrorKind::io, std::move(what), std::strerror(error_number), {}};
}

#if defined(__APPLE__)
namespace {

Status set_cloexec(int fd) {
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0 || ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) {
        return errno_error("cannot set close-on-exec", errno);
    }
    return {};
}

} // namespace
#endif

Result<Pipe> make_pipe() {
    std::array<int, 2> fds{-1, -1};
#if defined(__APPLE__)
    // Rationale: macOS has no pipe2(); the window before FD_CLOEXEC is set only matters when
    // another thread spawns at the same moment.
    if (::pipe(fds.data()) != 0) {
        return errno_error("cannot create a pipe", errno);
    }
    Pipe pipe{Fd(fds[0]), Fd(fds[1])};
    if (auto st = set_cloexec(pipe.read.get()); !st) {
        return st.error();
    }
    if (auto st = set_cloexec(pipe.write.get()); !st) {
        return st.error();
    }
    return pipe;
#else
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
        return errno_error("cannot create a pipe", errno);
    }
    return Pipe{Fd(fds[0]), Fd(fds[1])};
#endif
}

Status set_nonblocking(int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return errno_error("cannot make a descriptor non-blocking", errno);
    }
    return {};
}

} // namespace jrun::sys
