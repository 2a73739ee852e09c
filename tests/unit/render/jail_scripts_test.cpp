// SPDX-License-Identifier: BSD-2-Clause
#include "render/files_jail.hpp"
#include "render/guest.hpp"
#include "support/jail_samples.hpp"
#include "support/support.hpp"
#include "sys/real_process_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::render {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string k_priv = "j4b5e57f6eb2f";

JailWork work_for(const model::Jail& jail, const model::RecordedJail* recorded = nullptr) {
    JailWork work;
    work.desired = &jail;
    work.recorded = recorded;
    work.name = jail.name;
    work.private_name = k_priv;
    work.ip = jail.ip.value_or("");
    return work;
}

// Return true when /bin/sh parses `script`.
bool parses(const std::string& script) {
    sys::RealProcessRunner runner;
    auto command = sys::Command({"/bin/sh", "-n"});
    command.set_stdin(script);
    const auto done = runner.run(command);
    return done.ok() && done.value().success();
}

TEST(JailScripts, PrepareMatchesTheGolden) {
    const auto jail = test::sample_jail();
    test::expect_golden("render/jail/prepare.sh", jail_prepare_script(work_for(jail)));
}

TEST(JailScripts, SuperviseMatchesTheGolden) {
    const auto jail = test::sample_jail();
    test::expect_golden("render/jail/supervise.sh", jail_supervise_script(work_for(jail)));
}

TEST(JailScripts, ACloneComesFromASnapshotOfTheBaseJailsRoot) {
    const auto jail = test::sample_jail();
    auto work = work_for(jail);
    work.base_private_name = "jbase00000000";
    const auto script = jail_prepare_script(work);
    EXPECT_THAT(script,
                HasSubstr("zfs snapshot zroot/jailrun/jails/jbase00000000/root@jrun-" + k_priv));
    EXPECT_THAT(script,
                HasSubstr("zfs clone zroot/jailrun/jails/jbase00000000/root@jrun-" + k_priv
                          + " zroot/jailrun/jails/" + k_priv + "/root"));
    EXPECT_THAT(script, Not(HasSubstr("zfs send")));
}

TEST(JailScripts, RecreateDestroysOnlyWhenAsked) {
    const auto jail = test::sample_jail();
    auto work = work_for(jail);
    EXPECT_THAT(jail_prepare_script(work), Not(HasSubstr("zfs destroy")));
    work.steps.push_back({plan::StepKind::recreate_jail, "", "release changed"});
    EXPECT_THAT(jail_prepare_script(work), HasSubstr("zfs destroy -r"));
}

TEST(JailScripts, EveryScriptParsesWithHostileValues) {
    const auto jail = test::hostile_jail("/tmp/pwned", "/home/me");
    const auto recorded = test::recorded_jail(test::sample_jail(), k_priv, "10.17.89.11");
    const auto work = work_for(jail, &recorded);
    const std::vector<std::string> scripts{
        jail_prepare_script(work),
        jail_supervise_script(work),
        jail_destroy_script(work, {"j'$(x)"}),
        health_script(work),
        status_script({k_priv}, true),
        logs_script({{"evil", k_priv, "a'b"}}, 10, true),
        snapshot_create_script({k_priv}, "x'$(touch /tmp/pwned)"),
        snapshot_list_script({k_priv}),
        snapshot_rollback_script(k_priv, "n"),
        snapshot_delete_script(k_priv, "n"),
        render_exec_start(jail.execs[0]),
        render_exec_health(jail.execs[0]),
        render_exec_stop(jail.execs[0]),
    };
    for (const auto& script : scripts) {
        EXPECT_TRUE(parses(script)) << script.substr(0, 300);
    }
}

TEST(ParseHealth, ReadsProcessAndHealthStates) {
    const std::string out = "@jrun data exec app check\n@jrun data exec worker process\n"
                            "@jrun data exec gone process\n"
                            "| Monit 5.35.2 uptime: 0m\n|\n"
                            "| Process 'app'\n|   status                       OK\n"
                            "|   monitoring status            Monitored\n|\n"
                            "| Program 'app.health'\n|   status                       Status ok\n"
                            "|   monitoring status            Monitored\n"
                            "|   last exit value              1\n|\n"
                            "| Process 'worker'\n|   status                       Does not exist\n"
                            "|   monitoring status            Monitored\n";
    const auto health = parse_health(out);
    ASSERT_EQ(health.size(), 3U);
    EXPECT_EQ(health[0].state, "starting");
    EXPECT_EQ(health[1].state, "failing");
    EXPECT_EQ(health[2].state, "stopped");
}

