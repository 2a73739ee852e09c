// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_clock.hpp"
#include "fakes/fake_fetch.hpp"
#include "fakes/fake_process_runner.hpp"
#include "fakes/memory_file_system.hpp"
#include "provision/ansible_provisioner.hpp"
#include "support/support.hpp"
#include "util/hash.hpp"

#include <gtest/gtest.h>

namespace jrun::provision {
namespace {

constexpr const char* k_home = "/home/u/.jrun";

std::string sample(const std::string& name) {
    return test::read_file(test::source_dir() / "tests/data/provision" / name);
}

class AnsibleProvisionerTest : public ::testing::Test {
protected:
    AnsibleProvisionerTest() {
        m_fs.add_directory(k_home);
        m_fs.add_file("/work/site/db.yml", "- hosts: localhost\n");
        m_step.label = "db";
        m_step.file = "/work/site/db.yml";
        m_step.vars = {{"PORT", 5432}};
        SshConnection ssh;
        ssh.host = "127.0.0.1";
        ssh.port = 2222;
        ssh.user = "admin";
        m_target = SetupTarget::in_jail("web", "jrun-3f2a9c", ssh, "python3.13");
    }

    Status run(AnsibleOptions options = {}) {
        options.work_dir = std::string(k_home) + "/ansible";
        options.log_dir = std::string(k_home) + "/logs";
        m_provisioner = std::make_unique<AnsibleProvisioner>(
            m_runner, m_fs, m_clock, &m_cache, std::move(options));
        return m_provisioner->run_setup(m_target, m_step, [this](const Progress& p) {
            m_progress.push_back(std::to_string(static_cast<int>(p.kind)) + " " + p.text);
        });
    }

    test::FakeProcessRunner m_runner;
    test::MemoryFileSystem m_fs;
    test::FakeClock m_clock;
    test::FakeFetch m_fetch;
    hub::PlaybookCache m_cache{
        m_fetch, m_fs, std::string(k_home) + "/playbooks", "http://hub.test"};
    std::unique_ptr<AnsibleProvisioner> m_provisioner;
    model::SetupStep m_step;
    SetupTarget m_target;
    std::vector<std::string> m_progress;
};

TEST_F(AnsibleProvisionerTest, RunsThePlaybookWithGeneratedInventoryAndVars) {
    m_runner.on({"ansible-playbook"}, test::exited(0, sample("success.out")));
    const auto st = run();
    ASSERT_TRUE(st.ok()) << st.error().what;
    ASSERT_EQ(m_runner.commands_ran.size(), 1U);
    const auto& command = m_runner.commands_ran[0];
    const std::string dir = std::string(k_home) + "/ansible/web-db";
    EXPECT_EQ(command.argv(),
              (std::vector<std::string>{"ansible-playbook",
                                        "-i",
                                        dir + "/inventory.json",
                                        "-e",
                                        "@" + dir + "/vars.json",
                                        "/work/site/db.yml"}));
    EXPECT_EQ(command.cwd(), std::filesystem::path("/work/site"));
    EXPECT_EQ(command.env_overrides().at("ANSIBLE_HOST_KEY_CHECKING"), "True");
    EXPECT_EQ(command.env_overrides().at("ANSIBLE_STDOUT_CALLBACK"), "default");
    EXPECT_EQ(m_progress, (std::vector<std::string>{"0 Write the vars", "0 where", "0 debug"}));
}

TEST_F(AnsibleProvisionerTest, RemovesItsWorkFilesAndKeepsALogPerRun) {
    m_runner.on({"ansible-playbook"}, test::exited(0, sample("success.out")));
    ASSERT_TRUE(run().ok());
    EXPECT_FALSE(m_fs.exists(std::string(k_home) + "/ansible/web-db"));
    EXPECT_EQ(m_provisioner->last_log(),
              std::string(k_home) + "/logs/setup/web-db-20240101T000000Z.log");
    const auto log = m_fs.contents(m_provisioner->last_log());
    ASSERT_TRUE(log.has_value());
    EXPECT_TRUE(log->starts_with("# ansible-playbook -i ")) << *log;
    EXPECT_NE(log->find("TASK [where]"), std::string::npos);
    EXPECT_EQ(m_fs.mode(m_provisioner->last_log()), 0600U);
}

TEST_F(AnsibleProvisionerTest, WritesTheWrapperExecutableAndTheVarsPrivate) {
    std::map<std::string, unsigned> modes;
    std::string vars;
    m_runner.on_match([](const sys::Command&) { return true; },
                      [&](const sys::Command&) -> Result<sys::Completed> {
                          const std::string dir = std::string(k_home) + "/ansible/web-db/";
                          for (const char* name : {"ssh", "inventory.json", "vars.json"}) {
                              modes[name] = m_fs.mode(dir + name).value_or(0);
                          }
                          vars = m_fs.contents(dir + "vars.json").value_or("");
                          return test::exited(0);
                      });
    ASSERT_TRUE(run().ok());
    EXPECT_EQ(modes,
              (std::map<std::string, unsigned>{
                  {"inventory.json", 0600U}, {"ssh", 0700U}, {"vars.json", 0600U}}));
    EXPECT_EQ(vars, "{\n  \"PORT\": 5432\n}\n");
}

TEST_F(AnsibleProvisionerTest, ReportsTheFailingTaskHostAndMessage) {
    m_runner.on({"ansible-playbook"}, test::exited(2, sample("ignored.out")));
    const auto st = run();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::remote);
    EXPECT_EQ(st.error().what,
              "setup 'db' of jail 'web' failed: task 'Then fail for real' on localhost");
    EXPECT_EQ(st.error().why, "non-zero return code: disk full");
    EXPECT_EQ(st.error().hint,
              "the full log is " + m_provisioner->last_log() + " (JRUN_DEBUG=true streams it)");
}

TEST_F(AnsibleProvisionerTest, ReportsAnsiblesOwnErrorWhenNoTaskRan) {
    m_runner.on({"ansible-playbook"}, test::exited(4, "", sample("syntax.err")));
    const auto st = run();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().what,
              "setup 'db' of jail 'web' failed: ansible-playbook ended with "
              "exit code 4");
    EXPECT_TRUE(st.error().why.starts_with("We were unable to read either as JSON nor YAML"));
}

