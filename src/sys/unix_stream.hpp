// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/fd.hpp"
#include "sys/stream.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>

namespace jrun::sys {

// The longest Unix socket path every supported host accepts (sun_path is 104 bytes on macOS
// and the BSDs, 108 on Linux, both including the terminating NUL).
constexpr std::size_t k_max_unix_socket_path = 103;

// A Stream over a connected stream socket (Unix domain in practice). Owns the descriptor.
class UnixStream final : public Stream {
public:
    // Take ownership of the connected socket `fd` and make it non-blocking.
    explicit UnixStream(Fd fd);

    [[nodiscard]] Result<StreamRead> read(std::chrono::milliseconds limit) override;
    [[nodiscard]] Status write(std::string_view bytes, std::chrono::milliseconds limit) override;

private:
    [[nodiscard]] Result<std::size_t> send_some(std::string_view bytes);

    Fd m_fd;
};

// Connect to the Unix stream socket at `path`. Fails with `io` naming the path: it is missing
// or too long, nobody listens (ECONNREFUSED), or it is not a socket.
[[nodiscard]] Result<std::unique_ptr<Stream>> connect_unix(const std::filesystem::path& path);

} // namespace jrun::sys
