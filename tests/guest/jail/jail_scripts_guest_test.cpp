// SPDX-License-Identifier: BSD-2-Clause
// The per-jail guest scripts against the fake FreeBSD userland: what they leave behind, that a
// second run issues no changing command, and that a run after an injected failure converges.
#include "fake_host.hpp"
#include "render/files_jail.hpp"
#include "render/guest.hpp"
#include "support/jail_samples.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::render {
namespace {

using test::FakeHost;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> tags_of(const std::vector<model::Jail>& jails) {
    std::vector<std::string> tags;
    for (const auto& jail : jails) {
        for (const auto& mount : jail.mounts) {
            tags.push_back(model::share_tag_for(mount.host));
        }
    }
    return tags;
}

JailWork work_for(const model::Jail& jail,
                  const model::RecordedJail* recorded = nullptr,
                  std::string base = {}) {
    JailWork work;
    work.desired = &jail;
    work.recorded = recorded;
    work.name = jail.name;
    work.private_name = model::private_name_for(jail.name);
    work.ip = jail.ip.value_or("");
    work.base_private_name = std::move(base);
    return work;
}

// Run `text` and expect success.
void expect_ok(FakeHost& host, const std::string& text) {
    const auto done = host.script(text);
    ASSERT_TRUE(done.success()) << done.out << done.err << host.log();
}

// Run `text` a second time and expect no changing command and no file change.
void expect_converged(FakeHost& host, const std::string& text) {
    const auto before = host.digest();
    host.clear_log();
    expect_ok(host, text);
    EXPECT_EQ(host.changes(), "");
    EXPECT_EQ(host.digest(), before);
}

class JailScripts : public ::testing::Test {
protected:
    model::Jail m_jail = test::sample_jail();
    FakeHost m_host{tags_of({m_jail})};
    std::string m_priv = model::private_name_for("web");
    JailPaths m_paths = jail_paths(m_priv);
};

TEST_F(JailScripts, PrepareStartsTheJailWithItsFilesAndMounts) {
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    EXPECT_EQ(m_host.sh("jls -j " + m_priv + " name"), m_priv + "\n");
    EXPECT_EQ(test::read_file(m_host.at(m_paths.jail_conf)),
              render_jail_conf(m_priv, "web", "10.17.89.11"));
    EXPECT_EQ(test::read_file(m_host.at(m_paths.fstab)), render_jail_fstab(m_priv, m_jail.mounts));
    EXPECT_EQ(test::read_file(m_host.at(m_paths.root + "/etc/resolv.conf")),
              render_jail_resolv_conf());
    EXPECT_EQ(std::filesystem::read_symlink(m_host.at(m_paths.conf_link)).string(),
              "../../usr/local/jailrun/jails/" + m_priv + "/jail.conf");
    const auto rc = test::read_file(m_host.at(m_paths.root + "/etc/rc.conf"));
    EXPECT_THAT(rc, HasSubstr("ifconfig_epair11b_name=\"vnet0\""));
    EXPECT_THAT(rc, HasSubstr("ifconfig_vnet0=\"inet 10.17.89.11/24\""));
    EXPECT_THAT(rc, HasSubstr("cron_flags=\"-J 60\""));
    const auto mounts = m_host.sh("mount -p -t nullfs");
    EXPECT_THAT(mounts, HasSubstr(m_paths.root + "/srv/app\tnullfs\trw"));
    EXPECT_THAT(mounts, HasSubstr(m_paths.root + "/var/db/data\tnullfs\tro"));
    EXPECT_TRUE(std::filesystem::exists(m_host.at(m_paths.root + "/usr/local/bin/monit")));
    EXPECT_TRUE(std::filesystem::exists(m_host.at(m_paths.root + "/usr/local/bin/python3.13")));
}

TEST_F(JailScripts, PrepareTwiceChangesNothingTheSecondTime) {
    const auto script = jail_prepare_script(work_for(m_jail));
    expect_ok(m_host, script);
    expect_converged(m_host, script);
}

// A tool fails once during a first prepare; the next run converges.
class PrepareAfterFailure : public ::testing::TestWithParam<std::string> {};

TEST_P(PrepareAfterFailure, ConvergesOnTheNextRun) {
    const model::Jail jail = test::sample_jail();
    FakeHost host(tags_of({jail}));
    const auto script = jail_prepare_script(work_for(jail));
    host.sh("fakebsd fail " + GetParam());
    EXPECT_FALSE(host.script(script).success()) << "with " << GetParam() << " failing";
    EXPECT_THAT(host.log(), HasSubstr("C! "));
    expect_ok(host, script);
    EXPECT_EQ(host.sh("jls -j " + model::private_name_for("web") + " name"),
              model::private_name_for("web") + "\n");
    expect_converged(host, script);
}

INSTANTIATE_TEST_SUITE_P(EachTool,
                         PrepareAfterFailure,
                         ::testing::Values("zfs 1 'match=zfs clone *'",
                                           "zfs 1 'match=zfs create *'",
                                           "jail",
                                           "pkg 1 'match=pkg install -y monit'",
                                           "pkg 1 'match=pkg install -y python313'",
                                           "sysrc 3 'match=sysrc -f *=*'",
                                           "ifconfig 1 'match=ifconfig * addm *'"));

TEST_F(JailScripts, ACloneOfABaseJailIsAZfsCloneWithAFreshIdentity) {
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    expect_ok(m_host, jail_supervise_script(work_for(m_jail)));
    m_host.sh("touch \"$JRUN_ROOT" + m_paths.root + "/etc/ssh/ssh_host_ed25519_key\"");
    model::Jail clone = test::sample_jail();
    clone.name = "api";
    clone.ip = "10.17.89.20";
    clone.base = "web";
    clone.execs.clear();
    const auto work = work_for(clone, nullptr, m_priv);
    const auto clone_paths = jail_paths(work.private_name);
    expect_ok(m_host, jail_prepare_script(work));
    EXPECT_EQ(m_host.sh("zfs get -H -o value origin " + clone_paths.root_dataset),
              m_paths.root_dataset + "@jrun-" + work.private_name + "\n");
    const auto root = m_host.at(clone_paths.root);
    EXPECT_FALSE(std::filesystem::exists(root / "etc/ssh/ssh_host_ed25519_key"));
    EXPECT_FALSE(std::filesystem::exists(root / "usr/local/etc/monit.d/app.monitrc"));
    EXPECT_FALSE(std::filesystem::exists(root / "usr/local/libexec/jrun/app.sh"));
    EXPECT_TRUE(std::filesystem::exists(m_host.at(m_paths.root + "/etc/ssh/ssh_host_ed25519_key")));
    const auto rc = test::read_file(root / "etc/rc.conf");
    EXPECT_THAT(rc, Not(HasSubstr("epair11b")));
    EXPECT_THAT(rc, HasSubstr("ifconfig_epair20b_name=\"vnet0\""));
    expect_converged(m_host, jail_prepare_script(work));
}

TEST_F(JailScripts, SuperviseStartsEveryExecFromItsWrapper) {
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    const auto script = jail_supervise_script(work_for(m_jail));
    expect_ok(m_host, script);
    const auto root = m_host.at(m_paths.root);
    for (const auto& exec : m_jail.execs) {
        const auto paths = exec_paths(exec.label);
        EXPECT_EQ(test::read_file(root.string() + paths.start), render_exec_start(exec));
        EXPECT_EQ(test::read_file(root.string() + paths.monitrc), render_exec_monitrc(exec, 5));
    }
    const auto summary = m_host.sh("jexec " + m_priv + " monit -B summary");
    EXPECT_THAT(summary, HasSubstr(" app "));
    EXPECT_THAT(summary, HasSubstr(" app.health "));
    EXPECT_THAT(summary, HasSubstr(" worker "));
    EXPECT_THAT(summary, Not(HasSubstr("Not monitored")));
    expect_converged(m_host, script);
}

TEST_F(JailScripts, RemovingAnExecStopsItAndDeletesItsFiles) {
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    expect_ok(m_host, jail_supervise_script(work_for(m_jail)));
    const auto recorded = test::recorded_jail(m_jail, m_priv, "10.17.89.11");
    model::Jail fewer = m_jail;
    fewer.execs.pop_back();
    m_host.clear_log();
    const auto script = jail_supervise_script(work_for(fewer, &recorded));
    expect_ok(m_host, script);
    EXPECT_THAT(m_host.changes(), HasSubstr("C jail:" + m_priv + " monit stop worker"));
    EXPECT_FALSE(std::filesystem::exists(m_host.at(m_paths.root + exec_paths("worker").monitrc)));
    EXPECT_FALSE(std::filesystem::exists(m_host.at(m_paths.root + exec_paths("worker").start)));
    EXPECT_THAT(m_host.sh("jexec " + m_priv + " monit -B summary"), Not(HasSubstr("worker")));
    expect_converged(m_host, script);
}

TEST_F(JailScripts, AChangedExecIsRestartedAfterTheReload) {
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    expect_ok(m_host, jail_supervise_script(work_for(m_jail)));
    const auto recorded = test::recorded_jail(m_jail, m_priv, "10.17.89.11");
    model::Jail changed = m_jail;
    changed.execs[1].cmd = "sleep 2000";
    m_host.clear_log();
    expect_ok(m_host, jail_supervise_script(work_for(changed, &recorded)));
    const auto calls = m_host.changes();
    const auto reload = calls.find("monit reload");
    const auto restart = calls.find("monit restart worker");
    ASSERT_NE(reload, std::string::npos) << calls;
    ASSERT_NE(restart, std::string::npos) << calls;
    EXPECT_LT(reload, restart);
    EXPECT_THAT(calls, Not(HasSubstr("restart app")));
}

TEST_F(JailScripts, SuperviseConvergesAfterAFailedReload) {
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    expect_ok(m_host, jail_supervise_script(work_for(m_jail)));
    const auto recorded = test::recorded_jail(m_jail, m_priv, "10.17.89.11");
    model::Jail changed = m_jail;
    changed.execs[0].cmd = "python3 -m http.server 8001";
    const auto script = jail_supervise_script(work_for(changed, &recorded));
    m_host.sh("fakebsd fail monit 1 'match=monit reload'");
    EXPECT_FALSE(m_host.script(script).success());
    m_host.clear_log();
    expect_ok(m_host, script);
    EXPECT_THAT(m_host.changes(), HasSubstr("monit restart app"));
    expect_converged(m_host, script);
}

TEST_F(JailScripts, ANewAddressRestartsTheJailOnItsNewEpair) {
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    const auto recorded = test::recorded_jail(m_jail, m_priv, "10.17.89.11");
    model::Jail moved = m_jail;
    moved.ip = "10.17.89.13";
    const auto script = jail_prepare_script(work_for(moved, &recorded));
    expect_ok(m_host, script);
    EXPECT_EQ(m_host.sh("jls -j " + m_priv + " name"), m_priv + "\n");
    EXPECT_EQ(m_host.sh("ifconfig epair13a >/dev/null && echo up"), "up\n");
    EXPECT_EQ(m_host.sh("ifconfig epair11a >/dev/null 2>&1 || echo gone"), "gone\n");
    const auto rc = test::read_file(m_host.at(m_paths.root + "/etc/rc.conf"));
    EXPECT_THAT(rc, Not(HasSubstr("epair11b")));
    EXPECT_THAT(rc, HasSubstr("ifconfig_vnet0=\"inet 10.17.89.13/24\""));
    expect_converged(m_host, script);
}

TEST_F(JailScripts, MountsAreAddedAndRemovedInTheRunningJail) {
    const auto recorded = test::recorded_jail(m_jail, m_priv, "10.17.89.11");
    model::Jail fewer = m_jail;
    fewer.mounts.erase(fewer.mounts.begin());
    fewer.mounts[0].readonly = false;
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    const auto script = jail_prepare_script(work_for(fewer, &recorded));
    expect_ok(m_host, script);
    const auto mounts = m_host.sh("mount -p -t nullfs");
    EXPECT_THAT(mounts, Not(HasSubstr("/srv/app")));
    EXPECT_THAT(mounts, HasSubstr(m_paths.root + "/var/db/data\tnullfs\trw"));
    EXPECT_EQ(m_host.sh("jls -j " + m_priv + " name"), m_priv + "\n");
    expect_converged(m_host, script);
}

TEST_F(JailScripts, DestroyLeavesNoDatasetJailMountOrFile) {
    expect_ok(m_host, jail_prepare_script(work_for(m_jail)));
    expect_ok(m_host, jail_supervise_script(work_for(m_jail)));
    const auto recorded = test::recorded_jail(m_jail, m_priv, "10.17.89.11");
    JailWork work = work_for(m_jail, &recorded);
    work.desired = nullptr;
    const auto script = jail_destroy_script(work, {});
    expect_ok(m_host, script);
    EXPECT_THAT(m_host.changes(), HasSubstr("monit -g jrun stop all"));
    EXPECT_EQ(m_host.sh("zfs list -H -o name -r zroot/jailrun/jails"), "zroot/jailrun/jails\n");
    EXPECT_THAT(m_host.sh("jls -N"), Not(HasSubstr(m_priv)));
    EXPECT_EQ(m_host.sh("mount -p -t nullfs"), "");
    EXPECT_FALSE(std::filesystem::exists(m_host.at(m_paths.conf_link)));
    EXPECT_FALSE(std::filesystem::exists(m_host.at(m_paths.dir)));
    EXPECT_FALSE(std::filesystem::exists(m_host.at(m_paths.console_log)));
    EXPECT_EQ(m_host.sh("ifconfig epair11a >/dev/null 2>&1 || echo gone"), "gone\n");
    expect_converged(m_host, script);
}

} // namespace
} // namespace jrun::render
