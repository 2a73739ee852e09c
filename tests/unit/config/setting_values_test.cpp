// SPDX-License-Identifier: BSD-2-Clause
#include "config/setting_values.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::config {

using ::testing::HasSubstr;

TEST(SettingValues, PortAcceptsOneTo65535Only) {
    EXPECT_EQ(*parse_port("1"), 1);
    EXPECT_EQ(*parse_port(" 65535 "), 65535);
    for (const char* bad : {"0", "65536", "-1", "22a", "", "0x16", "99999999999999999999"}) {
        EXPECT_FALSE(parse_port(bad).ok()) << bad;
    }
}

TEST(SettingValues, BoolAcceptsTheUsualSpellingsInAnyCase) {
    for (const char* yes : {"true", "TRUE", "1", "yes", "On"}) {
        EXPECT_TRUE(*parse_bool(yes)) << yes;
    }
    for (const char* no : {"false", "0", "No", "OFF"}) {
        EXPECT_FALSE(*parse_bool(no)) << no;
    }
    EXPECT_FALSE(parse_bool("y").ok());
    EXPECT_FALSE(parse_bool("").ok());
}

TEST(SettingValues, SizeUsesPowersOf1024) {
    EXPECT_EQ(*parse_size("4096M"), 4096ULL << 20);
    EXPECT_EQ(*parse_size("20G"), 20ULL << 30);
    EXPECT_EQ(*parse_size("512k"), 512ULL << 10);
    EXPECT_EQ(*parse_size("1T"), 1ULL << 40);
}

TEST(SettingValues, SizeRefusesBareNumbersWithAHint) {
    const auto result = parse_size("4096");
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error().hint, HasSubstr("4096M"));
}

TEST(SettingValues, SizeRefusesGarbageZeroAndOverflow) {
    for (const char* bad : {"M", "4096X", "4.5G", "0G", "-1G", "", "20 G", "99999999999T"}) {
        EXPECT_FALSE(parse_size(bad).ok()) << bad;
    }
}

TEST(SettingValues, FormatSizePicksTheLargestExactUnit) {
    EXPECT_EQ(format_size(4096ULL << 20), "4G");
    EXPECT_EQ(format_size(1536ULL << 20), "1536M");
    EXPECT_EQ(format_size(20ULL << 30), "20G");
    EXPECT_EQ(format_size(1000), "1000");
    EXPECT_EQ(format_size(0), "0");
}

TEST(SettingValues, CountChecksItsRange) {
    EXPECT_EQ(*parse_count("8", 1, 256), 8U);
    EXPECT_FALSE(parse_count("0", 1, 256).ok());
    EXPECT_FALSE(parse_count("257", 1, 256).ok());
    EXPECT_THAT(parse_count("x", 1, 256).error().why, HasSubstr("1..256"));
}

TEST(SettingValues, ReleaseTagAcceptsReleaseAndNumberedPrereleases) {
    EXPECT_EQ(*parse_release_tag("RELEASE"), "RELEASE");
    EXPECT_EQ(*parse_release_tag("rc1"), "RC1");
    EXPECT_EQ(*parse_release_tag("BETA2"), "BETA2");
    EXPECT_EQ(*parse_release_tag("ALPHA10"), "ALPHA10");
    for (const char* bad : {"RC", "STABLE", "RELEASE-p1", "BETA2a", "", "CURRENT"}) {
        EXPECT_FALSE(parse_release_tag(bad).ok()) << bad;
    }
}

TEST(SettingValues, VersionIsMajorDotMinor) {
    EXPECT_EQ(*parse_bsd_version("14.3"), "14.3");
    for (const char* bad : {"15", "15.", ".0", "15.0.1", "v15.0", ""}) {
        EXPECT_FALSE(parse_bsd_version(bad).ok()) << bad;
    }
}

TEST(SettingValues, ArchAcceptsArm64AsAarch64) {
    EXPECT_EQ(*parse_arch("amd64"), Arch::amd64);
    EXPECT_EQ(*parse_arch("aarch64"), Arch::aarch64);
    EXPECT_EQ(*parse_arch("arm64"), Arch::aarch64);
    EXPECT_FALSE(parse_arch("x86_64").ok());
    EXPECT_EQ(arch_for_machine("arm64"), Arch::aarch64);
    EXPECT_EQ(arch_for_machine("aarch64"), Arch::aarch64);
    EXPECT_EQ(arch_for_machine("x86_64"), Arch::amd64);
}

