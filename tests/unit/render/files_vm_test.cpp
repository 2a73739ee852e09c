// SPDX-License-Identifier: BSD-2-Clause
#include "render/files_vm.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string k_hostile = "x\"\n$(touch pwned)';\ninclude: /etc/passwd";

TEST(FilesVm, PkgReposMatchTheirGolden) {
    test::expect_golden("render/vm/pkg_repos.conf", render_pkg_repos("0"));
}

TEST(FilesVm, PkgReposFallBackToMinorZeroForAnInvalidVersion) {
    const auto text = render_pkg_repos(k_hostile);
    EXPECT_THAT(text, HasSubstr("kmods_quarterly_0\""));
    EXPECT_THAT(text, Not(HasSubstr("pwned")));
    EXPECT_THAT(render_pkg_repos("3"), HasSubstr("kmods_quarterly_3\""));
}

TEST(FilesVm, PfConfMatchesItsGolden) {
    test::expect_golden("render/vm/pf.conf", render_vm_pf_conf());
}

TEST(FilesVm, ForwardsAnchorMatchesItsGolden) {
    const std::vector<AnchorRule> rules{{model::Proto::tcp, 8080, "10.17.89.10", 80},
                                        {model::Proto::udp, 5353, "10.17.89.11", 53}};
    test::expect_golden("render/vm/jrun-forwards.conf", render_forwards_anchor(rules));
}

TEST(FilesVm, ForwardsAnchorLeavesOutTheVmsOwnSshPort) {
    const auto text = render_forwards_anchor(
        {{model::Proto::tcp, 22, "10.17.89.10", 22}, {model::Proto::udp, 22, "10.17.89.10", 22}});
    EXPECT_THAT(text, Not(HasSubstr("proto tcp from any to (vtnet0) port 22 ")));
    EXPECT_THAT(text, HasSubstr("# left out: tcp port 22"));
    EXPECT_THAT(text, HasSubstr("proto udp from any to (vtnet0) port 22 -> 10.17.89.10 port 22"));
}

TEST(FilesVm, ForwardsAnchorLeavesOutInvalidAddressesAndPorts) {
    const auto text = render_forwards_anchor({{model::Proto::tcp, 80, k_hostile, 80},
                                              {model::Proto::tcp, 81, "10.17.89.300", 80},
                                              {model::Proto::tcp, 0, "10.17.89.10", 80},
                                              {model::Proto::tcp, 82, "10.17.89.10", 0}});
    EXPECT_THAT(text, Not(HasSubstr("rdr")));
    EXPECT_THAT(text, Not(HasSubstr("pwned")));
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
}

TEST(FilesVm, SystemFileBlocksMatchTheirGoldens) {
    test::expect_golden("render/vm/devfs.rules.block", render_devfs_rules_block());
    test::expect_golden("render/vm/jail.conf.block", render_jail_conf_block());
    test::expect_golden("render/vm/dhclient.conf.block", render_dhclient_block());
    test::expect_golden("render/vm/resolv.conf", render_vm_resolv_conf());
}

TEST(FilesVm, UnboundConfIncludesTheRecordsAndThePeersFiles) {
    const auto text = render_unbound_conf();
    test::expect_golden("render/vm/unbound.conf", text);
    EXPECT_THAT(text, HasSubstr("include: /var/unbound/conf.d/jrun.conf\n"));
    EXPECT_THAT(text, HasSubstr("include: /var/unbound/conf.d/jrun-peers.conf\n"));
}

TEST(FilesVm, JailRecordsMatchTheirGolden) {
    test::expect_golden("render/vm/jrun.conf",
                        render_unbound_jrun_conf({{"web", "10.17.89.10"}, {"db", "10.17.89.11"}}));
}

TEST(FilesVm, JailRecordsLeaveOutInvalidNamesAndAddresses) {
    const auto text = render_unbound_jrun_conf(
        {{k_hostile, "10.17.89.10"}, {"web", k_hostile}, {"-web", "10.17.89.12"}});
    EXPECT_THAT(text, Not(HasSubstr("local-data")));
    EXPECT_THAT(text, Not(HasSubstr("pwned")));
    EXPECT_THAT(text, Not(HasSubstr("passwd")));
}

TEST(FilesVm, PeerRecordsSitInTheirMarkerBlock) {
    const auto text = render_unbound_peers_conf(
        {{"api.k3x9q", "200:1234:5678::1"}, {k_hostile, "200::1"}, {"db.k3x9q", "10.0.0.1"}});
    test::expect_golden("render/vm/jrun-peers.conf", text);
    EXPECT_THAT(text, Not(HasSubstr("pwned")));
}

TEST(FilesVm, FstabBlockMountsEachShareAndIsEmptyWithoutShares) {
    test::expect_golden(
        "render/vm/fstab.block",
        render_fstab_block(
            {{"jrun_0123456789", "/srv/data"}, {"jrun_abcdef0123", ""}, {k_hostile, ""}}));
    EXPECT_EQ(render_fstab_block({}), "");
}

TEST(FilesVm, LoaderAndSysctlLinesAreKeyValuePairs) {
    EXPECT_THAT(loader_conf_lines(), ::testing::Contains("kern.hz=100"));
    EXPECT_THAT(loader_conf_lines(), ::testing::Contains("virtio_p9fs_load=\"YES\""));
    EXPECT_THAT(sysctl_conf_lines(), ::testing::ElementsAre("vfs.zfs.arc_max=2147483648"));
}

TEST(FilesVmValidation, AcceptsDottedQuadsOnly) {
    EXPECT_TRUE(is_ipv4("10.17.89.10"));
    EXPECT_TRUE(is_ipv4("0.0.0.0"));
    EXPECT_FALSE(is_ipv4("10.17.89.256"));
    EXPECT_FALSE(is_ipv4("10.17.89.010"));
    EXPECT_FALSE(is_ipv4("10.17.89"));
    EXPECT_FALSE(is_ipv4("10.17.89.1 "));
    EXPECT_FALSE(is_ipv4(""));
}

TEST(FilesVmValidation, AcceptsHostnamesAsDnsNames) {
    EXPECT_TRUE(is_dns_name("web"));
    EXPECT_TRUE(is_dns_name("api-2.k3x9q"));
    EXPECT_FALSE(is_dns_name(""));
    EXPECT_FALSE(is_dns_name("a..b"));
    EXPECT_FALSE(is_dns_name("-web"));
    EXPECT_FALSE(is_dns_name("we b"));
    EXPECT_FALSE(is_dns_name(std::string(64, 'a')));
}

TEST(FilesVmValidation, AcceptsShareTagsAndReleaseNames) {
    EXPECT_TRUE(is_share_tag("jrun_0123456789"));
    EXPECT_FALSE(is_share_tag("a b"));
    EXPECT_FALSE(is_share_tag(std::string(32, 'a')));
    EXPECT_TRUE(is_release_name("15.0-RELEASE"));
    EXPECT_TRUE(is_release_name("14.3-RC1"));
    EXPECT_FALSE(is_release_name("../15.0"));
    EXPECT_FALSE(is_release_name("15.0 RELEASE"));
    EXPECT_FALSE(is_release_name(""));
}

} // namespace
} // namespace jrun::render
