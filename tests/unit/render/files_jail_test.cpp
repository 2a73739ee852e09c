// SPDX-License-Identifier: BSD-2-Clause
#include "render/files_jail.hpp"
#include "support/jail_samples.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view k_priv = "j4b5e57f6eb2f";

// Goldens checked against jail.conf(5) / jail(8): one block per jail, `$var` variables,
// `+=` lists of exec.prestart/poststop, vnet.interface moved into the jail.
TEST(JailConf, MatchesTheGolden) {
    test::expect_golden("render/jail/jail.conf", render_jail_conf(k_priv, "web", "10.17.89.11"));
}

TEST(JailConf, EscapesQuotesAndVariablesInStrings) {
    const auto conf = render_jail_conf(k_priv, "a\"b$c\\d", "10.17.89.11");
    EXPECT_THAT(conf, HasSubstr("host.hostname = \"a\\\"b\\$c\\\\d\";"));
}

TEST(JailConf, NumbersTheEpairByTheLastOctet) {
    EXPECT_EQ(epair_index("10.17.89.250"), 250);
    EXPECT_EQ(epair_index("10.17.89.x"), 0);
    EXPECT_EQ(epair_index("nonsense"), 0);
    EXPECT_THAT(render_jail_conf(k_priv, "web", "10.17.89.42"), HasSubstr("$id = 42;"));
}

TEST(JailFstab, MatchesTheGolden) {
    test::expect_golden("render/jail/fstab", render_jail_fstab(k_priv, test::sample_jail().mounts));
}

TEST(JailFstab, EscapesBlanksAndBackslashesAsFstabDoes) {
    EXPECT_EQ(fstab_escape("/a b\tc\\d\ne"), "/a\\040b\\011c\\134d\\012e");
    model::Mount mount{"x", "/h", "/srv/my dir", true, {}};
    const auto line = fstab_line(k_priv, mount);
    EXPECT_THAT(line, HasSubstr("/root/srv/my\\040dir nullfs ro 0 0"));
    EXPECT_EQ(std::count(line.begin(), line.end(), ' '), 5);
}

TEST(JailRc, SetsTheVnetAddressAndQuietServices) {
    const auto settings = jail_rc_settings("10.17.89.11");
    ASSERT_EQ(settings.size(), 6U);
    EXPECT_EQ(settings[0],
              std::make_pair(std::string("ifconfig_epair11b_name"), std::string("vnet0")));
    EXPECT_EQ(settings[1].second, "inet 10.17.89.11/24");
    EXPECT_EQ(render_jail_resolv_conf(),
              "# jrun: generated; do not edit\nsearch local.jrun\nnameserver 10.17.89.1\n");
}

TEST(SafeName, KeepsLabelsAndEncodesEverythingElse) {
    EXPECT_EQ(safe_name("web-1_x"), "web-1_x");
    EXPECT_EQ(safe_name("-a"), "_2da");
    EXPECT_EQ(safe_name("a b/c"), "a_20b_2fc");
    EXPECT_EQ(safe_name(""), "_");
    EXPECT_EQ(exec_paths("a.b").service, "a_2eb");
}

TEST(MonitCycle, DividesEveryHealthIntervalInWholeSeconds) {
    auto jail = test::sample_jail();
    EXPECT_EQ(monit_cycle_seconds(jail), 5); // gcd(10, 15)
    jail.execs[0].healthcheck->interval = std::chrono::seconds(30);
    EXPECT_EQ(monit_cycle_seconds(jail), 10);
    jail.execs[0].healthcheck->interval = std::chrono::milliseconds(1500);
    EXPECT_EQ(monit_cycle_seconds(jail), 2);
    jail.execs[0].healthcheck->interval = std::chrono::seconds(7);
    EXPECT_EQ(monit_cycle_seconds(jail), 1);
    jail.execs.clear();
    EXPECT_EQ(monit_cycle_seconds(jail), 10);
}

TEST(Monitrc, MatchesTheGoldens) {
    const auto jail = test::sample_jail();
    test::expect_golden("render/jail/monitrc", render_monitrc(jail));
    test::expect_golden("render/jail/app.monitrc", render_exec_monitrc(jail.execs[0], 5));
    test::expect_golden("render/jail/worker.monitrc", render_exec_monitrc(jail.execs[1], 5));
    test::expect_golden("render/jail/app.sh", render_exec_start(jail.execs[0]));
    test::expect_golden("render/jail/worker.sh", render_exec_start(jail.execs[1]));
    test::expect_golden("render/jail/app.stop.sh", render_exec_stop(jail.execs[0]));
    test::expect_golden("render/jail/app.health.sh", render_exec_health(jail.execs[0]));
}

TEST(Monitrc, ChecksHealthEveryIntervalAndRestartsAfterRetries) {
    const auto exec = test::sample_jail().execs[0]; // interval 15 s, timeout 3 s, retries 4
    const auto text = render_exec_monitrc(exec, 5);
    EXPECT_THAT(text,
                HasSubstr("check program app.health with path "
                          "\"/usr/local/libexec/jrun/app.health.sh\" with timeout 8 seconds"));
    EXPECT_THAT(text, HasSubstr("every 3 cycles"));
    EXPECT_THAT(text,
                HasSubstr("if status > 1 for 4 cycles then exec \"/usr/local/bin/monit "
                          "restart app\" repeat every 4 cycles"));
}

TEST(Monitrc, NeverContainsUserText) {
    const auto jail = test::hostile_jail("/tmp/m", "/home/me");
    const auto& exec = jail.execs[0];
    for (const auto& text : {render_monitrc(jail), render_exec_monitrc(exec, 1)}) {
        EXPECT_THAT(text, Not(HasSubstr("touch")));
        EXPECT_THAT(text, Not(HasSubstr("$(")));
    }
}

TEST(ExecWrappers, QuoteEveryValueAsOneWord) {
    const auto jail = test::hostile_jail("/tmp/m", "/home/me");
    const auto start = render_exec_start(jail.execs[0]);
    EXPECT_THAT(start, HasSubstr("/bin/sh -c -- '"));
    EXPECT_THAT(start, HasSubstr("'HOSTILE=it'\\''s"));
    EXPECT_THAT(start, Not(HasSubstr("\nsecond line\t☃ ünïcødé 'JRUN_EOF'\n"))) << "unquoted";
}

TEST(ExecWrappers, HealthReportsStartingOnlyWithAStartPeriod) {
    auto exec = test::sample_jail().execs[0];
    EXPECT_THAT(render_exec_health(exec), HasSubstr("-lt 20 ]; then\n    exit 1"));
    exec.healthcheck->start_period = std::chrono::seconds(0);
    EXPECT_THAT(render_exec_health(exec), Not(HasSubstr("exit 1")));
}

} // namespace
} // namespace jrun::render
