// SPDX-License-Identifier: BSD-2-Clause
// Hostile config values, clones of base jails at destroy time, and the read-only jail scripts
// (health, status, logs) and snapshots, against the fake FreeBSD userland.
#include "fake_host.hpp"
#include "render/files_jail.hpp"
#include "render/guest.hpp"
#include "support/jail_samples.hpp"
#include "util/strings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace jrun::render {
namespace {

using test::FakeHost;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

JailWork work_for(const model::Jail& jail, std::string base = {}) {
    JailWork work;
    work.desired = &jail;
    work.name = jail.name;
    work.private_name = model::private_name_for(jail.name);
    work.ip = jail.ip.value_or("");
    work.base_private_name = std::move(base);
    return work;
}

std::vector<std::string> tags_of(const model::Jail& jail) {
    std::vector<std::string> tags;
    for (const auto& mount : jail.mounts) {
        tags.push_back(model::share_tag_for(mount.host));
    }
    return tags;
}

void expect_ok(FakeHost& host, const std::string& text) {
    const auto done = host.script(text);
    ASSERT_TRUE(done.success()) << done.out << done.err << host.log();
}

// Write an executable that records its arguments, NUL-terminated, into `out`.
void write_recorder(const std::filesystem::path& path, const std::filesystem::path& out) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << "#!/bin/sh\nfor a; do printf '%s\\0' \"$a\"; done >'" << out.string()
                        << "'\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
}

