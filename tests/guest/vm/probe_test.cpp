// SPDX-License-Identifier: BSD-2-Clause
// probe_script against the fake FreeBSD userland, parsed by parse_probe: a fresh host, and a
// bootstrapped one with jails made by hand (a VNET jail as jrun makes them, a stopped one, and
// an unmanaged jail with an ip4.addr).
#include "render/files_vm.hpp"
#include "render/guest.hpp"
#include "vm/fake_bsd.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace jrun::render {
namespace {

using test::FakeBsd;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(GuestProbe, ReportsAFreshHost) {
    const FakeBsd bsd;
    const auto result = bsd.sh(probe_script());
    EXPECT_TRUE(result.success()) << result.err;
    const auto live = parse_probe(result.out);
    EXPECT_TRUE(live.probed);
    EXPECT_FALSE(live.bootstrapped);
    EXPECT_THAT(live.datasets, IsEmpty());
    EXPECT_THAT(live.running, IsEmpty());
    EXPECT_THAT(live.releases, IsEmpty());
    EXPECT_EQ(bsd.changes(), "");
}

TEST(GuestProbe, ReportsJailsMadeByHand) {
    const FakeBsd bsd;
    const auto boot = bsd.sh(bootstrap_script(
        {"15.0-RELEASE", "https://download.freebsd.org/releases/amd64/amd64/15.0-RELEASE", "0"}));
    ASSERT_TRUE(boot.success()) << boot.err;
    const auto lib = (test::source_dir() / "tests/fakebsd").string();
    const auto made =
        bsd.sh("set -e\nHERE='" + lib
               + "'\n. \"$HERE/selftest_lib.sh\"\n"
                 "mkdir -p \"$JRUN_ROOT/srv/data\"\nmake_jail web 10\n"
                 "jail -c -f /usr/local/jailrun/jails/web/jail.conf web\n"
                 "zfs create zroot/jailrun/jails/db\n"
                 "mkdir -p \"$JRUN_ROOT/legacy\"\n"
                 "printf 'legacy {\\n  path = \"/legacy\";\\n  ip4.addr = 10.17.89.20;\\n"
                 "  persist;\\n}\\n' >\"$JRUN_ROOT/etc/legacy.conf\"\n"
                 "jail -c -f /etc/legacy.conf legacy\n");
    ASSERT_TRUE(made.success()) << made.out << made.err;
    bsd.clear_log();
    const auto result = bsd.sh(probe_script());
    EXPECT_TRUE(result.success()) << result.err;
    const auto live = parse_probe(result.out);
    EXPECT_TRUE(live.probed);
    EXPECT_TRUE(live.bootstrapped);
    EXPECT_THAT(live.releases, ElementsAre("15.0-RELEASE"));
    EXPECT_THAT(live.datasets, ElementsAre("db", "web"));
    EXPECT_THAT(live.running, ElementsAre("legacy", "web"));
    EXPECT_THAT(live.ips_in_use, ElementsAre("10.17.89.10", "10.17.89.20"));
    EXPECT_EQ(bsd.changes(), "");
}

} // namespace
} // namespace jrun::render
