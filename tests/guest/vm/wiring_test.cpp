// SPDX-License-Identifier: BSD-2-Clause
// wiring_script against the fake FreeBSD userland: forwards reach pf's anchor, records reach
// local_unbound, a second run changes nothing, and the mesh's peer records are never lost.
#include "render/files_vm.hpp"
#include "render/guest.hpp"
#include "render/script.hpp"
#include "vm/fake_bsd.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace jrun::render {
namespace {

using test::FakeBsd;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const std::vector<AnchorRule> k_rules{{model::Proto::tcp, 8080, "10.17.89.10", 80},
                                      {model::Proto::udp, 5353, "10.17.89.11", 53}};
const std::vector<DnsRecord> k_records{{"web", "10.17.89.10"}, {"db", "10.17.89.11"}};
const std::vector<PeerRecord> k_peers{{"api.k3x9q", "200:1234:5678::1"}};

void expect_ok(const sys::Completed& result) {
    EXPECT_TRUE(result.success()) << result.out << result.err;
}

// Each test starts from a bootstrapped fake host.
class GuestWiring : public ::testing::Test {
protected:
    void SetUp() override {
        expect_ok(bsd.sh(
            bootstrap_script({"15.0-RELEASE",
                              "https://download.freebsd.org/releases/amd64/amd64/15.0-RELEASE",
                              "0"})));
    }
    const FakeBsd bsd;
};

TEST_F(GuestWiring, LoadsForwardsAndRecords) {
    const auto result = bsd.sh(wiring_script(k_rules, k_records));
    expect_ok(result);
    EXPECT_THAT(parse_report(result.out).changed,
                ::testing::ElementsAre("/etc/pf.anchors/jrun-forwards.conf",
                                       "/var/unbound/conf.d/jrun.conf"));
    const auto nat = bsd.must({"pfctl", "-a", "jrun/managed", "-s", "nat"});
    EXPECT_THAT(nat,
                HasSubstr("rdr pass on vtnet0 inet proto tcp from any to (vtnet0) port 8080 "
                          "-> 10.17.89.10 port 80\n"));
    EXPECT_THAT(nat, HasSubstr("proto udp from any to (vtnet0) port 5353 -> 10.17.89.11 port 53"));
    const auto data = bsd.must({"local-unbound-control", "list_local_data"});
    EXPECT_THAT(data, HasSubstr("web.local.jrun.\t3600\tIN\tA\t10.17.89.10\n"));
    EXPECT_THAT(data, HasSubstr("db.local.jrun.\t3600\tIN\tA\t10.17.89.11\n"));
    EXPECT_THAT(bsd.changes(), HasSubstr("C host service local_unbound reload\n"));
}

TEST_F(GuestWiring, SecondRunIssuesNoChangingCommand) {
    expect_ok(bsd.sh(wiring_script(k_rules, k_records)));
    const auto before = bsd.digest();
    bsd.clear_log();
    const auto second = bsd.sh(wiring_script(k_rules, k_records));
    expect_ok(second);
    EXPECT_EQ(bsd.changes(), "");
    EXPECT_EQ(bsd.digest(), before);
    EXPECT_THAT(parse_report(second.out).changed, IsEmpty());
}

TEST_F(GuestWiring, KeepsThePeerRecordsTheMeshWrote) {
    const auto peers = render_unbound_peers_conf(k_peers);
    std::ofstream(bsd.at(std::string(k_unbound_peers_conf)), std::ios::trunc) << peers;
    expect_ok(bsd.sh(wiring_script(k_rules, k_records)));
    expect_ok(bsd.sh(wiring_script({}, {{"web", "10.17.89.12"}})));
    EXPECT_EQ(test::read_file(bsd.at(std::string(k_unbound_peers_conf))), peers);
    const auto data = bsd.must({"local-unbound-control", "list_local_data"});
    EXPECT_THAT(data, HasSubstr("api.k3x9q.jrun.\t3600\tIN\tAAAA\t200:1234:5678::1\n"));
    EXPECT_THAT(data, HasSubstr("web.local.jrun.\t3600\tIN\tA\t10.17.89.12\n"));
    EXPECT_THAT(data, Not(HasSubstr("db.local.jrun.")));
    EXPECT_EQ(bsd.must({"pfctl", "-a", "jrun/managed", "-s", "nat"}), "");
}

TEST_F(GuestWiring, TakesOverThePeersBlockOfThePythonLayout) {
    std::filesystem::remove(bsd.at(std::string(k_unbound_peers_conf)));
    const std::string block = "# BEGIN JRUN PEERS\n"
                              "    local-data: \"api.k3x9q.jrun. IN AAAA 200:1234:5678::1\"\n"
                              "# END JRUN PEERS\n";
    std::ofstream(bsd.at(std::string(k_unbound_jrun_conf)), std::ios::trunc)
        << "server:\n    local-zone: \"jrun.\" static\n"
        << block << "forward-zone:\n    name: \".\"\n    forward-addr: 10.0.2.3\n";
    expect_ok(bsd.sh(wiring_script(k_rules, k_records)));
    EXPECT_THAT(test::read_file(bsd.at(std::string(k_unbound_peers_conf))),
                HasSubstr("server:\n" + block));
    EXPECT_EQ(test::read_file(bsd.at(std::string(k_unbound_jrun_conf))),
              render_unbound_jrun_conf(k_records));
    EXPECT_THAT(bsd.must({"local-unbound-control", "list_local_data"}),
                HasSubstr("api.k3x9q.jrun.\t3600\tIN\tAAAA\t200:1234:5678::1\n"));
}

TEST_F(GuestWiring, ReloadsAfterAFailedReload) {
    bsd.must({"fakebsd", "fail", "pfctl", "match=pfctl -a jrun/managed -f *"});
    EXPECT_FALSE(bsd.sh(wiring_script(k_rules, k_records)).success());
    EXPECT_EQ(bsd.must({"pfctl", "-a", "jrun/managed", "-s", "nat"}), "");
    expect_ok(bsd.sh(wiring_script(k_rules, k_records)));
    EXPECT_THAT(bsd.must({"pfctl", "-a", "jrun/managed", "-s", "nat"}), HasSubstr("port 8080"));
    bsd.clear_log();
    expect_ok(bsd.sh(wiring_script(k_rules, k_records)));
    EXPECT_EQ(bsd.changes(), "");
}

} // namespace
} // namespace jrun::render
