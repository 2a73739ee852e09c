// SPDX-License-Identifier: BSD-2-Clause
// Real ansible-playbook against a loopback sshd whose sessions see the fake FreeBSD userland:
// setup steps reach a fake jail through the jexec wrapper, with typed vars intact.

#include "loopback.hpp"
#include "provision/ansible_provisioner.hpp"
#include "support/support.hpp"
#include "sys/clock.hpp"
#include "sys/real_file_system.hpp"
#include "sys/real_process_runner.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace jrun::provision {
namespace {

constexpr const char* k_python = "/usr/bin/python3";

// A fake FreeBSD host (tests/fakebsd) with one running jail `jx1`, served by a loopback sshd.
class AnsibleIntegration : public ::testing::Test {
protected:
    void SetUp() override {
        m_ansible = test::require_program("ansible-playbook");
        (void)test::require_program(k_python);
        m_state = m_dir.path() / "fakebsd";
        run_fakebsd({m_bin + "/fakebsd", "init"});
        const auto root = m_state / "root";
        std::filesystem::create_directories(root / "jails/jx1");
        std::ofstream(root / "etc/jx1.conf")
            << "jx1 {\n    path = \"/jails/jx1\";\n    persist;\n}\n";
        run_fakebsd({m_bin + "/jail", "-c", "-f", "/etc/jx1.conf", "jx1"});
        const std::string set_env =
            test::run_ok({m_bin + "/fakebsd", "env", "--sshd"}, fakebsd_env());
        std::filesystem::create_directories(m_dir.path() / "sshd");
        m_sshd = std::make_unique<test::LoopbackSshd>(m_dir.path() / "sshd", set_env);
    }

    std::vector<std::pair<std::string, std::string>> fakebsd_env() const {
        return {{"FAKEBSD_STATE", m_state.string()},
                {"JRUN_ROOT", (m_state / "root").string()},
                {"PATH", m_bin + ":/usr/bin:/bin"}};
    }

    void run_fakebsd(const std::vector<std::string>& argv) {
        (void)test::run_ok(argv, fakebsd_env());
    }

    SshConnection connection() const {
        SshConnection ssh;
        ssh.host = "127.0.0.1";
        ssh.port = m_sshd->port();
        ssh.user = m_sshd->user();
        ssh.identity_file = m_sshd->identity();
        ssh.known_hosts_file = m_sshd->known_hosts();
        ssh.ssh_options = {"-o StrictHostKeyChecking=yes", "-o ControlMaster=no"};
        return ssh;
    }

    SetupTarget jail_target() const {
        return SetupTarget::in_jail("web", "jx1", connection(), k_python);
    }

    Status run(const SetupTarget& target, const model::SetupStep& step) {
        sys::RealProcessRunner runner;
        sys::RealFileSystem fs;
        sys::RealClock clock;
        AnsibleOptions options;
        options.ansible_playbook = m_ansible;
        options.work_dir = (m_dir.path() / "home/ansible").string();
        options.log_dir = (m_dir.path() / "home/logs").string();
        AnsibleProvisioner provisioner(runner, fs, clock, nullptr, options);
        auto st = provisioner.run_setup(
            target, step, [this](const Progress& p) { m_tasks.push_back(p.text); });
        m_log = provisioner.last_log();
        return st;
    }

    model::SetupStep step(const std::string& label, const std::string& playbook) const {
        model::SetupStep s;
        s.label = label;
        s.file = m_dir.write(label + "/playbook.yml", playbook).string();
        return s;
    }

    // Return the fake's log lines that mention `word`.
    std::vector<std::string> fake_calls(const std::string& word) const {
        std::vector<std::string> out;
        for (const auto& line : split(test::read_file(m_state / "log"), '\n')) {
            if (line.find(word) != std::string::npos) {
                out.push_back(line);
            }
        }
        return out;
    }

