// SPDX-License-Identifier: BSD-2-Clause
// bootstrap_script and release_script against the fake FreeBSD userland: what the host looks
// like afterwards, that a second run issues no changing command, that a run after a failure at
// any of several points converges, and that a base.txz not matching its MANIFEST is refused.
#include "render/files_vm.hpp"
#include "render/guest.hpp"
#include "render/script.hpp"
#include "util/strings.hpp"
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

BootstrapSpec spec(const std::string& release = "15.0-RELEASE") {
    return {release, "https://download.freebsd.org/releases/amd64/amd64/" + release, "0"};
}

void expect_ok(const sys::Completed& result) {
    EXPECT_TRUE(result.success()) << result.out << result.err;
}

// Expect the facts a finished bootstrap leaves behind.
void expect_bootstrapped(const FakeBsd& bsd) {
    EXPECT_EQ(bsd.must({"zfs",
                        "list",
                        "-H",
                        "-o",
                        "name",
                        "-t",
                        "snapshot",
                        "zroot/jailrun/releases/15.0-RELEASE@base"}),
              "zroot/jailrun/releases/15.0-RELEASE@base\n");
    EXPECT_TRUE(
        std::filesystem::exists(bsd.at("/usr/local/jailrun/releases/15.0-RELEASE/COPYRIGHT")));
    EXPECT_THAT(bsd.must({"pfctl", "-s", "info"}), HasSubstr("Status: Enabled"));
    EXPECT_THAT(bsd.must({"pfctl", "-s", "nat"}), HasSubstr("rdr-anchor \"jrun/*\""));
    EXPECT_THAT(bsd.must({"ifconfig", "bridge0"}), HasSubstr("inet 10.17.89.1 netmask 0xffffff00"));
    EXPECT_EQ(bsd.must({"sysctl", "-n", "net.inet.ip.forwarding"}), "1\n");
    EXPECT_THAT(bsd.must({"service", "local_unbound", "status"}), HasSubstr("is running"));
    EXPECT_THAT(bsd.must({"service", "ntpd", "status"}), HasSubstr("is running"));
    EXPECT_THAT(bsd.must({"pkg", "info", "-e", "zstd"}), IsEmpty());
    EXPECT_EQ(test::read_file(bsd.at("/var/db/jrun/bootstrap")),
              std::to_string(k_bootstrap_version) + "\n");
}

TEST(GuestBootstrap, PreparesTheHost) {
    const FakeBsd bsd;
    const auto result = bsd.sh(bootstrap_script(spec()));
    expect_ok(result);
    expect_bootstrapped(bsd);
    EXPECT_EQ(bsd.must({"sysrc", "-n", "cloned_interfaces"}), "bridge0\n");
    EXPECT_EQ(bsd.must({"sysrc", "-n", "resolv_enable"}), "NO\n");
    EXPECT_EQ(test::read_file(bsd.at("/etc/resolv.conf")), render_vm_resolv_conf());
    EXPECT_EQ(test::read_file(bsd.at("/etc/pf.conf")), render_vm_pf_conf());
    EXPECT_TRUE(
        jrun::starts_with(test::read_file(bsd.at("/etc/ntp.conf")), "tinker panic 0\npool "));
    EXPECT_FALSE(std::filesystem::exists(bsd.at("/usr/local/jailrun/downloads/15.0-RELEASE")));
    EXPECT_TRUE(std::filesystem::exists(
        bsd.at("/usr/local/jailrun/releases/15.0-RELEASE/root/.hushlogin")));
    EXPECT_TRUE(std::filesystem::is_directory(bsd.at("/etc/jail.conf.d")));
    EXPECT_TRUE(parse_probe(bsd.sh(probe_script()).out).bootstrapped);
}

TEST(GuestBootstrap, SecondRunIssuesNoChangingCommand) {
    const FakeBsd bsd;
    expect_ok(bsd.sh(bootstrap_script(spec())));
    const auto before = bsd.digest();
    bsd.clear_log();
    const auto second = bsd.sh(bootstrap_script(spec()));
    expect_ok(second);
    EXPECT_EQ(bsd.changes(), "");
    EXPECT_EQ(bsd.digest(), before);
    EXPECT_THAT(parse_report(second.out).changed, IsEmpty());
}