std::vector<std::string> recorded_args(const std::filesystem::path& out) {
    const auto text = test::read_file(out);
    std::vector<std::string> args;
    std::string current;
    for (const char c : text) {
        if (c == '\0') {
            args.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    return args;
}

TEST(HostileValues, ArriveIntactInTheWrappersAndRunNothing) {
    test::TempDir scratch;
    const auto marker = (scratch.path() / "pwned").string();
    const model::Jail jail = test::hostile_jail(marker, "/home/me");
    FakeHost host(tags_of(jail));
    const auto work = work_for(jail);
    expect_ok(host, jail_prepare_script(work));
    expect_ok(host, jail_supervise_script(work));
    const auto root = host.at(jail_paths(work.private_name).root);
    const auto& exec = jail.execs.front();
    EXPECT_TRUE(std::filesystem::is_directory(root.string() + exec.dir));
    EXPECT_THAT(host.sh("mount -p -t nullfs"), HasSubstr(root.string().substr(0, 0) + exec.dir));
    // Run the start wrapper with a daemon(8) that records what it was asked to run.
    const auto args_file = scratch.path() / "args";
    write_recorder(root / "usr/sbin/daemon", args_file);
    const auto paths = exec_paths(exec.label);
    auto command = sys::Command({"/bin/sh", root.string() + paths.start});
    command.set_env("JRUN_ROOT", root.string());
    sys::RealProcessRunner runner;
    const auto done = runner.run(command);
    ASSERT_TRUE(done.ok() && done.value().success()) << (done.ok() ? done.value().err : "");
    const auto args = recorded_args(args_file);
    ASSERT_GE(args.size(), 4U);
    EXPECT_EQ(args[args.size() - 1], exec.cmd);
    EXPECT_EQ(args[args.size() - 2], "--");
    EXPECT_EQ(args[args.size() - 3], "-c");
    EXPECT_THAT(args, ::testing::Contains("HOSTILE=" + exec.env[0].value));
    EXPECT_THAT(args, ::testing::Contains("EMPTY="));
    EXPECT_FALSE(std::filesystem::exists(marker));
    // The health wrapper hands the test to sh -c, word for word, through timeout(1).
    const auto timeout_args = scratch.path() / "timeout-args";
    write_recorder(scratch.path() / "timeout", timeout_args);
    std::string health = test::read_file(root.string() + paths.check);
    health.replace(health.find("/usr/bin/timeout"), 16, (scratch.path() / "timeout").string());
    auto check = sys::Command({"/bin/sh", "-s"}).set_env("JRUN_ROOT", root.string());
    check.set_stdin(health);
    ASSERT_TRUE(runner.run(check).ok());
    const auto test_args = recorded_args(timeout_args);
    ASSERT_FALSE(test_args.empty());
    EXPECT_EQ(test_args.back(), exec.healthcheck->test);
    EXPECT_FALSE(std::filesystem::exists(marker));
}

class BaseWithClone : public ::testing::Test {
protected:
    void SetUp() override {
        m_clone.name = "api";
        m_clone.ip = "10.17.89.20";
        m_clone.base = "web";
        m_clone.execs.clear();
        m_clone.setup.clear();
        expect_ok(m_host, jail_prepare_script(work_for(m_base)));
        expect_ok(m_host, jail_prepare_script(work_for(m_clone, m_base_priv)));
    }
    model::Jail m_base = test::sample_jail();
    model::Jail m_clone = test::sample_jail();
    FakeHost m_host{tags_of(m_base)};
    std::string m_base_priv = model::private_name_for("web");
    std::string m_clone_priv = model::private_name_for("api");
};

TEST_F(BaseWithClone, DestroyOfTheBaseIsRefusedNamingTheClone) {
    JailWork work = work_for(m_base);
    work.desired = nullptr;
    m_host.clear_log();
    const auto done = m_host.script(jail_destroy_script(work, {}));
    EXPECT_FALSE(done.success());
    EXPECT_THAT(done.err, HasSubstr(m_clone_priv));
    EXPECT_EQ(m_host.changes(), "");
}

TEST_F(BaseWithClone, DestroyOfTheBasePromotesTheListedClone) {
    JailWork work = work_for(m_base);
    work.desired = nullptr;
    const auto script = jail_destroy_script(work, {m_clone_priv});
    expect_ok(m_host, script);
    EXPECT_EQ(m_host.sh("zfs list -H -o name -d 1 zroot/jailrun/jails"),
              "zroot/jailrun/jails\nzroot/jailrun/jails/" + m_clone_priv + "\n");
    EXPECT_EQ(m_host.sh("jls -j " + m_clone_priv + " name"), m_clone_priv + "\n");
    m_host.clear_log();
    expect_ok(m_host, script);
    EXPECT_EQ(m_host.changes(), "");
}

TEST_F(BaseWithClone, DestroyOfTheCloneRemovesItsOriginSnapshot) {
    JailWork work = work_for(m_clone);
    work.desired = nullptr;
    expect_ok(m_host, jail_destroy_script(work, {}));
    EXPECT_EQ(m_host.sh("zfs list -H -o name -t snapshot -r zroot/jailrun/jails"), "");
}

class RunningJail : public ::testing::Test {
protected:
    void SetUp() override {
        expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
        expect_ok(m_host, jail_supervise_script(work_for(m_jail)));
    }
    model::Jail m_jail = test::sample_jail();
    FakeHost m_host{tags_of(m_jail)};
    std::string m_priv = model::private_name_for("web");
};

TEST_F(RunningJail, HealthReportsPassingThenFailing) {
    const auto script = health_script(work_for(m_jail));
    const auto first = parse_health(m_host.script(script).out);
    ASSERT_EQ(first.size(), 2U);
    EXPECT_EQ(first[0].exec, "app");
    EXPECT_EQ(first[0].state, "passing");
    EXPECT_EQ(first[1].state, "passing");
    m_host.sh("fakebsd health jail:" + m_priv + " app.health fail");
    m_host.sh("jexec " + m_priv + " monit stop worker");
    const auto second = parse_health(m_host.script(script).out);
    ASSERT_EQ(second.size(), 2U);
    EXPECT_EQ(second[0].state, "failing");
    EXPECT_EQ(second[1].state, "stopped");
}

TEST_F(RunningJail, StatusShowsAddressMountsAndExecs) {
    const auto out = m_host.script(status_script({m_priv, "jmissing"}, true)).out;
    const auto statuses = parse_status(out);
    ASSERT_EQ(statuses.size(), 2U);
    EXPECT_TRUE(statuses[0].running);
    EXPECT_EQ(statuses[0].ip, "10.17.89.11");
    EXPECT_THAT(statuses[0].mounts, ElementsAre("/srv/app", "/var/db/data"));
    ASSERT_EQ(statuses[0].execs.size(), 2U);
    EXPECT_EQ(statuses[0].execs[1].exec, "worker");
    EXPECT_THAT(statuses[0].monit_report, HasSubstr("Process 'app'"));
    EXPECT_FALSE(statuses[1].running);
    EXPECT_TRUE(statuses[1].execs.empty());
}

TEST_F(RunningJail, LogsArePrefixedWithJailAndExec) {
    const auto log = m_host.at(jail_paths(m_priv).root + exec_paths("app").log);
    std::ofstream(log) << "one\ntwo\nthree\n";
    const auto out =
        m_host.script(logs_script({{"web", m_priv, "app"}, {"web", m_priv, "worker"}}, 2, false))
            .out;
    EXPECT_EQ(out, "web/app | two\nweb/app | three\n");
}

TEST_F(RunningJail, FollowedLogsShowNewLinesAndEndWhenTheReaderLeaves) {
    const auto log = m_host.at(jail_paths(m_priv).root + exec_paths("app").log);
    std::ofstream(log) << "one\ntwo\nthree\n";
    const auto script = m_host.state() / "follow.sh";
    std::ofstream(script) << logs_script({{"web", m_priv, "app"}}, 2, true);
    // The reader takes three log lines and leaves, as `jrun logs -f` does on Ctrl-C; the
    // script's session (its own, as under sshd) must then end, `tail -F` included, although
    // the log does not grow any more. Without that this would hang until the runner's limit.
    const auto done =
        m_host.run(sys::Command({"/bin/sh",
                                 "-c",
                                 "(sleep 1; echo four >>\"$1\") & setsid -w /bin/sh -s <\"$2\" | "
                                 "awk '!/^@jrun/ { print; fflush(); if (++n == 3) exit }'; wait",
                                 "sh",
                                 log.string(),
                                 script.string()}));
    EXPECT_EQ(done.out, "web/app | two\nweb/app | three\nweb/app | four\n") << done.err;
    // "[-]F": the pattern does not match the shell that runs pgrep.
    EXPECT_EQ(m_host.sh("pgrep -f -- " + shell_quote("[-]F " + log.string()) + " || true"), "");
}

TEST_F(RunningJail, SnapshotsOfTwoJailsAreOneCommand) {
    model::Jail other = m_jail;
    other.name = "db";
    other.ip = "10.17.89.12";
    other.execs.clear();
    expect_ok(m_host, jail_prepare_script(work_for(other)));
    const std::vector<std::string> jails{m_priv, model::private_name_for("db")};
    const auto create = snapshot_create_script(jails, "before-upgrade");
    m_host.clear_log();
    expect_ok(m_host, create);
    const auto calls = m_host.changes();
    EXPECT_EQ(std::count(calls.begin(), calls.end(), '\n'), 1) << calls;
    EXPECT_THAT(calls, HasSubstr("zfs snapshot -r"));
    m_host.clear_log();
    expect_ok(m_host, create);
    EXPECT_EQ(m_host.changes(), "");
    std::ofstream(m_host.at(jail_paths(m_priv).root + "/big")) << std::string(4096, 'x');
    expect_ok(m_host, snapshot_create_script({m_priv}, "after"));
    const auto list = parse_snapshot_list(m_host.script(snapshot_list_script(jails)).out);
    ASSERT_EQ(list.size(), 3U);
    EXPECT_EQ(list[0].jail, m_priv);
    EXPECT_EQ(list[0].name, "before-upgrade");
    EXPECT_EQ(list[2].jail, model::private_name_for("db"));
    expect_ok(m_host, snapshot_rollback_script(m_priv, "before-upgrade"));
    EXPECT_FALSE(std::filesystem::exists(m_host.at(jail_paths(m_priv).root + "/big")));
    EXPECT_EQ(m_host.sh("jls -j " + m_priv + " name"), m_priv + "\n");
    const auto after = parse_snapshot_list(m_host.script(snapshot_list_script({m_priv})).out);
    ASSERT_EQ(after.size(), 1U);
    expect_ok(m_host, snapshot_delete_script(m_priv, "before-upgrade"));
    EXPECT_TRUE(parse_snapshot_list(m_host.script(snapshot_list_script({m_priv})).out).empty());
    const auto bad = m_host.script(snapshot_create_script({m_priv}, "x; touch y"));
    EXPECT_FALSE(bad.success());
    EXPECT_THAT(bad.err, HasSubstr("invalid snapshot name"));
}

} // namespace
} // namespace jrun::render
