// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_process_runner.hpp"
#include "ssh/ssh_remote.hpp"
#include "util/strings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace jrun::ssh {
namespace {

using test::exited;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string k_changed_key =
    "@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
    "Host key for [127.0.0.1]:2222 has changed and you have requested strict checking.\n"
    "Host key verification failed.\n";

SshConfig config() {
    SshConfig c;
    c.target = SshEndpoint{"admin", "127.0.0.1", 2222, false};
    c.identity_file = "/j/key";
    c.known_hosts = "/j/known_hosts";
    c.control_dir = "/j/ctl";
    return c;
}

// Return the words after `--` HOST: the remote command, if any.
std::vector<std::string> after_host(const sys::Command& command) {
    const auto& argv = command.argv();
    const auto dashes = std::find(argv.begin(), argv.end(), "--");
    return {dashes + 2, argv.end()};
}

bool has(const sys::Command& command, const std::string& word) {
    return std::find(command.argv().begin(), command.argv().end(), word) != command.argv().end();
}

class SshRemoteTest : public ::testing::Test {
protected:
    test::FakeProcessRunner runner;

    std::unique_ptr<SshRemote> make(SshConfig c = config()) {
        auto remote = SshRemote::create(std::move(c), runner);
        EXPECT_TRUE(remote.ok());
        return std::move(*remote);
    }

    // The master answers `-O check` only after `-N -f` started it.
    void master_starts() {
        runner.on_match([](const sys::Command& c) { return has(c, "check"); },
                        [this](const sys::Command&) -> Result<sys::Completed> {
                            const bool started =
                                std::any_of(runner.commands_ran.begin(),
                                            runner.commands_ran.end(),
                                            [](const sys::Command& c) { return has(c, "-N"); });
                            return started ? exited(0) : exited(255, {}, "No such file");
                        });
    }
};

TEST_F(SshRemoteTest, ScriptGoesOnStdinToShAndResultComesBack) {
    master_starts();
    runner.on_match(
        [](const sys::Command& c) { return has(c, "-T"); },
        [](const sys::Command&) -> Result<sys::Completed> { return exited(3, "out\n", "err\n"); });
    auto remote = make();
    auto result = remote->run_script("echo hi\n");
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_EQ(result->exit_code, 3);
    EXPECT_EQ(result->out, "out\n");
    EXPECT_EQ(result->err, "err\n");
    const auto& script = runner.commands_ran.back();
    EXPECT_THAT(after_host(script), ElementsAre("/bin/sh -s"));
    EXPECT_EQ(script.stdin_mode(), sys::Input::bytes);
    EXPECT_EQ(script.stdin_bytes(), "echo hi\n");
    EXPECT_EQ(script.env_overrides().at("SHELL"), "/bin/sh");
    EXPECT_EQ(remote->round_trips(), 1U);
}

TEST_F(SshRemoteTest, MasterIsStartedOnceBeforeTheFirstScript) {
    master_starts();
    auto remote = make();
    ASSERT_TRUE(remote->run_script("true").ok());
    ASSERT_TRUE(remote->run_script("true").ok());
    ASSERT_EQ(runner.commands_ran.size(), 5U);
    EXPECT_TRUE(has(runner.commands_ran[0], "check"));
    EXPECT_TRUE(has(runner.commands_ran[1], "-N") && has(runner.commands_ran[1], "-f"));
    EXPECT_TRUE(has(runner.commands_ran[2], "check"));
    EXPECT_TRUE(has(runner.commands_ran[3], "-T"));
    EXPECT_TRUE(has(runner.commands_ran[4], "-T"));
    EXPECT_EQ(remote->round_trips(), 2U);
}

TEST_F(SshRemoteTest, RunningMasterIsReused) {
    auto remote = make(); // every command exits 0: `-O check` finds a master
    ASSERT_TRUE(remote->run_script("true").ok());
    EXPECT_EQ(runner.commands_ran.size(), 2U);
    EXPECT_FALSE(has(runner.commands_ran[1], "-N"));
}

TEST_F(SshRemoteTest, BecomeWrapsTheShellInDoas) {
    auto c = config();
    c.become = true;
    auto remote = make(c);
    ASSERT_TRUE(remote->run_script("id").ok());
    EXPECT_THAT(after_host(runner.commands_ran.back()), ElementsAre("doas /bin/sh -s"));
}

TEST_F(SshRemoteTest, StdoutLinesReachTheSinkInOrder) {
    runner.on_match([](const sys::Command& c) { return has(c, "-T"); },
                    [](const sys::Command&) -> Result<sys::Completed> {
                        return exited(0, "one\ntwo\n\nlast");
                    });
    auto remote = make();
    std::vector<std::string> lines;
    auto result = remote->run_script("x", [&](std::string_view l) { lines.emplace_back(l); });
    ASSERT_TRUE(result.ok());
    EXPECT_THAT(lines, ElementsAre("one", "two", "", "last"));
}

TEST_F(SshRemoteTest, ChangedHostKeyIsAClearErrorAndNothingRuns) {
    runner.on({"ssh"}, exited(255, {}, k_changed_key));
    auto remote = make();
    auto result = remote->run_script("touch /x");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::remote);
    EXPECT_THAT(result.error().what, HasSubstr("admin@127.0.0.1:2222"));
    EXPECT_THAT(result.error().why, HasSubstr("different host key"));
    EXPECT_THAT(result.error().hint,
                HasSubstr("ssh-keygen -f /j/known_hosts -R '[127.0.0.1]:2222'"));
    EXPECT_THAT(result.error().hint, HasSubstr("jrun purge"));
    EXPECT_FALSE(std::any_of(runner.commands_ran.begin(),
                             runner.commands_ran.end(),
                             [](const sys::Command& c) { return has(c, "-T"); }));
    EXPECT_EQ(remote->round_trips(), 0U);
}

