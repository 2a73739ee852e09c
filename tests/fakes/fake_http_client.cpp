// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_http_client.hpp"

namespace jrun::test {

namespace {

constexpr std::size_t k_chunk = 7; // small, so that receivers see many pieces

Error http_error(const std::string& url, long status) {
    return Error{ErrorKind::protocol, "GET " + url, "HTTP " + std::to_string(status), ""};
}

} // namespace

FakeHttpClient::Resource& FakeHttpClient::serve(const std::string& url, std::string body) {
    auto& resource = m_resources[url];
    resource = Resource{std::move(body), 200, false, std::nullopt};
    return resource;
}

Result<net::HttpHead> FakeHttpClient::get(const net::HttpRequest& request,
                                          net::HttpReceiver& receiver) {
    requests.push_back({request.url, request.resume_from});
    auto found = m_resources.find(request.url);
    if (found == m_resources.end()) {
        return http_error(request.url, 404);
    }
    auto& resource = found->second;
    if (resource.status >= 300) {
        return http_error(request.url, resource.status);
    }
    bool resumed = request.resume_from > 0 && !resource.ignore_range;
    if (resumed && request.resume_from >= resource.body.size()) {
        return http_error(request.url, 416);
    }
    net::HttpHead head{resumed ? 206L : 200L, resumed, resource.body.size()};
    if (auto started = receiver.on_head(head); !started) {
        return started.error();
    }
    std::string_view rest(resource.body);
    rest.remove_prefix(resumed ? request.resume_from : 0);
    std::size_t limit = resource.cut_after.value_or(rest.size());
    resource.cut_after.reset();
    std::uint64_t so_far = resumed ? request.resume_from : 0;
    for (std::size_t sent = 0; sent < std::min(limit, rest.size()); sent += k_chunk) {
        auto piece = rest.substr(sent, std::min(k_chunk, limit - sent));
        if (auto written = receiver.on_data(piece); !written) {
            return written.error();
        }
        so_far += piece.size();
        if (request.progress) {
            request.progress(so_far, head.total);
        }
    }
    if (limit < rest.size()) {
        return Error{ErrorKind::io, "GET " + request.url, "connection reset", ""};
    }
    return head;
}

} // namespace jrun::test
