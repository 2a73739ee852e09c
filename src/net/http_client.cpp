// SPDX-License-Identifier: BSD-2-Clause
#include "net/http_client.hpp"

#include "util/strings.hpp"

#include <cctype>

namespace jrun::net {

namespace {

// Collect a whole body in memory.
class TextReceiver final : public HttpReceiver {
public:
    [[nodiscard]] Status on_head(const HttpHead& /*head*/) override {
        m_text.clear();
        return {};
    }
    [[nodiscard]] Status on_data(std::string_view bytes) override {
        m_text.append(bytes);
        return {};
    }
    [[nodiscard]] std::string take() { return std::move(m_text); }

private:
    std::string m_text;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    auto lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

std::string percent_decode(std::string_view text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            int high = hex_value(text[i + 1]);
            int low = hex_value(text[i + 2]);
            if (high >= 0 && low >= 0) {
                decoded.push_back(static_cast<char>(high * 16 + low));
                i += 2;
                continue;
            }
        }
        decoded.push_back(text[i]);
    }
    return decoded;
}

} // namespace

Result<std::string> fetch_text(HttpClient& client, const std::string& url) {
    TextReceiver receiver;
    HttpRequest request;
    request.url = url;
    auto head = client.get(request, receiver);
    if (!head) {
        return head.error();
    }
    return receiver.take();
}

bool is_remote_url(std::string_view url) {
    return starts_with(url, "http://") || starts_with(url, "https://");
}

std::string local_path_of(std::string_view url) {
    if (is_remote_url(url)) {
        return {};
    }
    if (starts_with(url, "file://")) {
        auto rest = url.substr(7);
        // file://localhost/path and file:///path both name /path.
        if (starts_with(rest, "localhost/")) {
            rest.remove_prefix(9);
        }
        return percent_decode(rest);
    }
    return std::string(url);
}

} // namespace jrun::net
