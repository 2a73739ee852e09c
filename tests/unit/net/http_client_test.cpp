// SPDX-License-Identifier: BSD-2-Clause
#include "net/curl_http_client.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::net {
namespace {

using ::testing::HasSubstr;

// Record what a GET delivers.
class Recorder final : public HttpReceiver {
public:
    [[nodiscard]] Status on_head(const HttpHead& head) override {
        heads.push_back(head);
        return {};
    }
    [[nodiscard]] Status on_data(std::string_view bytes) override {
        body.append(bytes);
        return {};
    }
    std::vector<HttpHead> heads;
    std::string body;
};

TEST(LocalPathOf, DecodesFileUrlsAndKeepsPlainPaths) {
    EXPECT_EQ(local_path_of("file:///srv/a%20b.raw"), "/srv/a b.raw");
    EXPECT_EQ(local_path_of("file://localhost/srv/x.raw"), "/srv/x.raw");
    EXPECT_EQ(local_path_of("/srv/x.raw.xz"), "/srv/x.raw.xz");
    EXPECT_EQ(local_path_of("https://example.org/x.raw"), "");
}

TEST(IsRemoteUrl, KnowsOnlyHttpAndHttps) {
    EXPECT_TRUE(is_remote_url("https://download.freebsd.org/x"));
    EXPECT_TRUE(is_remote_url("http://127.0.0.1:8080/x"));
    EXPECT_FALSE(is_remote_url("file:///x"));
    EXPECT_FALSE(is_remote_url("ftp://example.org/x"));
}

TEST(CurlHttpClientLocal, ReadsAWholeFileWithProgress) {
    test::TempDir dir;
    auto path = dir.write("image.raw", "0123456789");
    CurlHttpClient client;
    Recorder recorder;
    std::vector<std::uint64_t> seen;
    HttpRequest request;
    request.url = "file://" + path.string();
    request.progress = [&seen](std::uint64_t so_far, std::optional<std::uint64_t> total) {
        seen.push_back(so_far);
        EXPECT_EQ(total, 10U);
    };
    auto head = client.get(request, recorder);
    ASSERT_TRUE(head.ok()) << head.error().why;
    EXPECT_EQ(head->status, 200);
    EXPECT_FALSE(head->resumed);
    EXPECT_EQ(recorder.body, "0123456789");
    EXPECT_EQ(seen.back(), 10U);
}

TEST(CurlHttpClientLocal, ResumesFromAnOffset) {
    test::TempDir dir;
    auto path = dir.write("image.raw", "0123456789");
    CurlHttpClient client;
    Recorder recorder;
    HttpRequest request;
    request.url = path.string();
    request.resume_from = 4;
    auto head = client.get(request, recorder);
    ASSERT_TRUE(head.ok());
    EXPECT_TRUE(head->resumed);
    EXPECT_EQ(head->total, 10U);
    EXPECT_EQ(recorder.body, "456789");
}

TEST(CurlHttpClientLocal, RefusesAnOffsetPastTheEndAs416) {
    test::TempDir dir;
    auto path = dir.write("image.raw", "0123");
    CurlHttpClient client;
    Recorder recorder;
    HttpRequest request;
    request.url = path.string();
    request.resume_from = 9;
    auto head = client.get(request, recorder);
    ASSERT_FALSE(head.ok());
    EXPECT_EQ(head.error().why, "HTTP 416");
}

TEST(CurlHttpClientLocal, FailsWithIoOnAMissingFile) {
    CurlHttpClient client;
    Recorder recorder;
    HttpRequest request;
    request.url = "/nonexistent/jrun/image.raw";
    auto head = client.get(request, recorder);
    ASSERT_FALSE(head.ok());
    EXPECT_EQ(head.error().kind, ErrorKind::io);
    EXPECT_THAT(head.error().why, HasSubstr("/nonexistent/jrun/image.raw"));
    EXPECT_TRUE(recorder.heads.empty());
}

TEST(FetchText, ReturnsTheWholeBody) {
    test::TempDir dir;
    auto path = dir.write("CHECKSUM.SHA512", "SHA512 (a) = b\n");
    CurlHttpClient client;
    auto text = fetch_text(client, path.string());
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, "SHA512 (a) = b\n");
}

} // namespace
} // namespace jrun::net
