// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A tiny HTTP/1.1 server on 127.0.0.1 for download tests: GET with `Range: bytes=N-`, one
// connection at a time, faults on demand (cut the body after N bytes, ignore ranges). Stopped
// and joined by its destructor, so a failing test cannot leave it running.

#include "sys/fd.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace jrun::test {

class TinyHttpServer {
public:
    TinyHttpServer();
    ~TinyHttpServer();
    TinyHttpServer(const TinyHttpServer&) = delete;
    TinyHttpServer& operator=(const TinyHttpServer&) = delete;
    TinyHttpServer(TinyHttpServer&&) = delete;
    TinyHttpServer& operator=(TinyHttpServer&&) = delete;

    // Serve `body` at `path` ("/a/b.raw.xz").
    void serve(const std::string& path, std::string body);
    // Close the connection after sending `bytes` of the next body of `path`.
    void cut_next_after(const std::string& path, std::size_t bytes);
    // Answer every request with the whole body (200), ignoring Range headers.
    void ignore_ranges() { m_ignore_ranges = true; }

    [[nodiscard]] std::string base_url() const;
    // Return the Range header of every request so far ("" when there was none), in order.
    [[nodiscard]] std::vector<std::string> ranges_seen() const;

private:
    void run();
    void handle(int client);
    [[nodiscard]] std::string
    respond(const std::string& path, const std::string& range, std::optional<std::size_t>& cut);

    sys::Fd m_listener;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_ignore_ranges{false};
    mutable std::mutex m_mutex;
    std::map<std::string, std::string> m_bodies;
    std::map<std::string, std::size_t> m_cuts;
    std::vector<std::string> m_ranges;
    std::thread m_thread;
};

} // namespace jrun::test