TEST(GuestBootstrap, KeepsWhatSystemFilesHeldBefore) {
    const FakeBsd bsd;
    std::ofstream(bsd.at("/etc/jail.conf")) << "mine { path = \"/jails/mine\"; }\n";
    std::ofstream(bsd.at("/etc/devfs.rules")) << "[mine=50]\nadd path 'bpf*' unhide\n";
    std::ofstream(bsd.at("/boot/loader.conf"), std::ios::app) << "kern.hz=1000\nfoo_load=\"YES\"\n";
    expect_ok(bsd.sh(bootstrap_script(spec())));
    EXPECT_EQ(test::read_file(bsd.at("/etc/jail.conf")),
              "mine { path = \"/jails/mine\"; }\n" + render_jail_conf_block());
    EXPECT_EQ(test::read_file(bsd.at("/etc/devfs.rules")),
              "[mine=50]\nadd path 'bpf*' unhide\n" + render_devfs_rules_block());
    const auto loader = test::read_file(bsd.at("/boot/loader.conf"));
    EXPECT_THAT(loader, HasSubstr("zfs_load=\"YES\"\nkern.hz=100\nfoo_load=\"YES\"\n"));
    EXPECT_THAT(loader, Not(HasSubstr("kern.hz=1000")));
}

TEST(GuestBootstrap, RefusesAFileWithAnUnterminatedBlock) {
    const FakeBsd bsd;
    std::ofstream(bsd.at("/etc/devfs.rules")) << "# BEGIN JRUN DEVFS\n[mine=50]\n";
    const auto result = bsd.sh(bootstrap_script(spec()));
    EXPECT_FALSE(result.success());
    EXPECT_THAT(result.err, HasSubstr("/etc/devfs.rules has \"# BEGIN JRUN DEVFS\" without"));
    EXPECT_EQ(test::read_file(bsd.at("/etc/devfs.rules")), "# BEGIN JRUN DEVFS\n[mine=50]\n");
}

TEST(GuestBootstrap, RetriesACommandThatFailsOnce) {
    const FakeBsd bsd;
    bsd.must({"fakebsd", "fail", "fetch"});
    expect_ok(bsd.sh(bootstrap_script(spec())));
    expect_bootstrapped(bsd);
}

struct Injection {
    std::string name;
    std::vector<std::string> fail; // arguments of `fakebsd fail`
};

class GuestBootstrapAfterFailure : public ::testing::TestWithParam<Injection> {};

TEST_P(GuestBootstrapAfterFailure, Converges) {
    const FakeBsd bsd;
    auto fail = std::vector<std::string>{"fakebsd", "fail"};
    fail.insert(fail.end(), GetParam().fail.begin(), GetParam().fail.end());
    bsd.must(fail);
    const auto first = bsd.sh(bootstrap_script(spec()));
    ASSERT_FALSE(first.success()) << "the injected failure did not stop the run";
    EXPECT_TRUE(parse_report(first.out).failed_step.has_value());
    expect_ok(bsd.sh(bootstrap_script(spec())));
    expect_bootstrapped(bsd);
    bsd.clear_log();
    expect_ok(bsd.sh(bootstrap_script(spec())));
    EXPECT_EQ(bsd.changes(), "");
}

