// SPDX-License-Identifier: BSD-2-Clause
#include "provision/ansible_files.hpp"
#include "support/support.hpp"
#include "sys/command.hpp"
#include "sys/real_process_runner.hpp"

#include <gtest/gtest.h>

namespace jrun::provision {
namespace {

SshConnection connection(std::string user = "admin") {
    SshConnection ssh;
    ssh.host = "127.0.0.1";
    ssh.port = 2222;
    ssh.user = std::move(user);
    ssh.identity_file = "/home/u/.jrun/ssh/id_ed25519";
    ssh.known_hosts_file = "/home/u/.jrun/ssh/known_hosts";
    ssh.control_path = "/home/u/.jrun/ssh/cm-%C";
    ssh.ssh_options = {"-o StrictHostKeyChecking=accept-new", "-o", "ServerAliveInterval=15"};
    return ssh;
}

TEST(AnsibleFiles, RendersTheJailWrapper) {
    const auto script =
        render_ssh_wrapper(SetupTarget::in_jail("web", "jrun-3f2a9c", connection(), "python3.13"));
    ASSERT_TRUE(script.ok()) << script.error().why;
    test::expect_golden("provision/wrapper_jail.sh", *script);
}

TEST(AnsibleFiles, RendersTheVmWrapperWithoutJexec) {
    const auto script = render_ssh_wrapper(SetupTarget::vm(connection(), "python3.13"));
    ASSERT_TRUE(script.ok());
    test::expect_golden("provision/wrapper_vm.sh", *script);
    EXPECT_EQ(script->find("jexec"), std::string::npos);
}

TEST(AnsibleFiles, RendersTheInventories) {
    test::expect_golden(
        "provision/inventory_jail.json",
        render_inventory(SetupTarget::in_jail("web", "jrun-3f2a9c", connection(), "python3.13"),
                         "/home/u/.jrun/ansible/web-db/ssh"));
    test::expect_golden("provision/inventory_vm.json",
                        render_inventory(SetupTarget::vm(connection(), "python3.13"),
                                         "/home/u/.jrun/ansible/vm-desktop/ssh"));
}

TEST(AnsibleFiles, PutsTheGivenOptionsFirstAndAddsNoHostKeyOverride) {
    const auto args = ssh_arguments(connection());
    ASSERT_TRUE(args.ok());
    ASSERT_GE(args->size(), 4U);
    EXPECT_EQ((*args)[1], "StrictHostKeyChecking=accept-new");
    EXPECT_EQ((*args)[3], "ServerAliveInterval=15");
    EXPECT_EQ(std::count((*args).begin(), (*args).end(), "StrictHostKeyChecking=yes"), 0);
}

TEST(AnsibleFiles, DefaultsToStrictHostKeyChecking) {
    auto ssh = connection();
    ssh.ssh_options.clear();
    const auto args = ssh_arguments(ssh);
    ASSERT_TRUE(args.ok());
    EXPECT_EQ((*args)[1], "StrictHostKeyChecking=yes");
}

TEST(AnsibleFiles, RefusesToTurnHostKeyCheckingOff) {
    for (const std::string& option :
         std::vector<std::string>{"-o StrictHostKeyChecking=" + std::string("no"),
                                  "stricthostkeychecking=OFF",
                                  "-oStrictHostKeyChecking no"}) {
        auto ssh = connection();
        ssh.ssh_options = {option};
        const auto args = ssh_arguments(ssh);
        ASSERT_FALSE(args.ok()) << option;
        EXPECT_EQ(args.error().why, "jrun never turns host key checking off");
    }
}

TEST(AnsibleFiles, RefusesOptionsThatAreNotDashO) {
    auto ssh = connection();
    ssh.ssh_options = {"-F/tmp/evil"};
    EXPECT_FALSE(ssh_arguments(ssh).ok());
}

TEST(AnsibleFiles, RefusesAHostileJailName) {
    const auto script =
        render_ssh_wrapper(SetupTarget::in_jail("web", "x; rm -rf /", connection(), "python3.13"));
    ASSERT_FALSE(script.ok());
    EXPECT_EQ(script.error().kind, ErrorKind::internal);
}

TEST(AnsibleFiles, UsesNoDoasWhenTheLoginUserIsRoot) {
    const auto script = render_ssh_wrapper(
        SetupTarget::in_jail("web", "jrun-3f2a9c", connection("root"), "python3.13"));
    ASSERT_TRUE(script.ok());
    EXPECT_NE(script->find("prefix='jexec jrun-3f2a9c /bin/sh -c'"), std::string::npos);
}

TEST(AnsibleFiles, MarksEveryStringOfTheVarsUnsafe) {
    nlohmann::ordered_json vars = {{"S", "a{{ b }}"},
                                   {"N", 5432},
                                   {"F", 1.5},
                                   {"B", false},
                                   {"L", {1, "x", nullptr}},
                                   {"O", {{"k", {"y"}}}}};
    const auto rendered = render_extra_vars(vars);
    ASSERT_TRUE(rendered.ok());
    test::expect_golden("provision/vars.json", *rendered);
}

TEST(AnsibleFiles, RefusesAnsiblesReservedKeysInVars) {
    const nlohmann::ordered_json vars = {{"X", {{"__ansible_vault", "$ANSIBLE_VAULT"}}}};
    const auto rendered = render_extra_vars(vars);
    ASSERT_FALSE(rendered.ok());
    EXPECT_EQ(rendered.error().why, "the key '__ansible_vault' is reserved by Ansible");
}

// Run the rendered jail wrapper with /bin/sh, an `ssh` that prints its argv one per line, and
// Ansible's way of calling it (options, host, remote command last).
std::string run_wrapper(const std::string& remote_command) {
    test::TempDir dir;
    auto ssh = connection();
    ssh.ssh_program = dir.path().string() + "/fake-ssh";
    dir.write("fake-ssh", "#!/bin/sh\nfor a do printf '%s|\\n' \"$a\"; done\n");
    std::filesystem::permissions(dir.path() / "fake-ssh", std::filesystem::perms::owner_all);
    const auto script =
        render_ssh_wrapper(SetupTarget::in_jail("web", "jrun-3f2a9c", ssh, "python3.13"));
    EXPECT_TRUE(script.ok());
    const auto path = dir.write("wrapper", *script);
    sys::RealProcessRunner runner;
    auto done = runner.run(sys::Command({"/bin/sh",
                                         path.string(),
                                         "-C",
                                         "-o",
                                         "User=\"root\"",
                                         "-tt",
                                         "127.0.0.1",
                                         remote_command}));
    EXPECT_TRUE(done.ok() && done->success());
    return done.ok() ? done->out : "";
}

TEST(AnsibleFiles, WrapperRunsTheRemoteCommandThroughJexecQuotedOnce) {
    const std::string hostile = "/bin/sh -c 'echo ~root && it'\\''s $(id) `x` \"q\"\n;'";
    const std::string out = run_wrapper(hostile);
    const std::string tail = "-C|\n-o|\nUser=\"root\"|\n-tt|\n127.0.0.1|\n";
    ASSERT_NE(out.find(tail), std::string::npos) << out;
    const std::string remote = out.substr(out.find(tail) + tail.size());
    // The remote shell sees: doas jexec jrun-3f2a9c /bin/sh -c '<command>'.
    sys::RealProcessRunner runner;
    auto parsed = runner.run(
        sys::Command({"/bin/sh",
                      "-c",
                      "set -- " + remote.substr(0, remote.size() - 2) + "; printf '%s|' \"$@\""}));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->out, "doas|jexec|jrun-3f2a9c|/bin/sh|-c|" + hostile + "|");
}

TEST(AnsibleFiles, WrapperPassesControlCommandsThrough) {
    test::TempDir dir;
    auto ssh = connection();
    ssh.ssh_program = dir.path().string() + "/fake-ssh";
    dir.write("fake-ssh", "#!/bin/sh\nprintf '%s ' \"$@\"\n");
    std::filesystem::permissions(dir.path() / "fake-ssh", std::filesystem::perms::owner_all);
    const auto script =
        render_ssh_wrapper(SetupTarget::in_jail("web", "jrun-3f2a9c", ssh, "python3.13"));
    ASSERT_TRUE(script.ok());
    sys::RealProcessRunner runner;
    auto done = runner.run(sys::Command(
        {"/bin/sh", dir.write("wrapper", *script).string(), "-O", "check", "127.0.0.1"}));
    ASSERT_TRUE(done.ok());
    EXPECT_TRUE(done->out.ends_with("-O check 127.0.0.1 ")) << done->out;
    EXPECT_EQ(done->out.find("jexec"), std::string::npos);
}

} // namespace
} // namespace jrun::provision
