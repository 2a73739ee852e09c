// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "hub/fetch.hpp"
#include "net/http_client.hpp"

namespace jrun::hub {

// The hub's Fetch over jrun's HTTP port (net::CurlHttpClient in production): http(s) with
// redirects followed and TLS verified, and file:// for local hubs.
class HttpFetch final : public Fetch {
public:
    explicit HttpFetch(net::HttpClient& client)
        : m_client(client) {}

    [[nodiscard]] Result<std::string> get(const std::string& url) override {
        return net::fetch_text(m_client, url);
    }

private:
    net::HttpClient& m_client;
};

} // namespace jrun::hub
