// SPDX-License-Identifier: BSD-2-Clause
#include "net/curl_http_client.hpp"

#include "util/strings.hpp"

#include <curl/curl.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>

namespace jrun::net {

namespace {

constexpr std::size_t k_local_chunk = 64 * 1024;
constexpr long k_max_redirects = 10;

// One libcurl transfer's state, shared with its callbacks.
struct Transfer {
    const HttpRequest* request = nullptr;
    HttpReceiver* receiver = nullptr;
    CURL* curl = nullptr;
    const sys::Signals* signals = nullptr;
    std::optional<HttpHead> head;
    std::optional<Error> failure; // the receiver's or the status check's, ends the transfer
    std::optional<std::uint64_t> range_start;
    std::optional<std::uint64_t> range_total;
    std::uint64_t received = 0;
};

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view text) {
    std::string result(text);
    for (auto& c : result) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return result;
}

std::optional<std::uint64_t> to_u64(std::string_view digits) {
    if (digits.empty() || digits.size() > 19) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

// Parse `Content-Range: bytes A-B/T` (T may be `*`).
void parse_content_range(std::string_view value, Transfer& transfer) {
    value = trim(value);
    if (!starts_with(value, "bytes ")) {
        return;
    }
    value.remove_prefix(6);
    auto dash = value.find('-');
    auto slash = value.find('/');
    if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
        return;
    }
    transfer.range_start = to_u64(value.substr(0, dash));
    transfer.range_total = to_u64(value.substr(slash + 1));
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    if (starts_with(line, "HTTP/")) { // a new response (after a redirect): forget the old one
        transfer.range_start.reset();
        transfer.range_total.reset();
    } else if (starts_with(lower(line.substr(0, 14)), "content-range:")) {
        parse_content_range(line.substr(14), transfer);
    }
    return size * count;
}

Error http_error(const HttpRequest& request, long status) {
    return Error{ErrorKind::protocol,
                 "GET " + request.url,
                 "HTTP " + std::to_string(status),
                 status == 404 ? "check the URL (and the release name and version)" : ""};
}

std::optional<std::uint64_t> content_length(CURL* curl) {
    curl_off_t length = -1;
    if (curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) != CURLE_OK
        || length < 0) {
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(length);
}

// Build the head of the final response and hand it to the receiver.
Status start(Transfer& transfer) {
    const auto& request = *transfer.request;
    long status = 0;
    curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) {
        return http_error(request, status);
    }
    HttpHead head;
    head.status = status;
    head.resumed = status == 206;
    auto length = content_length(transfer.curl);
    if (head.resumed) {
        if (transfer.range_start.value_or(request.resume_from) != request.resume_from) {
            return Error{ErrorKind::protocol,
                         "GET " + request.url,
                         "the server sent bytes from " + std::to_string(*transfer.range_start)
                             + " instead of " + std::to_string(request.resume_from),
                         ""};
        }
        head.total = transfer.range_total;
        if (!head.total && length) {
            head.total = request.resume_from + *length;
        }
    } else {
        head.total = length;
    }
    transfer.head = head;
    return transfer.receiver->on_head(head);
}

void report_progress(Transfer& transfer, std::size_t bytes) {
    transfer.received += bytes;
    if (transfer.request->progress) {
        auto base = transfer.head->resumed ? transfer.request->resume_from : 0;
        transfer.request->progress(base + transfer.received, transfer.head->total);
    }
}

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    if (!transfer.head) {
        if (auto started = start(transfer); !started) {
            transfer.failure = started.error();
            return 0;
        }
    }
    if (auto written = transfer.receiver->on_data(std::string_view(data, size * count)); !written) {
        transfer.failure = written.error();
        return 0;
    }
    report_progress(transfer, size * count);
    return size * count;
}

int on_xferinfo(void* user, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/, curl_off_t, curl_off_t) {
    const auto& transfer = *static_cast<Transfer*>(user);
    return transfer.signals != nullptr && transfer.signals->interrupted() ? 1 : 0;
}