TEST_F(SshRemoteTest, ConnectionFailuresNameTheCauseAndTheFix) {
    struct Case {
        std::string err;
        ErrorKind kind;
        std::string hint;
    };
    const std::vector<Case> cases{
        {"ssh: connect to host 127.0.0.1 port 2222: Connection refused\n",
         ErrorKind::remote,
         "jrun start"},
        {"admin@127.0.0.1: Permission denied (publickey).\n", ErrorKind::remote, "/j/key"},
        {"ssh: connect to host 127.0.0.1 port 2222: Connection timed out\n",
         ErrorKind::timeout,
         ""},
        {"Host key verification failed.\n", ErrorKind::remote, "/j/known_hosts"},
    };
    for (const auto& c : cases) {
        test::FakeProcessRunner fresh;
        fresh.on({"ssh"}, exited(255, {}, c.err));
        auto remote = SshRemote::create(config(), fresh);
        auto result = (*remote)->run_script("true");
        ASSERT_FALSE(result.ok()) << c.err;
        EXPECT_EQ(result.error().kind, c.kind) << c.err;
        EXPECT_THAT(result.error().why, HasSubstr(std::string(trim(c.err)))) << c.err;
        EXPECT_THAT(result.error().hint, HasSubstr(c.hint)) << c.err;
    }
}

TEST_F(SshRemoteTest, Exit255OfAScriptIsAConnectionError) {
    runner.on_match([](const sys::Command& c) { return has(c, "-T"); },
                    [](const sys::Command&) -> Result<sys::Completed> {
                        return exited(255, {}, "Connection to 127.0.0.1 closed by remote host.\n");
                    });
    auto result = make()->run_script("true");
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error().why, HasSubstr("closed by remote host"));
}

TEST_F(SshRemoteTest, InteractiveArgvIsQuotedAndInheritsTheTerminal) {
    runner.on_match([](const sys::Command& c) { return has(c, "-t"); },
                    [](const sys::Command&) -> Result<sys::Completed> { return exited(7); });
    auto remote = make();
    auto code = remote->run_interactive({"printf", "%s\n", "$(reboot)", "a b"}, true, RunAs::root);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(*code, 7);
    const auto& command = runner.commands_ran.back();
    EXPECT_THAT(after_host(command), ElementsAre("printf '%s\n' '$(reboot)' 'a b'"));
    EXPECT_EQ(command.stdin_mode(), sys::Input::inherit);
    EXPECT_EQ(command.stdout_target().mode, sys::Output::Mode::inherit);
    EXPECT_TRUE(command.foreground());
    EXPECT_EQ(remote->round_trips(), 1U);
}

TEST_F(SshRemoteTest, InteractiveAsRootGoesThroughDoasAndAsTheLoginUserDoesNot) {
    auto c = config();
    c.become = true;
    auto remote = make(c);
    ASSERT_TRUE(remote->run_interactive({"id", "-un"}, false, RunAs::root).ok());
    EXPECT_THAT(after_host(runner.commands_ran.back()), ElementsAre("doas id -un"));
    ASSERT_TRUE(remote->run_interactive({"id", "a b"}, false, RunAs::login_user).ok());
    EXPECT_THAT(after_host(runner.commands_ran.back()), ElementsAre("id 'a b'"));
    EXPECT_TRUE(has(runner.commands_ran.back(), "-T"));
    EXPECT_FALSE(has(runner.commands_ran.back(), "-t"));
}

TEST_F(SshRemoteTest, InteractiveWithoutArgvOpensALoginShell) {
    auto remote = make();
    ASSERT_TRUE(remote->run_interactive({}, false, RunAs::login_user).ok());
    EXPECT_TRUE(has(runner.commands_ran.back(), "-T"));
    EXPECT_TRUE(after_host(runner.commands_ran.back()).empty());
}

TEST_F(SshRemoteTest, CloseStopsTheMasterAndToleratesNone) {
    auto remote = make();
    ASSERT_TRUE(remote->close().ok());
    EXPECT_THAT(after_host(runner.commands_ran.back()), ElementsAre());
    EXPECT_TRUE(has(runner.commands_ran.back(), "exit"));
    runner.on({"ssh"}, exited(255, {}, "Control socket connect(/j/ctl/abc): No such file\n"));
    EXPECT_TRUE(remote->close().ok());
}

TEST_F(SshRemoteTest, CreateRefusesAnUnusableConfig) {
    auto c = config();
    c.target.host = "-oProxyCommand=touch /x";
    auto remote = SshRemote::create(c, runner);
    ASSERT_FALSE(remote.ok());
    EXPECT_EQ(remote.error().kind, ErrorKind::config);
}

TEST_F(SshRemoteTest, DescribeNamesTheJumpHost) {
    auto c = config();
    c.jump = SshEndpoint{"admin", "::1", 2222, false};
    c.target = SshEndpoint{"root", "10.17.89.10", 22, false};
    EXPECT_EQ(make(c)->describe(), "root@10.17.89.10:22 via admin@[::1]:2222");
}

} // namespace
} // namespace jrun::ssh