TEST(ParseHealth, ReadsPassingAndFailingChecks) {
    const std::string base = "@jrun data exec app check\n| Process 'app'\n|   status  OK\n"
                             "| Program 'app.health'\n";
    EXPECT_EQ(parse_health(base + "|   status  Status ok\n|   last exit value  0\n")[0].state,
              "passing");
    EXPECT_EQ(parse_health(base + "|   status  Status failed\n|   last exit value  2\n")[0].state,
              "failing");
    EXPECT_EQ(parse_health(base + "|   status  Initializing\n")[0].state, "starting");
    EXPECT_EQ(parse_health("@jrun data exec app check\n")[0].state, "stopped");
}

TEST(ParseStatus, ReadsEachJailsSection) {
    const std::string out = "@jrun data jail ja\n@jrun data running 1\n"
                            "@jrun data ip inet 10.17.89.11/24\n@jrun data mount /srv/app\n"
                            "@jrun data detail 1\n| Process 'app'\n|   status   OK\n"
                            "@jrun data jail jb\n@jrun data running 0\n@jrun data ip \n";
    const auto statuses = parse_status(out);
    ASSERT_EQ(statuses.size(), 2U);
    EXPECT_TRUE(statuses[0].running);
    EXPECT_EQ(statuses[0].ip, "10.17.89.11");
    EXPECT_THAT(statuses[0].mounts, ElementsAre("/srv/app"));
    ASSERT_EQ(statuses[0].execs.size(), 1U);
    EXPECT_EQ(statuses[0].execs[0].state, "passing");
    EXPECT_EQ(statuses[0].monit_report, "Process 'app'\n  status   OK\n");
    EXPECT_FALSE(statuses[1].running);
    EXPECT_EQ(statuses[1].ip, "");
    EXPECT_EQ(statuses[1].monit_report, "");
}

TEST(ParseSnapshotList, AddsTheRootsSpaceToEachSnapshot) {
    const std::string out = "zroot/jailrun/jails/ja@one\t1024\t1735689600\n"
                            "zroot/jailrun/jails/ja@two\t0\t1735689700\n"
                            "zroot/jailrun/jails/ja/root@one\t409600\t1735689600\n"
                            "zroot/jailrun/jails/ja/root@two\t8192\t1735689700\n"
                            "zroot/elsewhere@x\t1\t1\nnoise\n";
    const auto list = parse_snapshot_list(out);
    ASSERT_EQ(list.size(), 2U);
    EXPECT_EQ(list[0].jail, "ja");
    EXPECT_EQ(list[0].name, "one");
    EXPECT_EQ(list[0].used_bytes, 410624U);
    EXPECT_EQ(list[0].created, "1735689600");
    EXPECT_EQ(list[1].used_bytes, 8192U);
}

TEST(SnapshotCreate, TakesEveryJailInOneCommand) {
    const auto script = snapshot_create_script({"ja", "jb"}, "n");
    const auto first = script.find("zfs snapshot");
    EXPECT_EQ(script.find("zfs snapshot", first + 1), std::string::npos);
    EXPECT_THAT(script, HasSubstr("zfs snapshot -r \"$@\""));
    EXPECT_THAT(script, HasSubstr("set -- \"$@\" zroot/jailrun/jails/jb@\"$jrun_snap\""));
}

TEST(JexecArgv, PutsTheJailBeforeTheCommandWordForWord) {
    EXPECT_THAT(jexec_argv("ja", {"ls", "-l", "a b"}),
                ElementsAre("jexec", "ja", "ls", "-l", "a b"));
}

TEST(Destroy, RefusesClonesThatAreNotPromoted) {
    const auto jail = test::sample_jail();
    const auto script = jail_destroy_script(work_for(jail), {"jc1", "jc2"});
    EXPECT_THAT(script, HasSubstr("jc1 | jc2) ;;"));
    EXPECT_THAT(script, HasSubstr("would lose their data"));
    EXPECT_LT(script.find("jrun_refused"), script.find("jail -r"));
}

} // namespace
} // namespace jrun::render
