// SPDX-License-Identifier: BSD-2-Clause
#include "image/checksum.hpp"
#include "image/source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::image {
namespace {

using ::testing::HasSubstr;

const std::string k_digest(128, 'a');

TEST(FreebsdImageSource, BuildsTheMirrorUrlsOfAnAmd64Release) {
    auto source = freebsd_image_source("15.0", "RELEASE", Arch::amd64);
    ASSERT_TRUE(source.ok());
    EXPECT_EQ(source->url,
              "https://download.freebsd.org/releases/VM-IMAGES/15.0-RELEASE/amd64/Latest/"
              "FreeBSD-15.0-RELEASE-amd64-BASIC-CLOUDINIT-zfs.raw.xz");
    EXPECT_EQ(source->checksum_url,
              "https://download.freebsd.org/releases/VM-IMAGES/15.0-RELEASE/amd64/Latest/"
              "CHECKSUM.SHA512");
    EXPECT_EQ(source->file_name, "FreeBSD-15.0-RELEASE-amd64-BASIC-CLOUDINIT-zfs.raw.xz");
    EXPECT_TRUE(source->compressed);
    EXPECT_FALSE(source->local);
}

TEST(FreebsdImageSource, NamesAarch64ImagesArm64Aarch64) {
    auto source = freebsd_image_source("14.3", "RC1", Arch::aarch64);
    ASSERT_TRUE(source.ok());
    EXPECT_EQ(source->url,
              "https://download.freebsd.org/releases/VM-IMAGES/14.3-RC1/aarch64/Latest/"
              "FreeBSD-14.3-RC1-arm64-aarch64-BASIC-CLOUDINIT-zfs.raw.xz");
}

TEST(FreebsdImageSource, RefusesVersionsAndTagsThatCouldEscapeTheUrl) {
    EXPECT_EQ(freebsd_image_source("15.0/../x", "RELEASE", Arch::amd64).error().kind,
              ErrorKind::config);
    EXPECT_FALSE(freebsd_image_source("15", "RELEASE", Arch::amd64).ok());
    EXPECT_FALSE(freebsd_image_source("15.0", "STABLE", Arch::amd64).ok());
    EXPECT_TRUE(freebsd_image_source("15.0", "BETA3", Arch::amd64).ok());
    EXPECT_TRUE(freebsd_image_source("15.0", "ALPHA1", Arch::amd64).ok());
}

TEST(ImageSourceFrom, TakesAUrlWithADigestFragment) {
    auto source = image_source_from("https://example.org/img/custom.raw.xz#sha512=" + k_digest);
    ASSERT_TRUE(source.ok()) << source.error().why;
    EXPECT_EQ(source->url, "https://example.org/img/custom.raw.xz");
    EXPECT_EQ(source->expected_sha512, k_digest);
    EXPECT_EQ(source->file_name, "custom.raw.xz");
    EXPECT_TRUE(source->compressed);
    EXPECT_TRUE(source->checksum_url.empty());
}

TEST(ImageSourceFrom, TakesAbsoluteLocalPathsAndFileUrls) {
    auto raw = image_source_from("/srv/images/freebsd.raw");
    ASSERT_TRUE(raw.ok());
    EXPECT_TRUE(raw->local);
    EXPECT_FALSE(raw->compressed);
    EXPECT_EQ(raw->url, "/srv/images/freebsd.raw");
    auto xz = image_source_from("file:///srv/images/freebsd.raw.xz");
    ASSERT_TRUE(xz.ok());
    EXPECT_EQ(xz->url, "/srv/images/freebsd.raw.xz");
    EXPECT_TRUE(xz->compressed);
}

TEST(ImageSourceFrom, RefusesRelativePathsOtherSchemesAndOddNames) {
    auto relative = image_source_from("images/freebsd.raw");
    ASSERT_FALSE(relative.ok());
    EXPECT_EQ(relative.error().kind, ErrorKind::config);
    EXPECT_THAT(relative.error().hint, HasSubstr("JRUN_IMAGE"));
    EXPECT_FALSE(image_source_from("ftp://example.org/x.raw").ok());
    EXPECT_FALSE(image_source_from("https://example.org").ok());
    EXPECT_FALSE(image_source_from("https://example.org/x.raw#md5=abc").ok());
    EXPECT_FALSE(image_source_from("/srv/$(reboot).raw").ok());
}

TEST(ImageSource, PrefersJrunImageOverTheRelease) {
    Settings settings;
    EXPECT_EQ(image_source(settings)->file_name,
              "FreeBSD-15.0-RELEASE-amd64-BASIC-CLOUDINIT-zfs.raw.xz");
    settings.image = "/srv/own.raw";
    EXPECT_EQ(image_source(settings)->url, "/srv/own.raw");
}

TEST(RawName, DropsTheXzSuffix) {
    EXPECT_EQ(raw_name("a.raw.xz"), "a.raw");
    EXPECT_EQ(raw_name("a.raw"), "a.raw");
}

TEST(FindSha512, ReadsTheBsdFormat) {
    auto list = "SHA512 (other.raw.xz) = " + std::string(128, 'b')
                + "\nSHA512 (x.raw.xz) = " + std::string(128, 'C') + "\n";
    auto digest = find_sha512(list, "x.raw.xz", "u");
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ(*digest, std::string(128, 'c'));
}

TEST(FindSha512, ReadsTheGnuFormatInTextAndBinaryMode) {
    auto list = std::string(128, '1') + "  a.raw.xz\r\n" + std::string(128, '2') + " *b.raw.xz\n";
    EXPECT_EQ(*find_sha512(list, "a.raw.xz", "u"), std::string(128, '1'));
    EXPECT_EQ(*find_sha512(list, "b.raw.xz", "u"), std::string(128, '2'));
}

TEST(FindSha512, DoesNotMatchANameThatOnlyContainsTheFile) {
    auto list = "SHA512 (x.raw.xz.bak) = " + k_digest + "\n";
    auto digest = find_sha512(list, "x.raw.xz", "https://m/CHECKSUM.SHA512");
    ASSERT_FALSE(digest.ok());
    EXPECT_EQ(digest.error().kind, ErrorKind::protocol);
    EXPECT_THAT(digest.error().why, HasSubstr("https://m/CHECKSUM.SHA512"));
}

TEST(FindSha512, RefusesADigestOfTheWrongLength) {
    auto digest = find_sha512("SHA512 (x) = abcd\n", "x", "u");
    ASSERT_FALSE(digest.ok());
    EXPECT_THAT(digest.error().why, HasSubstr("abcd"));
}

} // namespace
} // namespace jrun::image
