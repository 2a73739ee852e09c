// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/result.hpp"

#include <utility>

namespace jrun::sys {

// Own one POSIX file descriptor and close it at destruction. Move-only.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd)
        : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&& other) noexcept
        : m_fd(other.release()) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset(other.release());
        }
        return *this;
    }

    [[nodiscard]] int get() const { return m_fd; }
    [[nodiscard]] bool valid() const { return m_fd >= 0; }
    explicit operator bool() const { return valid(); }

    // Give up ownership and return the descriptor (-1 when empty).
    [[nodiscard]] int release() { return std::exchange(m_fd, -1); }
    // Close the owned descriptor (if any) and own `fd` instead.
    void reset(int fd = -1);

private:
    int m_fd = -1;
};

// The two ends of a pipe: bytes written to `write` come out of `read`.
struct Pipe {
    Fd read;
    Fd write;
};

// Return a new pipe with both ends close-on-exec. Fails with `io` when out of descriptors.
[[nodiscard]] Result<Pipe> make_pipe();

// Make `fd` non-blocking. Fails with `io`.
[[nodiscard]] Status set_nonblocking(int fd);

// Return true when `error_number` means "try again later" (EAGAIN or EWOULDBLOCK).
[[nodiscard]] bool would_block(int error_number);

// Return an `io` Error for the current errno: `<what>: <strerror(errno)>`.
[[nodiscard]] Error errno_error(std::string what, int error_number);

} // namespace jrun::sys
