// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "net/http_client.hpp"
#include "sys/signals.hpp"

namespace jrun::net {

// HttpClient over libcurl for http:// and https:// (TLS verified, redirects followed within
// http/https only); file:// URLs and plain paths are read directly from the local file system.
// A transfer stops with `interrupted` when `signals` reports SIGINT/SIGTERM.
class CurlHttpClient final : public HttpClient {
public:
    explicit CurlHttpClient(const sys::Signals* signals = nullptr);

    [[nodiscard]] Result<HttpHead> get(const HttpRequest& request, HttpReceiver& receiver) override;

private:
    [[nodiscard]] Result<HttpHead> get_remote(const HttpRequest& request, HttpReceiver& receiver);
    [[nodiscard]] Result<HttpHead>
    get_local(const HttpRequest& request, const std::string& path, HttpReceiver& receiver) const;

    const sys::Signals* m_signals;
};

} // namespace jrun::net