    test::TempDir m_dir;
    std::string m_bin = (test::source_dir() / "tests/fakebsd/bin").string();
    std::filesystem::path m_state;
    std::string m_ansible;
    std::unique_ptr<test::LoopbackSshd> m_sshd;
    std::vector<std::string> m_tasks;
    std::string m_log;
};

TEST_F(AnsibleIntegration, VarsOfEveryTypeArriveIntactInsideTheJail) {
    auto s = step("vars",
                  "- hosts: localhost\n"
                  "  gather_facts: false\n"
                  "  tasks:\n"
                  "    - name: Write the vars inside the jail\n"
                  "      shell: cat > \"$JRUN_ROOT/vars.json\"\n"
                  "      args:\n"
                  "        stdin: \"{{ {'S': S, 'T': T, 'N': N, 'NEG': NEG, 'F': F, 'B': B, "
                  "'Z': Z, 'L': L, 'O': O} | to_json }}\"\n");
    s.vars = nlohmann::ordered_json::parse(R"({
        "S": "it's {{ 1 + 1 }} $(id) `id` \"q\" \\ ; rm -rf / \nline2 ü",
        "T": "{% raw %}x{% endraw %} {{ lookup('pipe', 'id') }}",
        "N": 5432, "NEG": -7, "F": 1.5, "B": true, "Z": null,
        "L": [1, "two", false, ["nested"]],
        "O": {"k": "v", "n": {"deep": [1.25]}}
    })");
    const auto st = run(jail_target(), s);
    ASSERT_TRUE(st.ok()) << st.error().what << "\n" << st.error().why << "\n" << st.error().hint;
    const auto jail_root = m_state / "root/jails/jx1";
    ASSERT_TRUE(std::filesystem::exists(jail_root / "vars.json"))
        << "not written in the jail's context";
    EXPECT_FALSE(std::filesystem::exists(m_state / "root/vars.json"));
    const auto got = nlohmann::json::parse(test::read_file(jail_root / "vars.json"));
    EXPECT_EQ(got, nlohmann::json::parse(s.vars.dump()));
    EXPECT_EQ(m_tasks, std::vector<std::string>{"Write the vars inside the jail"});
    EXPECT_FALSE(fake_calls(" jexec jx1 /bin/sh -c ").empty());
}

TEST_F(AnsibleIntegration, CopiesFilesIntoTheJailThroughTheWrapper) {
    auto s = step("copy",
                  "- hosts: localhost\n"
                  "  gather_facts: false\n"
                  "  tasks:\n"
                  "    - name: Find the jail root\n"
                  "      shell: printf %s \"$JRUN_ROOT\"\n"
                  "      register: root\n"
                  "    - name: Render a template\n"
                  "      template:\n"
                  "        src: site.conf.j2\n"
                  "        dest: \"{{ root.stdout }}/site.conf\"\n");
    (void)m_dir.write("copy/templates/site.conf.j2", "port={{ PORT }}\n");
    s.vars = {{"PORT", 8080}};
    const auto st = run(jail_target(), s);
    ASSERT_TRUE(st.ok()) << st.error().what << "\n" << st.error().why;
    EXPECT_EQ(test::read_file(m_state / "root/jails/jx1/site.conf"), "port=8080\n");
}

TEST_F(AnsibleIntegration, AFailingTaskGivesTheTaskHostAndMessage) {
    const auto s = step("broken",
                        "- hosts: localhost\n"
                        "  gather_facts: false\n"
                        "  tasks:\n"
                        "    - name: Fine\n"
                        "      command: /bin/true\n"
                        "    - name: Break on purpose\n"
                        "      shell: echo 'no space left' >&2; exit 3\n"
                        "    - name: Never reached\n"
                        "      command: /bin/true\n");
    const auto st = run(jail_target(), s);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::remote);
    EXPECT_EQ(st.error().what,
              "setup 'broken' of jail 'web' failed: task 'Break on purpose' on localhost");
    EXPECT_EQ(st.error().why, "non-zero return code: no space left");
    EXPECT_EQ(m_tasks, (std::vector<std::string>{"Fine", "Break on purpose"}));
    EXPECT_NE(test::read_file(m_log).find("fatal: [localhost]: FAILED!"), std::string::npos);
}

TEST_F(AnsibleIntegration, TheVmTargetBecomesRootWithDoas) {
    const auto s = step("desktop",
                        "- hosts: localhost\n"
                        "  gather_facts: false\n"
                        "  become: true\n"
                        "  tasks:\n"
                        "    - name: Write on the host\n"
                        "      shell: echo ok > \"$JRUN_ROOT/became\"\n");
    const auto st = run(SetupTarget::vm(connection(), k_python), s);
    ASSERT_TRUE(st.ok()) << st.error().what << "\n" << st.error().why;
    EXPECT_EQ(test::read_file(m_state / "root/became"), "ok\n");
    EXPECT_FALSE(fake_calls(" doas ").empty());
    EXPECT_TRUE(fake_calls(" jexec ").empty());
}

TEST_F(AnsibleIntegration, AWrongHostKeyIsRefused) {
    std::ofstream(m_sshd->known_hosts())
        << "[127.0.0.1]:" << m_sshd->port()
        << " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";
    const auto st = run(jail_target(),
                        step("pinned",
                             "- hosts: localhost\n"
                             "  gather_facts: false\n"
                             "  tasks:\n"
                             "    - command: /bin/true\n"));
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().what.find("(unreachable)"), std::string::npos) << st.error().what;
    EXPECT_TRUE(fake_calls(" jexec ").empty());
}

} // namespace
} // namespace jrun::provision
