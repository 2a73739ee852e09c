// SPDX-License-Identifier: BSD-2-Clause
#include "cloudinit/seed.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::cloudinit {
namespace {

using ::testing::HasSubstr;

// A fixed, well-formed (but not real) key pair, so that the goldens are stable.
HostKey host_key() {
    return HostKey{
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
        "QyNTUxOQAAACBmYWtlZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZQ==\n"
        "-----END OPENSSH PRIVATE KEY-----\n",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGhvc3Rob3N0aG9zdGhvc3Rob3N0aG9zdGhvc3Rob3N0 "
        "jrun-vm-host"};
}

SeedSpec spec() {
    SeedSpec seed;
    seed.host_key = host_key();
    seed.instance_id = instance_id_for(seed.host_key.public_key);
    seed.authorized_key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVzZXJ1c2VydXNlcnVzZXJ1c2VydXNlcnVzZXJ1c2Vy "
        "me@laptop\n";
    return seed;
}

TEST(RenderSeed, MetaDataMatchesGolden) {
    auto text = render_meta_data(spec());
    ASSERT_TRUE(text.ok()) << text.error().why;
    test::expect_golden("cloudinit/meta-data", *text);
}

TEST(RenderSeed, UserDataMatchesGolden) {
    auto text = render_user_data(spec());
    ASSERT_TRUE(text.ok()) << text.error().why;
    test::expect_golden("cloudinit/user-data", *text);
}

TEST(RenderSeed, UserDataStartsWithTheCloudConfigMarker) {
    EXPECT_EQ(render_user_data(spec())->rfind("#cloud-config\n", 0), 0U);
}

TEST(RenderSeed, RefusesAKeyCommentThatWouldBreakOutOfTheQuotes) {
    auto seed = spec();
    seed.authorized_key = "ssh-ed25519 AAAAC3Nz x\"\nruncmd: [reboot]";
    auto text = render_user_data(seed);
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().kind, ErrorKind::config);
    EXPECT_THAT(text.error().why, HasSubstr("authorized key"));
}

TEST(RenderSeed, RefusesABackslashInAKeyComment) {
    auto seed = spec();
    seed.authorized_key = "ssh-ed25519 AAAAC3Nz a\\x";
    EXPECT_FALSE(render_user_data(seed).ok());
}

TEST(RenderSeed, RefusesHostileUserGroupAndPackageNames) {
    for (auto field : {0, 1, 2, 3}) {
        auto seed = spec();
        std::string hostile = "admin: x\n- y";
        (field == 0   ? seed.user
         : field == 1 ? seed.group
         : field == 2 ? seed.hostname
                      : seed.packages[0]) = hostile;
        EXPECT_FALSE(render_user_data(seed).ok()) << field;
    }
    auto seed = spec();
    seed.user = "Admin";
    EXPECT_FALSE(render_user_data(seed).ok());
    seed.user = "9admin";
    EXPECT_FALSE(render_user_data(seed).ok());
    seed.user = "_jrun-admin";
    EXPECT_TRUE(render_user_data(seed).ok());
}

TEST(RenderSeed, RefusesAMalformedHostKey) {
    auto seed = spec();
    seed.host_key.private_key = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc: def\n"
                                "-----END OPENSSH PRIVATE KEY-----\n";
    EXPECT_FALSE(render_user_data(seed).ok());
    seed = spec();
    seed.host_key.public_key = "ssh-rsa AAAAB3Nza host";
    EXPECT_FALSE(render_user_data(seed).ok());
}

TEST(RenderSeed, MetaDataRefusesAQuoteInTheInstanceId) {
    auto seed = spec();
    seed.instance_id = "jrun\"";
    EXPECT_FALSE(render_meta_data(seed).ok());
}

TEST(YamlQuote, QuotesPlainTextAndRefusesEscapes) {
    EXPECT_EQ(*yaml_quote("a: b # c", "f"), "\"a: b # c\"");
    EXPECT_FALSE(yaml_quote("a\"b", "f").ok());
    EXPECT_FALSE(yaml_quote("a\\b", "f").ok());
    EXPECT_FALSE(yaml_quote("a\tb", "f").ok());
}

TEST(PythonPackage, MapsTheInterpreterToItsFreebsdPackage) {
    EXPECT_EQ(*python_package("python3.13"), "python313");
    EXPECT_EQ(*python_package("python3.9"), "python39");
    EXPECT_FALSE(python_package("python3").ok());
    EXPECT_FALSE(python_package("python3.13; reboot").ok());
}

TEST(InstanceIdFor, ChangesWithTheHostKey) {
    EXPECT_EQ(instance_id_for("ssh-ed25519 AAAA x").size(), 5U + 16U);
    EXPECT_NE(instance_id_for("ssh-ed25519 AAAA"), instance_id_for("ssh-ed25519 BBBB"));
}

TEST(KnownHostsLine, PinsTheKeyForTheForwardedPort) {
    EXPECT_EQ(*known_hosts_line("127.0.0.1", 2222, "ssh-ed25519 AAAAC3Nz jrun-vm-host\n"),
              "[127.0.0.1]:2222 ssh-ed25519 AAAAC3Nz");
    EXPECT_EQ(*known_hosts_line("vm.example", 22, "ssh-ed25519 AAAAC3Nz"),
              "vm.example ssh-ed25519 AAAAC3Nz");
    EXPECT_FALSE(known_hosts_line("127.0.0.1 evil", 22, "ssh-ed25519 AAAAC3Nz").ok());
    EXPECT_FALSE(known_hosts_line("127.0.0.1", 22, "garbage").ok());
}

} // namespace
} // namespace jrun::cloudinit