TEST(SettingValues, AccelIsAnEnum) {
    EXPECT_EQ(*parse_accel("auto"), QemuAccel::automatic);
    EXPECT_EQ(*parse_accel("KVM"), QemuAccel::kvm);
    EXPECT_EQ(*parse_accel("hvf"), QemuAccel::hvf);
    EXPECT_EQ(*parse_accel("tcg"), QemuAccel::tcg);
    EXPECT_FALSE(parse_accel("whpx").ok());
}

TEST(SettingValues, TargetParsesUserHostAndPort) {
    const auto plain = parse_target("ssh://admin@build.example.org");
    ASSERT_TRUE(plain.ok());
    ASSERT_TRUE(plain->has_value());
    EXPECT_EQ((*plain)->user, "admin");
    EXPECT_EQ((*plain)->host, "build.example.org");
    EXPECT_EQ((*plain)->port, 22);
    const auto v6 = parse_target("ssh://root@[2001:db8::1]:2200");
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ((*v6)->host, "2001:db8::1");
    EXPECT_EQ((*v6)->port, 2200);
    EXPECT_EQ(format_target(**v6), "ssh://root@[2001:db8::1]:2200");
    EXPECT_FALSE(parse_target("").value().has_value());
}

TEST(SettingValues, TargetRefusesOtherForms) {
    for (const char* bad : {"admin@host",
                            "ssh://host",
                            "ssh://Admin@host",
                            "ssh://a@host:0",
                            "ssh://a@host:x",
                            "ssh://a@-bad-",
                            "ssh://a@[nope]",
                            "https://a@host"}) {
        EXPECT_FALSE(parse_target(bad).ok()) << bad;
    }
    EXPECT_THAT(parse_target("ssh://host").error().hint, HasSubstr("ssh://admin@host"));
}

TEST(SettingValues, UserNamesFollowFreeBsdRules) {
    EXPECT_TRUE(is_valid_user_name("admin"));
    EXPECT_TRUE(is_valid_user_name("_svc-1"));
    for (const char* bad : {"", "Admin", "1admin", "ad min", "a;rm"}) {
        EXPECT_FALSE(is_valid_user_name(bad)) << bad;
    }
    EXPECT_TRUE(is_valid_user_name(std::string(32, 'a')));
    EXPECT_FALSE(is_valid_user_name(std::string(33, 'a')));
}

TEST(SettingValues, HostnamesAndIpv4) {
    EXPECT_TRUE(is_valid_hostname("relay.jail.run"));
    EXPECT_TRUE(is_valid_hostname("localhost"));
    EXPECT_FALSE(is_valid_hostname("a..b"));
    EXPECT_FALSE(is_valid_hostname("-a.b"));
    EXPECT_FALSE(is_valid_hostname(std::string(64, 'a')));
    EXPECT_FALSE(is_valid_hostname("10.0.0.300"));
    EXPECT_TRUE(is_ipv4("127.0.0.1"));
    EXPECT_FALSE(is_ipv4("256.0.0.1"));
    EXPECT_FALSE(is_ipv4("1.2.3"));
    EXPECT_FALSE(is_ipv4("1.2.3.4.5"));
}

TEST(SettingValues, HttpUrlNeedsSchemeAndHost) {
    EXPECT_EQ(*parse_http_url("https://relay.jail.run/"), "https://relay.jail.run");
    EXPECT_EQ(*parse_http_url("http://127.0.0.1:8000/hub"), "http://127.0.0.1:8000/hub");
    EXPECT_FALSE(parse_http_url("ftp://x").ok());
    EXPECT_FALSE(parse_http_url("https://").ok());
    EXPECT_FALSE(parse_http_url("relay.jail.run").ok());
}

TEST(SettingValues, ResolvePathExpandsTildeAndMakesRelativePathsAbsolute) {
    EXPECT_EQ(*resolve_path("~/x/", "/home/u", "/work"), "/home/u/x");
    EXPECT_EQ(*resolve_path("~", "/home/u", "/work"), "/home/u");
    EXPECT_EQ(*resolve_path("state/../jr", "/home/u", "/work"), "/work/jr");
    EXPECT_EQ(*resolve_path("/abs//p", "/home/u", "/work"), "/abs/p");
    EXPECT_FALSE(resolve_path("~bob/x", "/home/u", "/work").ok());
    EXPECT_FALSE(resolve_path("  ", "/home/u", "/work").ok());
}

} // namespace jrun::config
