// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The HTTP download port: GET a URL into a receiver, optionally resuming with a Range request.

#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace jrun::net {

// Called with the bytes received so far (counting a resumed offset) and the total when known.
using ProgressFn = std::function<void(std::uint64_t so_far, std::optional<std::uint64_t> total)>;

// One GET. `url` is http(s)://, file:// or a plain absolute path.
struct HttpRequest {
    std::string url;
    // Ask for the bytes from this offset on (`Range: bytes=N-`); 0 = the whole resource.
    std::uint64_t resume_from = 0;
    std::chrono::milliseconds connect_timeout = std::chrono::seconds(20);
    // Abort a transfer that receives nothing for this long (a stalled mirror).
    std::chrono::seconds stall_timeout = std::chrono::seconds(60);
    ProgressFn progress; // optional
};

// What the server answered, known before the first body byte.
struct HttpHead {
    long status = 0; // 200, 206...; file:// answers 200 (206 when resumed)
    // True when the body starts at HttpRequest::resume_from (206); false when it is the whole
    // resource (200: the server ignored the Range, so the receiver must start over).
    bool resumed = false;
    std::optional<std::uint64_t> total; // the size of the whole resource, when announced
};

// Where a response body goes. A non-ok Status from either call aborts the transfer and is
// returned by HttpClient::get unchanged.
class HttpReceiver {
public:
    HttpReceiver() = default;
    virtual ~HttpReceiver() = default;
    HttpReceiver(const HttpReceiver&) = delete;
    HttpReceiver& operator=(const HttpReceiver&) = delete;
    HttpReceiver(HttpReceiver&&) = delete;
    HttpReceiver& operator=(HttpReceiver&&) = delete;

    // Called once per successful (2xx) response, before any body byte (also for an empty body).
    [[nodiscard]] virtual Status on_head(const HttpHead& head) = 0;
    // Called with each piece of the body, in order.
    [[nodiscard]] virtual Status on_data(std::string_view bytes) = 0;
};

// Fetch URLs. Every network access of jrun's image pipeline goes through this port.
class HttpClient {
public:
    HttpClient() = default;
    virtual ~HttpClient() = default;
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    HttpClient(HttpClient&&) = delete;
    HttpClient& operator=(HttpClient&&) = delete;

    // GET `request.url` into `receiver` and return the response head. Redirects are followed.
    // Fails with `protocol` on an HTTP error status (what = "GET <url>", why = "HTTP 404"; the
    // error body is not delivered) and with `io` when the connection fails, breaks, stalls or
    // the file is missing, with `timeout` when connecting takes longer than connect_timeout.
    // A response of 416 to a resumed request fails with `protocol` and why "HTTP 416".
    [[nodiscard]] virtual Result<HttpHead> get(const HttpRequest& request,
                                               HttpReceiver& receiver) = 0;
};

// Return the whole body of `url` as a string (small files: checksum lists). Fails as get().
[[nodiscard]] Result<std::string> fetch_text(HttpClient& client, const std::string& url);

// Return true when `url` names a remote resource (http:// or https://).
[[nodiscard]] bool is_remote_url(std::string_view url);

// Return the local path of a file:// URL or a plain path ("" when `url` is remote). Percent
// escapes in a file:// URL are decoded.
[[nodiscard]] std::string local_path_of(std::string_view url);

} // namespace jrun::net
