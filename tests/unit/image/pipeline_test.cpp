// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_http_client.hpp"
#include "fakes/fake_process_runner.hpp"
#include "fakes/memory_blob_files.hpp"
#include "image/decompress.hpp"
#include "image/disk.hpp"
#include "image/prepare.hpp"
#include "util/hash.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <lzma.h>

namespace jrun::image {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string xz(std::string_view data) {
    std::string out(data.size() + 1024, '\0');
    std::size_t used = 0;
    // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): liblzma takes uint8_t
    auto ret = lzma_easy_buffer_encode(6,
                                       LZMA_CHECK_CRC64,
                                       nullptr,
                                       reinterpret_cast<const std::uint8_t*>(data.data()),
                                       data.size(),
                                       reinterpret_cast<std::uint8_t*>(out.data()),
                                       &used,
                                       out.size());
    // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
    EXPECT_EQ(ret, LZMA_OK);
    out.resize(used);
    return out;
}

std::string sha512(std::string_view data) {
    Hasher hasher(Hasher::Algorithm::sha512);
    hasher.update(data);
    return hasher.finish_hex();
}

std::string raw_disk() {
    std::string data(20000, '\0');
    data.replace(0, 11, "FreeBSD MBR");
    data.replace(15000, 4, "ZFS!");
    return data;
}

TEST(DecompressXz, WritesThePartThenRenamesIt) {
    test::MemoryBlobFiles files;
    files.add_file("/d/a.raw.xz", xz(raw_disk()));
    std::uint64_t consumed = 0;
    auto done = decompress_xz(
        files, "/d/a.raw.xz", "/d/a.raw", [&](std::uint64_t n, auto) { consumed = n; });
    ASSERT_TRUE(done.ok()) << done.error().why;
    EXPECT_EQ(files.contents("/d/a.raw"), raw_disk());
    EXPECT_EQ(consumed, files.contents("/d/a.raw.xz")->size());
    EXPECT_THAT(files.log, testing::Contains("rename /d/a.raw.part /d/a.raw"));
}

TEST(DecompressXz, RemovesThePartOfATruncatedFile) {
    test::MemoryBlobFiles files;
    auto compressed = xz(raw_disk());
    files.add_file("/d/a.raw.xz", compressed.substr(0, compressed.size() - 20));
    auto done = decompress_xz(files, "/d/a.raw.xz", "/d/a.raw");
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().kind, ErrorKind::io);
    EXPECT_EQ(files.paths(), std::vector<std::string>{"/d/a.raw.xz"});
}

TEST(DecompressXz, RefusesAFileThatIsNotXz) {
    test::MemoryBlobFiles files;
    files.add_file("/d/a.raw.xz", "<html>404 Not Found</html>");
    auto done = decompress_xz(files, "/d/a.raw.xz", "/d/a.raw");
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().why, "not an xz file");
}

// Make `qemu-img create` in `runner` create its output file in `files`.
void creates_files(test::FakeProcessRunner& runner, test::MemoryBlobFiles& files) {
    runner.on_match([](const sys::Command& command) { return command.argv().at(1) == "create"; },
                    [&files](const sys::Command& command) -> Result<sys::Completed> {
                        files.add_file(command.argv().back(), "qcow2");
                        return test::exited(0);
                    });
}

TEST(Overlay, CreatesItUnderAPartNameThenGrowsAndRenamesIt) {
    test::FakeProcessRunner runner;
    test::MemoryBlobFiles files;
    creates_files(runner, files);
    files.add_file("/d/base.raw", std::string(100, '\0'));
    auto made = ensure_overlay(runner, files, "/d/base.raw", "/d/vm.qcow2", 1000);
    ASSERT_TRUE(made.ok()) << made.error().why;
    EXPECT_TRUE(*made);
    EXPECT_THAT(runner.ran(),
                ElementsAre("qemu-img create -q -f qcow2 -F raw -b /d/base.raw /d/vm.qcow2.part",
                            "qemu-img resize -q -f qcow2 /d/vm.qcow2.part 1000"));
    EXPECT_THAT(files.log, testing::Contains("rename /d/vm.qcow2.part /d/vm.qcow2"));
}

TEST(Overlay, NeverShrinksBelowTheBaseImage) {
    test::FakeProcessRunner runner;
    test::MemoryBlobFiles files;
    creates_files(runner, files);
    files.add_file("/d/base.raw", std::string(100, '\0'));
    ASSERT_TRUE(ensure_overlay(runner, files, "/d/base.raw", "/d/vm.qcow2", 50).ok());
    EXPECT_EQ(runner.ran().size(), 1U);
}

TEST(Overlay, KeepsAnExistingDisk) {
    test::FakeProcessRunner runner;
    test::MemoryBlobFiles files;
    files.add_file("/d/base.raw", "b");
    files.add_file("/d/vm.qcow2", "q");
    auto made = ensure_overlay(runner, files, "/d/base.raw", "/d/vm.qcow2", 1000);
    ASSERT_TRUE(made.ok());
    EXPECT_FALSE(*made);
    EXPECT_TRUE(runner.ran().empty());
}

TEST(Overlay, ReportsQemuImgFailuresWithItsMessage) {
    test::FakeProcessRunner runner;
    runner.on({"qemu-img", "create"}, test::exited(1, "", "Could not open backing file"));
    test::MemoryBlobFiles files;
    files.add_file("/d/base.raw", "b");
    auto made = ensure_overlay(runner, files, "/d/base.raw", "/d/vm.qcow2", 1000);
    ASSERT_FALSE(made.ok());
    EXPECT_EQ(made.error().kind, ErrorKind::process);
    EXPECT_THAT(made.error().why, HasSubstr("Could not open backing file"));
    EXPECT_FALSE(files.contents("/d/vm.qcow2"));
}