void set_options(CURL* curl, Transfer& transfer, std::array<char, CURL_ERROR_SIZE>& errors) {
    const auto& request = *transfer.request;
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, k_max_redirects);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl,
                     CURLOPT_USERAGENT,
                     "jrun/"
                     "0.1");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errors.data());
    curl_easy_setopt(
        curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(
        curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(request.stall_timeout.count()));
    // Rationale: CURLOPT_RANGE, not CURLOPT_RESUME_FROM_LARGE: libcurl fails a resumed transfer
    // that the server answers with 200, but the downloader wants to restart cleanly then.
    std::string range = std::to_string(request.resume_from) + "-";
    if (request.resume_from > 0) {
        curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str()); // copied by libcurl
    }
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_xferinfo);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
}

Error transfer_error(const HttpRequest& request, CURLcode code, const char* detail) {
    std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(code);
    if (code == CURLE_ABORTED_BY_CALLBACK) {
        return Error{ErrorKind::interrupted, "GET " + request.url, "interrupted", ""};
    }
    auto kind = code == CURLE_OPERATION_TIMEDOUT ? ErrorKind::timeout : ErrorKind::io;
    return Error{kind, "GET " + request.url, why, "check the network; run again to resume"};
}

Error local_error(const HttpRequest& request, const std::string& path, const std::string& why) {
    return Error{ErrorKind::io, "GET " + request.url, path + ": " + why, ""};
}

} // namespace

CurlHttpClient::CurlHttpClient(const sys::Signals* signals)
    : m_signals(signals) {
    global_init();
}

Result<HttpHead> CurlHttpClient::get(const HttpRequest& request, HttpReceiver& receiver) {
    if (is_remote_url(request.url)) {
        return get_remote(request, receiver);
    }
    return get_local(request, local_path_of(request.url), receiver);
}

Result<HttpHead> CurlHttpClient::get_remote(const HttpRequest& request, HttpReceiver& receiver) {
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        return Error{ErrorKind::internal, "GET " + request.url, "curl_easy_init failed", ""};
    }
    Transfer transfer{&request, &receiver, curl.get(), m_signals, {}, {}, {}, {}, 0};
    std::array<char, CURL_ERROR_SIZE> errors{};
    set_options(curl.get(), transfer, errors);
    CURLcode code = curl_easy_perform(curl.get());
    if (transfer.failure) {
        return *transfer.failure;
    }
    if (code != CURLE_OK) {
        return transfer_error(request, code, errors.data());
    }
    if (!transfer.head) { // an empty body: the head was never delivered
        if (auto started = start(transfer); !started) {
            return started.error();
        }
    }
    return *transfer.head;
}

Result<HttpHead> CurlHttpClient::get_local(const HttpRequest& request,
                                           const std::string& path,
                                           HttpReceiver& receiver) const {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return local_error(request, path, ec.message());
    }
    if (request.resume_from > size) {
        return Error{ErrorKind::protocol, "GET " + request.url, "HTTP 416", ""};
    }
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(request.resume_from));
    if (!in) {
        return local_error(request, path, std::strerror(errno));
    }
    HttpHead head{request.resume_from > 0 ? 206L : 200L, request.resume_from > 0, size};
    if (auto started = receiver.on_head(head); !started) {
        return started.error();
    }
    std::string buffer(k_local_chunk, '\0');
    std::uint64_t so_far = request.resume_from;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) {
            break;
        }
        if (m_signals != nullptr && m_signals->interrupted()) {
            return Error{ErrorKind::interrupted, "GET " + request.url, "interrupted", ""};
        }
        if (auto written = receiver.on_data(std::string_view(buffer.data(), got)); !written) {
            return written.error();
        }
        so_far += got;
        if (request.progress) {
            request.progress(so_far, size);
        }
    }
    if (in.bad()) {
        return local_error(request, path, "read error");
    }
    return head;
}

} // namespace jrun::net
