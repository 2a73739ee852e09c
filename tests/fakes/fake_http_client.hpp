// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "net/http_client.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jrun::test {

// An HttpClient serving resources from memory, honouring Range requests unless told not to,
// with injectable faults; it records every request.
class FakeHttpClient final : public net::HttpClient {
public:
    struct Resource {
        std::string body;
        long status = 200;                    // an error status fails every GET of it
        bool ignore_range = false;            // answer 200 with the whole body to ranges
        std::optional<std::size_t> cut_after; // deliver this many body bytes, then fail (once)
    };
    struct Seen {
        std::string url;
        std::uint64_t resume_from = 0;
    };

    // Serve `body` at `url`; returns the resource for fault settings.
    Resource& serve(const std::string& url, std::string body);

    [[nodiscard]] Result<net::HttpHead> get(const net::HttpRequest& request,
                                            net::HttpReceiver& receiver) override;

    std::vector<Seen> requests;

private:
    std::map<std::string, Resource> m_resources;
};

} // namespace jrun::test
