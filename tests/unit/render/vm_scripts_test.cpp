// SPDX-License-Identifier: BSD-2-Clause
// The VM-level guest scripts: goldens, the probe parser, and the refusals that happen before
// any command runs (real /bin/sh, an empty JRUN_ROOT). Their behaviour against the fake FreeBSD
// userland is tested in tests/guest/vm.
#include "render/files_vm.hpp"
#include "render/guest.hpp"
#include "render/script.hpp"
#include "support/support.hpp"
#include "sys/real_process_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::render {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const BootstrapSpec k_spec{
    "15.0-RELEASE", "https://download.freebsd.org/releases/amd64/amd64/15.0-RELEASE", "0"};

// Run `script` with /bin/sh, JRUN_ROOT=`root` and an empty PATH apart from /usr/bin:/bin.
sys::Completed run_sh(const std::string& script, const std::filesystem::path& root) {
    sys::RealProcessRunner runner;
    auto command = sys::Command({"/bin/sh", "-s"})
                       .set_env("JRUN_ROOT", root.string())
                       .set_env("PATH", "/usr/bin:/bin");
    command.set_stdin(script);
    auto result = runner.run(command);
    EXPECT_TRUE(result.ok());
    return result.ok() ? result.value() : sys::Completed{};
}

TEST(VmScripts, BootstrapMatchesItsGolden) {
    test::expect_golden("render/vm/bootstrap.sh", bootstrap_script(k_spec));
}

TEST(VmScripts, ReleaseMatchesItsGolden) {
    test::expect_golden("render/vm/release.sh", release_script(k_spec));
}

TEST(VmScripts, ProbeMatchesItsGolden) {
    test::expect_golden("render/vm/probe.sh", probe_script());
}

TEST(VmScripts, WiringMatchesItsGolden) {
    test::expect_golden(
        "render/vm/wiring.sh",
        wiring_script({{model::Proto::tcp, 8080, "10.17.89.10", 80}}, {{"web", "10.17.89.10"}}));
}

TEST(VmScripts, SharesMatchesItsGolden) {
    test::expect_golden("render/vm/shares.sh",
                        shares_script({{"jrun_0123456789", "/srv/data"}, {"jrun_abcdef0123", ""}}));
}

TEST(VmScripts, ShareMountsLinkBaseMountsAtTheirTarget) {
    model::RecordedVm vm;
    vm.shares = {{"/home/me/data", "jrun_0123456789"}, {"/home/me/web", "jrun_abcdef0123"}};
    model::Base base;
    base.mounts = {{"data", "/home/me/data", "/srv/data", {}}};
    const auto mounts = share_mounts(vm, base);
    ASSERT_EQ(mounts.size(), 2U);
    EXPECT_EQ(mounts[0].tag, "jrun_0123456789");
    EXPECT_EQ(mounts[0].target, "/srv/data");
    EXPECT_EQ(mounts[1].tag, "jrun_abcdef0123");
    EXPECT_EQ(mounts[1].target, ""); // used only by jails
    EXPECT_EQ(share_mounts(vm, std::nullopt)[0].target, "");
}

TEST(VmScripts, BootstrapQuotesTheReleaseUrl) {
    auto spec = k_spec;
    spec.release_url = "https://x/$(touch pwned)'`id`";
    EXPECT_THAT(bootstrap_script(spec),
                HasSubstr("jrun_url='https://x/$(touch pwned)'\\''`id`'\n"));
}

TEST(VmScripts, ReleaseRefusesAnInvalidNameBeforeAnyCommand) {
    test::TempDir dir;
    auto spec = k_spec;
    spec.release = "../$(touch pwned)";
    const auto result = run_sh(release_script(spec), dir.path());
    EXPECT_FALSE(result.success());
    EXPECT_THAT(result.err, HasSubstr("jrun: invalid release name: ../$(touch pwned)"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "pwned"));
    EXPECT_THAT(parse_report(result.out).failed_step, ::testing::Optional(std::string("release")));
}

TEST(VmScripts, SharesRefuseAnInvalidTagOrTargetBeforeAnyCommand) {
    for (const auto& share : {ShareMount{"bad tag;x", ""},
                              ShareMount{"jrun_1", "relative"},
                              ShareMount{"jrun_1", "/srv/../etc"},
                              ShareMount{"jrun_1", "/"},
                              ShareMount{"jrun_1", "/mnt/jrun/x"},
                              ShareMount{"jrun_1", "/a\nb"}}) {
        test::TempDir dir;
        const auto result = run_sh(shares_script({share}), dir.path());
        EXPECT_FALSE(result.success()) << share.tag << " " << share.target;
        EXPECT_THAT(result.err, HasSubstr("jrun: invalid"));
        EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << share.target;
    }
}

TEST(VmScripts, ProbeReportsWhatItSaw) {
    const auto live = parse_probe("@jrun step probe x\n"
                                  "@jrun data bootstrap 1\n"
                                  "@jrun data release 15.0-RELEASE\n"
                                  "@jrun data dataset web\n"
                                  "@jrun data dataset db\n"
                                  "@jrun data running web\n"
                                  "@jrun data ip 10.17.89.10\n"
                                  "@jrun data ip 127.0.0.1\n"
                                  "@jrun data probe complete\n");
    EXPECT_TRUE(live.probed);
    EXPECT_TRUE(live.bootstrapped);
    EXPECT_THAT(live.releases, ElementsAre("15.0-RELEASE"));
    EXPECT_THAT(live.datasets, ElementsAre("db", "web"));
    EXPECT_THAT(live.running, ElementsAre("web"));
    EXPECT_THAT(live.ips_in_use, ElementsAre("10.17.89.10", "127.0.0.1"));
}

TEST(VmScripts, ProbeIgnoresInvalidAddressesAndEmptyNames) {
    const auto live = parse_probe("@jrun data ip -\n@jrun data ip 10.17.89.300\n"
                                  "@jrun data dataset\n@jrun data probe complete\n");
    EXPECT_THAT(live.ips_in_use, IsEmpty());
    EXPECT_THAT(live.datasets, IsEmpty());
}

TEST(VmScripts, ProbeIsIncompleteWithoutItsLastLine) {
    const auto live = parse_probe("@jrun data dataset web\n@jrun failed probe 1\n");
    EXPECT_FALSE(live.probed);
}

TEST(VmScripts, ProbeTellsAnOlderBootstrapFromTheCurrentOne) {
    EXPECT_FALSE(parse_probe("@jrun data bootstrap 0\n@jrun data probe complete\n").bootstrapped);
    EXPECT_FALSE(parse_probe("@jrun data probe complete\n").bootstrapped);
    EXPECT_TRUE(parse_probe("@jrun data bootstrap " + std::to_string(k_bootstrap_version) + "\n")
                    .bootstrapped);
}

} // namespace
} // namespace jrun::render
