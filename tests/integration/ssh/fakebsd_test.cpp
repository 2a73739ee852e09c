// SPDX-License-Identifier: BSD-2-Clause
// Both remotes against the fake FreeBSD userland (tests/fakebsd): locally, and through a
// loopback sshd whose sessions get the fake's environment (`fakebsd env --sshd`).

#include "ssh/harness.hpp"
#include "ssh/local_remote.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::ssh {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string fakebsd_bin() {
    return (test::source_dir() / "tests" / "fakebsd" / "bin").string();
}

// Create a fake FreeBSD VM in `state` and return the environment its tools need.
std::map<std::string, std::string> init_fakebsd(const std::filesystem::path& state) {
    sys::RealProcessRunner runner;
    sys::Command init({fakebsd_bin() + "/fakebsd", "init"});
    init.set_env("FAKEBSD_STATE", state.string());
    auto done = runner.run(init);
    EXPECT_TRUE(done && done->success()) << (done ? done->err : done.error().why);
    return {{"FAKEBSD_STATE", state.string()},
            {"JRUN_ROOT", (state / "root").string()},
            {"PATH", fakebsd_bin() + ":/usr/bin:/bin"}};
}

const std::string k_script = "zfs list -H -o name zroot\n"
                             "jls -q name || echo no-jail >&2\n"
                             "zfs create zroot/probe && zfs list -H -o name zroot/probe\n";

TEST(LocalRemoteFakeBsd, ScriptDrivesTheFakeUserland) {
    test::TempDir dir;
    sys::RealProcessRunner runner;
    LocalRemote remote(runner, {init_fakebsd(dir.path() / "state"), false});
    auto result = remote.run_script(k_script);
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_EQ(result->exit_code, 0) << result->err;
    EXPECT_EQ(result->out, "zroot\nzroot/probe\n");
    EXPECT_THAT(test::read_file(dir.path() / "state" / "log"),
                HasSubstr("C host zfs create zroot/probe"));
}

class SshFakeBsd : public test::SshHarness {};

TEST_F(SshFakeBsd, ScriptOverSshDrivesTheFakeUserland) {
    const auto env = init_fakebsd(dir.path() / "state");
    std::string set_env = "SetEnv";
    for (const auto& [name, value] : env) {
        set_env.append(" ").append(name).append("=").append(value);
    }
    sshd = std::make_unique<test::LoopbackSshd>(dir.path() / "sshd", std::vector{set_env});
    auto result = remote(direct_config()).run_script(k_script);
    ASSERT_TRUE(result.ok()) << result.error().why;
    EXPECT_EQ(result->exit_code, 0) << result->err;
    EXPECT_EQ(result->out, "zroot\nzroot/probe\n");
    EXPECT_THAT(test::read_file(dir.path() / "state" / "log"),
                HasSubstr("C host zfs create zroot/probe"));
}

} // namespace
} // namespace jrun::ssh
