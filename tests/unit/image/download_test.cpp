// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_http_client.hpp"
#include "fakes/memory_blob_files.hpp"
#include "image/download.hpp"
#include "util/hash.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::image {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string k_url = "https://mirror/x.raw.xz";
const std::string k_dest = "/d/x.raw.xz";
const std::string k_part = "/d/x.raw.xz.part";

std::string sha512(std::string_view data) {
    Hasher hasher(Hasher::Algorithm::sha512);
    hasher.update(data);
    return hasher.finish_hex();
}

std::string body() {
    std::string text;
    for (int i = 0; i < 300; ++i) {
        text += "block " + std::to_string(i) + "\n";
    }
    return text;
}

class Download : public ::testing::Test {
protected:
    test::FakeHttpClient http;
    test::MemoryBlobFiles files;
    std::string data = body();
    DownloadSpec spec{k_url, k_dest, sha512(data)};
};

TEST_F(Download, WritesVerifiesAndRenamesIntoPlace) {
    http.serve(k_url, data);
    std::uint64_t last = 0;
    auto done = download_file(http, files, spec, [&last](std::uint64_t so_far, auto total) {
        last = so_far;
        EXPECT_EQ(total, body().size());
    });
    ASSERT_TRUE(done.ok()) << done.error().why;
    EXPECT_EQ(files.contents(k_dest), data);
    EXPECT_EQ(files.paths(), std::vector<std::string>{k_dest});
    EXPECT_EQ(done->sha512, spec.expected_sha512);
    EXPECT_EQ(last, data.size());
}

TEST_F(Download, KeepsThePartWhenTheConnectionBreaksAndResumesFromItsSize) {
    http.serve(k_url, data).cut_after = 1000;
    auto first = download_file(http, files, spec);
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(files.contents(k_part), data.substr(0, 1000));
    EXPECT_FALSE(files.contents(k_dest));

    auto second = download_file(http, files, spec);
    ASSERT_TRUE(second.ok()) << second.error().why;
    EXPECT_EQ(second->resumed_from, 1000U);
    EXPECT_FALSE(second->restarted);
    EXPECT_EQ(files.contents(k_dest), data);
    ASSERT_EQ(http.requests.size(), 2U);
    EXPECT_EQ(http.requests[1].resume_from, 1000U);
    EXPECT_THAT(files.log, testing::Contains("read " + k_part)); // the kept bytes were hashed
}

TEST_F(Download, StartsOverWhenTheServerIgnoresTheRange) {
    files.add_file(k_part, "garbage that is not a prefix");
    http.serve(k_url, data).ignore_range = true;
    auto done = download_file(http, files, spec);
    ASSERT_TRUE(done.ok()) << done.error().why;
    EXPECT_TRUE(done->restarted);
    EXPECT_EQ(done->resumed_from, 0U);
    EXPECT_EQ(files.contents(k_dest), data);
    EXPECT_THAT(files.log,
                ElementsAre("open truncate " + k_part, "rename " + k_part + " " + k_dest));
}

TEST_F(Download, RemovesAMismatchingFileAndNamesBothDigestsAndTheUrl) {
    http.serve(k_url, data);
    spec.expected_sha512 = std::string(128, '0');
    auto done = download_file(http, files, spec);
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().kind, ErrorKind::protocol);
    EXPECT_THAT(done.error().why, HasSubstr("expected " + std::string(128, '0')));
    EXPECT_THAT(done.error().why, HasSubstr("got " + sha512(data)));
    EXPECT_THAT(done.error().why, HasSubstr(k_url));
    EXPECT_TRUE(files.paths().empty());
}

TEST_F(Download, DetectsCorruptionInTheKeptPart) {
    // Given a part whose bytes differ from the server's: resuming cannot fix it, the digest
    // catches it and the file goes.
    files.add_file(k_part, std::string(500, 'Z'));
    http.serve(k_url, data);
    auto done = download_file(http, files, spec);
    ASSERT_FALSE(done.ok());
    EXPECT_THAT(done.error().why, HasSubstr("SHA-512 mismatch"));
    EXPECT_FALSE(files.contents(k_part));
}

TEST_F(Download, AcceptsACompletePartWhenTheServerAnswers416) {
    files.add_file(k_part, data);
    http.serve(k_url, data);
    auto done = download_file(http, files, spec);
    ASSERT_TRUE(done.ok()) << done.error().why;
    EXPECT_EQ(files.contents(k_dest), data);
    EXPECT_EQ(http.requests.size(), 1U);
}

TEST_F(Download, RestartsWhenA416PartDoesNotMatch) {
    files.add_file(k_part, data + "extra");
    http.serve(k_url, data);
    auto done = download_file(http, files, spec);
    ASSERT_TRUE(done.ok()) << done.error().why;
    EXPECT_TRUE(done->restarted);
    EXPECT_EQ(files.contents(k_dest), data);
    ASSERT_EQ(http.requests.size(), 2U);
    EXPECT_EQ(http.requests[1].resume_from, 0U);
}

TEST_F(Download, PassesHttpErrorsThroughAndWritesNothing) {
    auto done = download_file(http, files, spec);
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().why, "HTTP 404");
    EXPECT_TRUE(files.paths().empty());
}

TEST_F(Download, WithoutAnExpectedDigestStillReportsTheComputedOne) {
    http.serve(k_url, data);
    spec.expected_sha512.clear();
    auto done = download_file(http, files, spec);
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->sha512, sha512(data));
}

TEST_F(Download, KeepsThePartWhenTheDiskFills) {
    http.serve(k_url, data);
    files.fail_writes_after(k_part, 100);
    auto done = download_file(http, files, spec);
    ASSERT_FALSE(done.ok());
    EXPECT_THAT(done.error().why, HasSubstr("No space left"));
    EXPECT_FALSE(files.contents(k_dest));
}

} // namespace
} // namespace jrun::image
