// SPDX-License-Identifier: BSD-2-Clause
#include "image/http_server.hpp"

#include "util/strings.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace jrun::test {

namespace {

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
sockaddr* generic(sockaddr_in& address) {
    return reinterpret_cast<sockaddr*>(&address);
}

void send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return;
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
}

std::string read_head(int fd) {
    std::string head;
    char c = 0;
    while (head.find("\r\n\r\n") == std::string::npos && ::read(fd, &c, 1) == 1) {
        head.push_back(c);
    }
    return head;
}

std::string header(const std::string& head, std::string_view name) {
    for (const auto& line : split(head, '\n')) {
        if (line.size() > name.size() && line.compare(0, name.size(), name) == 0) {
            return std::string(trim(std::string_view(line).substr(name.size())));
        }
    }
    return {};
}

} // namespace

TinyHttpServer::TinyHttpServer()
    : m_listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    auto address = loopback(0);
    socklen_t size = sizeof address;
    if (::bind(m_listener.get(), generic(address), sizeof address) != 0
        || ::listen(m_listener.get(), 8) != 0
        || ::getsockname(m_listener.get(), generic(address), &size) != 0) {
        throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { run(); });
}

TinyHttpServer::~TinyHttpServer() {
    m_stop = true;
    m_thread.join();
}

void TinyHttpServer::serve(const std::string& path, std::string body) {
    std::lock_guard lock(m_mutex);
    m_bodies[path] = std::move(body);
}

void TinyHttpServer::cut_next_after(const std::string& path, std::size_t bytes) {
    std::lock_guard lock(m_mutex);
    m_cuts[path] = bytes;
}

std::string TinyHttpServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

std::vector<std::string> TinyHttpServer::ranges_seen() const {
    std::lock_guard lock(m_mutex);
    return m_ranges;
}

void TinyHttpServer::run() {
    while (!m_stop) {
        pollfd waiting{m_listener.get(), POLLIN, 0};
        if (::poll(&waiting, 1, 50) <= 0) {
            continue;
        }
        sys::Fd client(::accept4(m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (client) {
            handle(client.get());
        }
    }
}

void TinyHttpServer::handle(int client) {
    auto head = read_head(client);
    auto words = split(head.substr(0, head.find('\r')), ' ');
    if (words.size() < 2 || words[0] != "GET") {
        send_all(client, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    auto range = header(head, "Range:");
    std::optional<std::size_t> cut;
    auto response = respond(words[1], range, cut);
    auto body_start = response.find("\r\n\r\n") + 4;
    send_all(client,
             cut ? std::string_view(response).substr(0, body_start + *cut)
                 : std::string_view(response));
}

std::string TinyHttpServer::respond(const std::string& path,
                                    const std::string& range,
                                    std::optional<std::size_t>& cut) {
    std::lock_guard lock(m_mutex);
    m_ranges.push_back(range);
    auto found = m_bodies.find(path);
    if (found == m_bodies.end()) {
        return "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found";
    }
    const auto& body = found->second;
    std::size_t from = 0;
    if (!range.empty() && !m_ignore_ranges && starts_with(range, "bytes=")) {
        from = std::stoul(range.substr(6));
        if (from >= body.size()) {
            return "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */"
                   + std::to_string(body.size())
                   + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        }
    }
    if (auto cut_at = m_cuts.find(path); cut_at != m_cuts.end()) {
        cut = cut_at->second;
        m_cuts.erase(cut_at);
    }
    std::string status = from > 0 ? "206 Partial Content" : "200 OK";
    std::string response = "HTTP/1.1 " + status + "\r\nContent-Length: "
                           + std::to_string(body.size() - from) + "\r\nConnection: close\r\n";
    if (from > 0) {
        response += "Content-Range: bytes " + std::to_string(from) + "-"
                    + std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) + "\r\n";
    }
    return response + "\r\n" + body.substr(from);
}

} // namespace jrun::test