TEST_F(AnsibleProvisionerTest, StreamsEveryLineInDebugMode) {
    m_runner.on({"ansible-playbook"}, test::exited(0, sample("success.out")));
    AnsibleOptions options;
    options.debug = true;
    ASSERT_TRUE(run(options).ok());
    EXPECT_EQ(m_runner.commands_ran[0].argv()[5], "-v");
    EXPECT_GT(std::count_if(m_progress.begin(),
                            m_progress.end(),
                            [](const std::string& p) { return p.starts_with("2 "); }),
              10);
}

TEST_F(AnsibleProvisionerTest, RunsTheConfiguredAnsiblePlaybook) {
    AnsibleOptions options;
    options.ansible_playbook = "/opt/ansible/bin/ansible-playbook";
    ASSERT_TRUE(run(options).ok());
    EXPECT_EQ(m_runner.commands_ran[0].argv()[0], "/opt/ansible/bin/ansible-playbook");
}

TEST_F(AnsibleProvisionerTest, PassesOnAnAnsiblePlaybookThatCannotStart) {
    m_runner.on({"ansible-playbook"},
                Error{ErrorKind::process, "cannot run ansible-playbook", "not found", {}});
    const auto st = run();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::process);
}

TEST_F(AnsibleProvisionerTest, RunsAHubPlaybookFromTheVerifiedCache) {
    const std::string dir = "http://hub.test/v1/playbooks/redis/rolling/";
    m_fetch.files[dir + "playbook.yml"] = "- hosts: localhost\n";
    m_fetch.files[dir + "jrun.manifest"] = sha256_hex("- hosts: localhost\n") + "  playbook.yml\n";
    m_step.file.clear();
    m_step.url = "hub://redis/rolling@v1";
    ASSERT_TRUE(run().ok());
    const auto& argv = m_runner.commands_ran.at(0).argv();
    EXPECT_TRUE(argv.back().starts_with(std::string(k_home) + "/playbooks/hub_v1_")) << argv.back();
    EXPECT_TRUE(argv.back().ends_with("/playbook.yml"));
    EXPECT_EQ(m_progress.front(),
              "1 Playbook hub://redis/rolling@v1 fetched and verified (1 files)");
}

TEST_F(AnsibleProvisionerTest, RunsNothingWhenTheHubPlaybookIsRefused) {
    m_step.file.clear();
    m_step.url = "hub://redis/rolling@v1";
    const auto st = run();
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(m_runner.commands_ran.empty());
}

TEST_F(AnsibleProvisionerTest, RunsNothingWithAHostKeyCheckOverride) {
    m_target.ssh.ssh_options = {"-o", "StrictHostKeyChecking=" + std::string("no")};
    EXPECT_FALSE(run().ok());
    EXPECT_TRUE(m_runner.commands_ran.empty());
}

} // namespace
} // namespace jrun::provision