INSTANTIATE_TEST_SUITE_P(
    Points,
    GuestBootstrapAfterFailure,
    ::testing::Values(Injection{"PfReload", {"pfctl", "match=pfctl -f *"}},
                      Injection{"PfEnable", {"pfctl", "match=pfctl -e"}},
                      Injection{"Bridge", {"ifconfig", "match=ifconfig bridge0 inet *"}},
                      Injection{"Sysrc", {"sysrc", "match=sysrc gateway_enable=YES"}},
                      Injection{"NtpdStart", {"service", "match=service ntpd start"}},
                      Injection{"Extraction", {"tar"}},
                      Injection{"Snapshot", {"zfs", "match=zfs snapshot *"}},
                      Injection{"DevfsRestart", {"service", "match=service devfs restart"}},
                      Injection{"UnboundStart", {"service", "match=service local_unbound start"}},
                      Injection{"UnboundCheck", {"local-unbound-checkconf"}}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(GuestBootstrap, RunsAHandlerLeftPendingByAFailedRun) {
    const FakeBsd bsd;
    bsd.must({"fakebsd", "fail", "service", "match=service devfs restart"});
    EXPECT_FALSE(bsd.sh(bootstrap_script(spec())).success());
    bsd.clear_log();
    expect_ok(bsd.sh(bootstrap_script(spec())));
    EXPECT_THAT(bsd.changes(), HasSubstr("C host service devfs restart\n"));
}

// Replace the SHA-256 in the fixture's MANIFEST with another one.
void corrupt_manifest(const FakeBsd& bsd) {
    const auto path = bsd.release_fixture() / "MANIFEST";
    auto text = test::read_file(path);
    const auto tab = text.find('\t');
    text.replace(tab + 1, 64, std::string(64, '0'));
    std::ofstream(path, std::ios::trunc) << text;
}

TEST(GuestRelease, RefusesABaseTxzThatDoesNotMatchItsManifest) {
    const FakeBsd bsd;
    corrupt_manifest(bsd);
    const auto result = bsd.sh(bootstrap_script(spec()));
    EXPECT_FALSE(result.success());
    EXPECT_THAT(result.err,
                HasSubstr("jrun: base.txz of 15.0-RELEASE does not match its MANIFEST"));
    EXPECT_THAT(result.err, HasSubstr("expected 0000000000000000"));
    EXPECT_THAT(parse_report(result.out).failed_step, ::testing::Optional(std::string("release")));
    EXPECT_FALSE(
        std::filesystem::exists(bsd.at("/usr/local/jailrun/releases/15.0-RELEASE/COPYRIGHT")));
    EXPECT_FALSE(
        std::filesystem::exists(bsd.at("/usr/local/jailrun/downloads/15.0-RELEASE/base.txz")));
    EXPECT_THAT(bsd.changes(), Not(HasSubstr("tar -xf")));
    bsd.must({"fakebsd", "release", (bsd.dir() / "fixtures").string(), "15.0-RELEASE"});
    expect_ok(bsd.sh(bootstrap_script(spec())));
    expect_bootstrapped(bsd);
}

TEST(GuestRelease, FetchesAnotherReleaseOnce) {
    const FakeBsd bsd;
    expect_ok(bsd.sh(bootstrap_script(spec())));
    bsd.must({"fakebsd", "release", (bsd.dir() / "fixtures").string(), "14.3-RELEASE"});
    expect_ok(bsd.sh(release_script(spec("14.3-RELEASE"))));
    EXPECT_EQ(
        test::read_file(bsd.at("/usr/local/jailrun/releases/14.3-RELEASE/bin/freebsd-version")),
        "#!/bin/sh\nUSERLAND_VERSION=\"14.3-RELEASE\"\n");
    const auto live = parse_probe(bsd.sh(probe_script()).out);
    EXPECT_THAT(live.releases, ::testing::ElementsAre("14.3-RELEASE", "15.0-RELEASE"));
    bsd.clear_log();
    expect_ok(bsd.sh(release_script(spec("14.3-RELEASE"))));
    EXPECT_EQ(bsd.changes(), "");
}

TEST(GuestRelease, TakesTheUrlLiterally) {
    const FakeBsd bsd;
    expect_ok(bsd.sh(bootstrap_script(spec())));
    auto hostile = spec("14.3-RELEASE");
    hostile.release_url = "https://x/$(touch pwned)'`touch pwned2`";
    const auto result = bsd.sh(release_script(hostile));
    EXPECT_FALSE(result.success());
    EXPECT_THAT(result.err,
                HasSubstr("cannot download https://x/$(touch pwned)'`touch pwned2`/MANIFEST"));
    EXPECT_FALSE(std::filesystem::exists(bsd.dir() / "pwned"));
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::current_path() / "pwned"));
}

} // namespace
} // namespace jrun::render
