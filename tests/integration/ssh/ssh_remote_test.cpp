// SPDX-License-Identifier: BSD-2-Clause
// SshRemote against a real sshd on 127.0.0.1: scripts, streaming, one shared connection, host
// key pinning, ProxyCommand jumps, hostile argv words.

#include "ssh/harness.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace jrun::ssh {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SshRemoteReal : public test::SshHarness {
protected:
    void SetUp() override { sshd = std::make_unique<test::LoopbackSshd>(dir.path() / "sshd"); }
};

TEST_F(SshRemoteReal, ScriptOutputAndExitCodeComeBack) {
    auto result = remote(direct_config()).run_script("echo out; echo err >&2; exit 3\n");
    ASSERT_TRUE(result.ok()) << result.error().why << " / " << result.error().hint;
    EXPECT_EQ(result->exit_code, 3);
    EXPECT_EQ(result->out, "out\n");
    EXPECT_EQ(result->err, "err\n");
}

// The script waits for a file that only the sink creates when it sees the first line: it ends
// with "second" only when lines arrive while the script still runs.
TEST_F(SshRemoteReal, StdoutLinesStreamToTheSinkWhileTheScriptRuns) {
    const auto flag = dir.path() / "seen-first";
    const auto script = "echo first\ni=0\nwhile [ ! -e '" + flag.string()
                        + "' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\n"
                          "[ -e '"
                        + flag.string() + "' ] && echo second || echo never-streamed\n";
    std::vector<std::string> lines;
    auto result = remote(direct_config()).run_script(script, [&](std::string_view line) {
        lines.emplace_back(line);
        if (line == "first") {
            std::ofstream(flag) << "";
        }
    });
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_THAT(lines, ElementsAre("first", "second"));
}

TEST_F(SshRemoteReal, ScriptsInARowShareOneConnection) {
    auto& host = remote(direct_config());
    for (int i = 0; i < 5; ++i) {
        auto result = host.run_script("echo " + std::to_string(i));
        ASSERT_TRUE(result.ok()) << result.error().why;
        EXPECT_EQ(result->out, std::to_string(i) + "\n");
    }
    EXPECT_EQ(sshd->accepted_logins(), 1U);
    EXPECT_EQ(host.round_trips(), 5U);
}

TEST_F(SshRemoteReal, ConcurrentScriptsShareOneConnection) {
    auto& host = remote(direct_config());
    constexpr int k_threads = 6;
    constexpr int k_each = 3;
    std::vector<std::thread> threads;
    threads.reserve(k_threads);
    std::vector<int> correct(k_threads, 0);
    for (int t = 0; t < k_threads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < k_each; ++i) {
                const auto word = std::to_string(t) + "-" + std::to_string(i);
                auto result = host.run_script("echo " + word);
                correct[static_cast<std::size_t>(t)] += result && result->out == word + "\n";
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_THAT(correct, ::testing::Each(k_each));
    EXPECT_EQ(sshd->accepted_logins(), 1U);
    EXPECT_EQ(host.round_trips(), static_cast<std::size_t>(k_threads * k_each));
}

TEST_F(SshRemoteReal, FirstContactPinsTheHostKey) {
    ASSERT_EQ(known_hosts(), "");
    ASSERT_TRUE(remote(direct_config()).run_script("true").ok());
    EXPECT_EQ(known_hosts(),
              "[127.0.0.1]:" + std::to_string(sshd->port()) + " "
                  + test::public_key_of(sshd->host_public_key()) + "\n");
}

TEST_F(SshRemoteReal, ChangedHostKeyIsRefusedAndNothingRuns) {
    auto& first = remote(direct_config());
    ASSERT_TRUE(first.run_script("true").ok());
    ASSERT_TRUE(first.close().ok());
    sshd->restart(true);
    ASSERT_TRUE(sshd->running());

    const auto marker = dir.path() / "ran";
    auto result = remote(direct_config()).run_script("touch '" + marker.string() + "'");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::remote);
    EXPECT_THAT(result.error().why, HasSubstr("different host key"));
    EXPECT_THAT(result.error().hint, HasSubstr((dir.path() / "known_hosts").string()));
    EXPECT_THAT(result.error().hint, HasSubstr("ssh-keygen"));
    EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST_F(SshRemoteReal, KeyPinnedBeforehandIsRequired) {
    auto config = direct_config();
    config.target.pinned = true;
    auto refused = remote(config).run_script("true");
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().why, HasSubstr("Host key verification failed"));

    dir.write("known_hosts",
              "[127.0.0.1]:" + std::to_string(sshd->port()) + " "
                  + test::public_key_of(sshd->host_public_key()) + "\n");
    auto accepted = remote(config).run_script("echo pinned");
    ASSERT_TRUE(accepted.ok()) << accepted.error().why;
    EXPECT_EQ(accepted->out, "pinned\n");
}

