// SPDX-License-Identifier: BSD-2-Clause
// The image pipeline against a real HTTP server on loopback, real files, real qemu-img,
// ssh-keygen and genisoimage.

#include "cloudinit/iso.hpp"
#include "cloudinit/keys.hpp"
#include "cloudinit/seed.hpp"
#include "image/blob_files.hpp"
#include "image/disk.hpp"
#include "image/download.hpp"
#include "image/http_server.hpp"
#include "image/prepare.hpp"
#include "net/curl_http_client.hpp"
#include "support/support.hpp"
#include "sys/real_file_system.hpp"
#include "sys/real_process_runner.hpp"
#include "util/hash.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <lzma.h>

#include <filesystem>
#include <iostream>

namespace jrun::image {
namespace {

using ::testing::HasSubstr;

std::string xz(std::string_view data) {
    std::string out(data.size() + 4096, '\0');
    std::size_t used = 0;
    // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): liblzma takes uint8_t
    auto ret = lzma_easy_buffer_encode(1,
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

// A 4 MiB "disk": mostly zeros with pseudo-random blocks, so that xz output is ~1 MiB-ish.
std::string raw_disk() {
    std::string data(4U << 20, '\0');
    std::uint32_t state = 12345;
    for (std::size_t block = 0; block < data.size(); block += 64 * 1024) {
        for (std::size_t i = 0; i < 16 * 1024; ++i) {
            state = state * 1103515245U + 12345U;
            data[block + i] = static_cast<char>(state >> 24);
        }
    }
    return data;
}

void skip_without(const std::string& program) {
    sys::RealProcessRunner runner;
    sys::Command probe({"sh", "-c", "command -v " + program});
    auto found = runner.run(probe);
    if (!found || !found->success()) {
        std::cout << "SKIPPED: " << program << " is not installed" << std::endl;
        std::exit(77);
    }
}

class ImageDownload : public ::testing::Test {
protected:
    test::TinyHttpServer server;
    test::TempDir dir;
    net::CurlHttpClient http;
    RealBlobFiles files;
    std::string raw = raw_disk();
    std::string compressed = xz(raw);
    ImageSource source = *freebsd_image_source("15.0", "RELEASE", Arch::amd64, server.base_url());
    std::string image_path = "/releases/VM-IMAGES/15.0-RELEASE/amd64/Latest/" + source.file_name;
    std::string destination = (dir.path() / source.file_name).string();

    void SetUp() override {
        server.serve(image_path, compressed);
        server.serve("/releases/VM-IMAGES/15.0-RELEASE/amd64/Latest/CHECKSUM.SHA512",
                     "SHA512 (FreeBSD-15.0-RELEASE-amd64-BASIC-CLOUDINIT-zfs.raw) = "
                         + std::string(128, 'f') + "\nSHA512 (" + source.file_name
                         + ") = " + sha512(compressed) + "\n");
    }

    [[nodiscard]] std::string read(const std::filesystem::path& path) const {
        return test::read_file(path);
    }
};

TEST_F(ImageDownload, FetchesVerifiesAndDecompressesTheReleaseImage) {
    ImageOptions options{dir.path().string(), false, {}};
    std::uint64_t downloaded = 0;
    options.progress = [&downloaded](Phase phase, std::uint64_t done, auto) {
        if (phase == Phase::download) {
            downloaded = done;
        }
    };
    auto image = ensure_image({http, files}, source, options);
    ASSERT_TRUE(image.ok()) << image.error().what << ": " << image.error().why;
    EXPECT_TRUE(image->verified);
    EXPECT_EQ(downloaded, compressed.size());
    EXPECT_EQ(read(destination), compressed);
    EXPECT_TRUE(read(image->raw) == raw) << "decompressed image differs from the original";
    EXPECT_FALSE(std::filesystem::exists(destination + ".part"));
    EXPECT_FALSE(std::filesystem::exists(image->raw + ".part"));
}

TEST_F(ImageDownload, ResumesACutDownloadWithARangeRequest) {
    constexpr std::size_t k_cut = 300000;
    server.cut_next_after(image_path, k_cut);
    DownloadSpec spec{source.url, destination, sha512(compressed)};
    auto first = download_file(http, files, spec);
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(std::filesystem::file_size(destination + ".part"), k_cut);

    auto second = download_file(http, files, spec);
    ASSERT_TRUE(second.ok()) << second.error().why;
    EXPECT_EQ(second->resumed_from, k_cut);
    EXPECT_EQ(server.ranges_seen(),
              (std::vector<std::string>{"", "bytes=" + std::to_string(k_cut) + "-"}));
    EXPECT_EQ(read(destination), compressed);
}

TEST_F(ImageDownload, StartsOverWhenTheServerIgnoresRanges) {
    server.ignore_ranges();
    dir.write(source.file_name + ".part", "not the start of the image");
    DownloadSpec spec{source.url, destination, sha512(compressed)};
    auto done = download_file(http, files, spec);
    ASSERT_TRUE(done.ok()) << done.error().why;
    EXPECT_TRUE(done->restarted);
    EXPECT_EQ(server.ranges_seen().at(0), "bytes=26-");
    EXPECT_EQ(read(destination), compressed);
}

TEST_F(ImageDownload, RefusesAMismatchAndRemovesTheFile) {
    DownloadSpec spec{source.url, destination, std::string(128, '0')};
    auto done = download_file(http, files, spec);
    ASSERT_FALSE(done.ok());
    EXPECT_THAT(done.error().why, HasSubstr("expected " + std::string(128, '0')));
    EXPECT_THAT(done.error().why, HasSubstr("got " + sha512(compressed)));
    EXPECT_THAT(done.error().why, HasSubstr(source.url));
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST_F(ImageDownload, ReportsAnHttpErrorStatus) {
    DownloadSpec spec{server.base_url() + "/missing.raw.xz", destination, ""};
    auto done = download_file(http, files, spec);
    ASSERT_FALSE(done.ok());
    EXPECT_EQ(done.error().kind, ErrorKind::protocol);
    EXPECT_EQ(done.error().why, "HTTP 404");
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST_F(ImageDownload, AnUnreachableServerSaysHowToSupplyAnImage) {
    auto unreachable = *freebsd_image_source("15.0", "RELEASE", Arch::amd64, "http://127.0.0.1:1");
    auto image = ensure_image({http, files}, unreachable, {dir.path().string(), false, {}});
    ASSERT_FALSE(image.ok());
    EXPECT_EQ(image.error().kind, ErrorKind::io);
    EXPECT_THAT(image.error().hint, HasSubstr("JRUN_IMAGE="));
}

TEST(ImageDisk, CreatesAQcow2OverlayGrownToTheDiskSize) {
    skip_without("qemu-img");
    test::TempDir dir;
    auto base = dir.write("base.raw", std::string(1U << 20, '\0')).string();
    auto disk = (dir.path() / "vm.qcow2").string();
    sys::RealProcessRunner runner;
    RealBlobFiles files;
    auto made = ensure_overlay(runner, files, base, disk, 64ULL << 20);
    ASSERT_TRUE(made.ok()) << made.error().why;
    ASSERT_TRUE(*made);
    auto info = runner.run(sys::Command({"qemu-img", "info", "--output=json", disk}));
    ASSERT_TRUE(info.ok() && info->success());
    auto json = nlohmann::json::parse(info->out);
    EXPECT_EQ(json["format"], "qcow2");
    EXPECT_EQ(json["backing-filename"], base);
    EXPECT_EQ(json["backing-filename-format"], "raw");
    EXPECT_EQ(json["virtual-size"], 64ULL << 20);
    EXPECT_FALSE(*ensure_overlay(runner, files, base, disk, 64ULL << 20)); // kept
}

TEST(SeedIso, BuildsACidataIsoWithBothFilesAndAPinnableHostKey) {
    skip_without("genisoimage");
    skip_without("isoinfo");
    skip_without("ssh-keygen");
    test::TempDir dir;
    sys::RealProcessRunner runner;
    sys::RealFileSystem fs;
    auto home = dir.path().string();
    auto user_key = cloudinit::ensure_key_pair(runner, fs, home + "/id_ed25519", "jrun");
    ASSERT_TRUE(user_key.ok()) << user_key.error().why;
    auto host_key = cloudinit::generate_host_key(runner, fs, home + "/ssh_host_ed25519_key");
    ASSERT_TRUE(host_key.ok()) << host_key.error().why;
    cloudinit::SeedSpec spec;
    spec.authorized_key = *user_key;
    spec.host_key = *host_key;
    spec.instance_id = cloudinit::instance_id_for(host_key->public_key);
    auto user_data = cloudinit::render_user_data(spec);
    auto meta_data = cloudinit::render_meta_data(spec);
    ASSERT_TRUE(user_data.ok()) << user_data.error().why;
    auto iso = home + "/seed.iso";
    auto built = cloudinit::build_seed_iso(runner, fs, home + "/seed", *user_data, *meta_data, iso);
    ASSERT_TRUE(built.ok()) << built.error().why;

    auto label = runner.run(sys::Command({"isoinfo", "-d", "-i", iso}));
    ASSERT_TRUE(label.ok() && label->success());
    EXPECT_THAT(label->out, HasSubstr("Volume id: cidata"));
    auto listing = runner.run(sys::Command({"isoinfo", "-J", "-f", "-i", iso}));
    EXPECT_THAT(listing->out, HasSubstr("/user-data"));
    EXPECT_THAT(listing->out, HasSubstr("/meta-data"));
    auto extracted = runner.run(sys::Command({"isoinfo", "-J", "-x", "/user-data", "-i", iso}));
    EXPECT_EQ(extracted->out, *user_data);

    auto pinned = cloudinit::known_hosts_line("127.0.0.1", 2222, host_key->public_key);
    ASSERT_TRUE(pinned.ok());
    auto fingerprint = runner.run(
        sys::Command({"ssh-keygen", "-l", "-f", "/dev/stdin"}).set_stdin(*pinned + "\n"));
    ASSERT_TRUE(fingerprint.ok());
    EXPECT_TRUE(fingerprint->success()) << fingerprint->err; // a valid known_hosts line
    EXPECT_THAT(fingerprint->out, HasSubstr("[127.0.0.1]:2222"));
}

} // namespace
} // namespace jrun::image