TEST(Overlay, RefusesRelativePaths) {
    test::FakeProcessRunner runner;
    test::MemoryBlobFiles files;
    EXPECT_EQ(ensure_overlay(runner, files, "base.raw", "/d/vm.qcow2", 1).error().kind,
              ErrorKind::config);
}

class EnsureImage : public ::testing::Test {
protected:
    test::FakeHttpClient http;
    test::MemoryBlobFiles files;
    ImageSource source = *freebsd_image_source("15.0", "RELEASE", Arch::amd64, "https://m");
    std::string xz_path = "/d/" + source.file_name;
    std::string raw_path = "/d/" + raw_name(source.file_name);
    ImageOptions options{"/d", false, {}};

    void publish(const std::string& compressed) {
        http.serve(source.url, compressed);
        http.serve(source.checksum_url,
                   "SHA512 (" + source.file_name + ") = " + sha512(compressed) + "\n");
    }
};

TEST_F(EnsureImage, DownloadsVerifiesAndDecompressesOnce) {
    publish(xz(raw_disk()));
    std::vector<Phase> phases;
    options.progress = [&phases](Phase phase, auto, auto) {
        if (phases.empty() || phases.back() != phase) {
            phases.push_back(phase);
        }
    };
    auto image = ensure_image({http, files}, source, options);
    ASSERT_TRUE(image.ok()) << image.error().why;
    EXPECT_EQ(image->raw, raw_path);
    EXPECT_TRUE(image->downloaded && image->verified && image->decompressed);
    EXPECT_EQ(files.contents(raw_path), raw_disk());
    EXPECT_TRUE(files.contents(xz_path)); // kept, like the Python implementation
    EXPECT_THAT(phases, ElementsAre(Phase::download, Phase::decompress));

    auto again = ensure_image({http, files}, source, options);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->downloaded || again->decompressed);
    EXPECT_EQ(http.requests.size(), 2U); // checksum list + image, once
}

TEST_F(EnsureImage, RefusesAnImageThatDoesNotMatchThePublishedChecksum) {
    publish(xz(raw_disk()));
    http.serve(source.url, xz("tampered"));
    auto image = ensure_image({http, files}, source, options);
    ASSERT_FALSE(image.ok());
    EXPECT_THAT(image.error().why, HasSubstr("SHA-512 mismatch"));
    EXPECT_TRUE(files.paths().empty());
}

TEST_F(EnsureImage, OfflineWithoutAnImageSaysHowToSupplyOne) {
    options.offline = true;
    auto image = ensure_image({http, files}, source, options);
    ASSERT_FALSE(image.ok());
    EXPECT_EQ(image.error().kind, ErrorKind::config);
    EXPECT_THAT(image.error().hint, HasSubstr("JRUN_IMAGE="));
    EXPECT_THAT(image.error().hint, HasSubstr(source.url));
    EXPECT_TRUE(http.requests.empty());
}

TEST_F(EnsureImage, AnUnreachableMirrorAlsoSaysHowToSupplyAnImage) {
    auto image = ensure_image({http, files}, source, options);
    ASSERT_FALSE(image.ok()); // the fake answers 404: not a connectivity problem
    EXPECT_EQ(image.error().why, "HTTP 404");
}

TEST_F(EnsureImage, OfflineWithTheRawImageAlreadyHereSucceeds) {
    files.add_file(raw_path, "raw");
    options.offline = true;
    auto image = ensure_image({http, files}, source, options);
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->raw, raw_path);
}

TEST_F(EnsureImage, UsesALocalRawJrunImageInPlace) {
    files.add_file("/srv/own.raw", "raw");
    auto image = ensure_image({http, files}, *image_source_from("/srv/own.raw"), options);
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->raw, "/srv/own.raw");
    EXPECT_TRUE(http.requests.empty());
}

TEST_F(EnsureImage, DecompressesALocalXzJrunImageIntoTheDiskDirectory) {
    files.add_file("/srv/own.raw.xz", xz(raw_disk()));
    auto image = ensure_image({http, files}, *image_source_from("/srv/own.raw.xz"), options);
    ASSERT_TRUE(image.ok()) << image.error().why;
    EXPECT_EQ(image->raw, "/d/own.raw");
    EXPECT_EQ(files.contents("/d/own.raw"), raw_disk());
}

TEST_F(EnsureImage, AMissingLocalJrunImageIsAClearError) {
    auto image = ensure_image({http, files}, *image_source_from("/srv/none.raw"), options);
    ASSERT_FALSE(image.ok());
    EXPECT_THAT(image.error().why, HasSubstr("/srv/none.raw does not exist"));
}

TEST_F(EnsureImage, VerifiesAJrunImageUrlAgainstItsDigestFragment) {
    auto compressed = xz(raw_disk());
    http.serve("https://e/own.raw.xz", compressed);
    auto own = *image_source_from("https://e/own.raw.xz#sha512=" + sha512(compressed));
    auto image = ensure_image({http, files}, own, options);
    ASSERT_TRUE(image.ok()) << image.error().why;
    EXPECT_TRUE(image->verified);
    EXPECT_EQ(http.requests.size(), 1U);
}

} // namespace
} // namespace jrun::image