TEST_F(SshRemoteReal, StoppedServerIsAConnectionRefusedError) {
    auto config = direct_config();
    sshd->stop();
    auto result = remote(config).run_script("true");
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error().why, HasSubstr("Connection refused"));
    EXPECT_THAT(result.error().hint, HasSubstr("jrun start"));
}

// The jump host and the target are the same sshd under two names, so that the target's control
// socket (%C hashes the host name) is not the jump host's.
TEST_F(SshRemoteReal, JumpHostCarriesTheConnection) {
    auto config = direct_config();
    config.jump = config.target;
    config.target.host = "localhost";
    auto result = remote(config).run_script("echo through-the-jump");
    ASSERT_TRUE(result.ok()) << result.error().why << " / " << result.error().hint;
    EXPECT_EQ(result->out, "through-the-jump\n");
    EXPECT_EQ(sshd->accepted_logins(), 2U); // the jump host, then the target through it
    const auto port = std::to_string(sshd->port());
    EXPECT_THAT(known_hosts(), HasSubstr("[127.0.0.1]:" + port + " "));
    EXPECT_THAT(known_hosts(), HasSubstr("[localhost]:" + port + " "));
}

// Run `remote.run_interactive(argv, false, RunAs::root)` with this process's stdout sent to `path`.
Result<int> run_to_file(Remote& remote,
                        const std::vector<std::string>& argv,
                        const std::filesystem::path& path) {
    const int saved = ::dup(STDOUT_FILENO);
    const int file = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ::dup2(file, STDOUT_FILENO);
    ::close(file);
    auto code = remote.run_interactive(argv, false, RunAs::root);
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    return code;
}

TEST_F(SshRemoteReal, HostileArgvWordsArriveIntactAndRunNothing) {
    const auto pwned = dir.path() / "pwned";
    const auto touch = "touch '" + pwned.string() + "'";
    const std::vector<std::string> words{
        "it's \"quoted\"",
        "$(" + touch + ")",
        "`" + touch + "`",
        "a;" + touch,
        "two\nlines",
        "*",
        "${HOME}",
        "ünïcødé ✓",
        "--",
        "-n",
        "a\\b",
        "",
    };
    std::vector<std::string> argv{"printf", "[%s]\\n"};
    argv.insert(argv.end(), words.begin(), words.end());
    const auto out = dir.path() / "out";
    auto code = run_to_file(remote(direct_config()), argv, out);
    ASSERT_TRUE(code.ok()) << code.error().why;
    EXPECT_EQ(*code, 0);
    std::string expected;
    for (const auto& word : words) {
        expected += "[" + word + "]\n";
    }
    EXPECT_EQ(test::read_file(out), expected);
    EXPECT_FALSE(std::filesystem::exists(pwned));
}

TEST_F(SshRemoteReal, InteractiveExitCodeComesBack) {
    auto code =
        remote(direct_config()).run_interactive({"sh", "-c", "exit 42"}, false, RunAs::login_user);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(*code, 42);
}

TEST_F(SshRemoteReal, CloseStopsTheMasterAndTheNextScriptReconnects) {
    auto& host = remote(direct_config());
    ASSERT_TRUE(host.run_script("true").ok());
    ASSERT_TRUE(host.close().ok());
    ASSERT_TRUE(host.run_script("true").ok());
    EXPECT_EQ(sshd->accepted_logins(), 2U);
}

} // namespace
} // namespace jrun::ssh
