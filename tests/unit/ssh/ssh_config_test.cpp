// SPDX-License-Identifier: BSD-2-Clause
#include "ssh/ssh_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace jrun::ssh {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using Words = std::vector<std::string>;

SshConfig vm_config() {
    SshConfig config;
    config.target = SshEndpoint{"admin", "127.0.0.1", 2222, false};
    config.identity_file = "/home/u/.jrun/id_ed25519";
    config.known_hosts = "/home/u/.jrun/known_hosts";
    config.control_dir = "/home/u/.jrun/ctl";
    config.connect_timeout = std::chrono::seconds(5);
    config.control_persist = std::chrono::seconds(600);
    return config;
}

// clang-format off
const Words k_vm_options{
    "-o", "BatchMode=yes",
    "-o", "ConnectTimeout=5",
    "-o", "LogLevel=ERROR",
    "-o", "ControlMaster=auto",
    "-o", "ControlPath=/home/u/.jrun/ctl/%C",
    "-o", "ControlPersist=600s",
    "-o", "UserKnownHostsFile=/home/u/.jrun/known_hosts",
    "-o", "GlobalKnownHostsFile=/dev/null",
    "-o", "StrictHostKeyChecking=accept-new",
    "-o", "HashKnownHosts=no",
    "-o", "IdentitiesOnly=yes",
};
// clang-format on

Words concat(std::initializer_list<Words> parts) {
    Words all;
    for (const auto& part : parts) {
        all.insert(all.end(), part.begin(), part.end());
    }
    return all;
}

bool has_word(const Words& words, const std::string& word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

TEST(SshArgv, ScriptCallIsTheExactArgv) {
    auto argv = ssh_argv(vm_config(), SshCall{{"-T"}, "/bin/sh -s"});
    ASSERT_TRUE(argv.ok()) << argv.error().why;
    EXPECT_THAT(*argv,
                ElementsAreArray(concat({{"ssh", "-F", "none"},
                                         k_vm_options,
                                         {"-i",
                                          "/home/u/.jrun/id_ed25519",
                                          "-p",
                                          "2222",
                                          "-l",
                                          "admin",
                                          "-T",
                                          "--",
                                          "127.0.0.1",
                                          "/bin/sh -s"}})));
}

TEST(SshArgv, ControlCallHasNoRemoteCommand) {
    auto argv = ssh_argv(vm_config(), SshCall{{"-O", "exit"}, {}});
    ASSERT_TRUE(argv.ok());
    EXPECT_THAT(Words(argv->end() - 5, argv->end()),
                ElementsAreArray(Words{"admin", "-O", "exit", "--", "127.0.0.1"}));
}

TEST(SshOptions, AreTheArgvOptionsWithoutDestination) {
    auto options = ssh_options(vm_config());
    ASSERT_TRUE(options.ok());
    EXPECT_THAT(*options, ElementsAreArray(k_vm_options));
}

TEST(SshOptions, PinnedHostIsCheckedStrictly) {
    auto config = vm_config();
    config.target.pinned = true;
    auto options = ssh_options(config);
    ASSERT_TRUE(options.ok());
    EXPECT_TRUE(has_word(*options, "StrictHostKeyChecking=yes"));
    EXPECT_FALSE(has_word(*options, "StrictHostKeyChecking=accept-new"));
}

TEST(SshOptions, NeverDisableHostKeyChecking) {
    for (const bool pinned : {false, true}) {
        auto config = vm_config();
        config.target.pinned = pinned;
        config.jump = SshEndpoint{"admin", "10.0.0.1", 22, !pinned};
        auto options = ssh_options(config);
        ASSERT_TRUE(options.ok());
        for (const auto& word : *options) {
            EXPECT_THAT(word,
                        ::testing::Not(HasSubstr("StrictHostKeyChecking=" + std::string("no"))));
            EXPECT_THAT(word, ::testing::Not(HasSubstr("StrictHostKeyChecking no")));
        }
    }
}

TEST(SshArgv, WithoutIdentityUsesSshDefaults) {
    auto config = vm_config();
    config.identity_file.reset();
    auto argv = ssh_argv(config, SshCall{{"-T"}, "true"});
    ASSERT_TRUE(argv.ok());
    EXPECT_FALSE(has_word(*argv, "-i"));
    EXPECT_FALSE(has_word(*argv, "IdentitiesOnly=yes"));
}

TEST(SshArgv, UserConfigIsReadOnlyWhenAsked) {
    auto config = vm_config();
    config.read_user_config = true;
    auto argv = ssh_argv(config, SshCall{{"-T"}, "true"});
    ASSERT_TRUE(argv.ok());
    EXPECT_EQ((*argv)[1], "-o");
    EXPECT_FALSE(has_word(*argv, "none"));
}

TEST(SshArgv, Ipv6HostIsOneWordAfterDoubleDash) {
    auto config = vm_config();
    config.target.host = "fe80::1%vtnet0";
    auto argv = ssh_argv(config, SshCall{{"-T"}, "true"});
    ASSERT_TRUE(argv.ok()) << argv.error().why;
    EXPECT_THAT(Words(argv->end() - 3, argv->end()),
                ElementsAreArray(Words{"--", "fe80::1%vtnet0", "true"}));
    EXPECT_EQ(describe_endpoint(config.target), "admin@[fe80::1%vtnet0]:2222");
    EXPECT_EQ(known_hosts_name(config.target), "[fe80::1%vtnet0]:2222");
}

TEST(SshArgv, JumpHostGetsTheSameOptionsThroughProxyCommand) {
    auto config = vm_config();
    config.target = SshEndpoint{"root", "10.17.89.10", 22, false};
    config.jump = SshEndpoint{"admin", "127.0.0.1", 2222, true};
    auto options = ssh_options(config);
    ASSERT_TRUE(options.ok());
    ASSERT_EQ(options->size(), k_vm_options.size() + 2);
    EXPECT_EQ(options->back(),
              "ProxyCommand=ssh -F none -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR "
              "-o ControlMaster=no -o ControlPath=/home/u/.jrun/ctl/%%C "
              "-o UserKnownHostsFile=/home/u/.jrun/known_hosts -o GlobalKnownHostsFile=/dev/null "
              "-o StrictHostKeyChecking=yes -o HashKnownHosts=no -o IdentitiesOnly=yes "
              "-i /home/u/.jrun/id_ed25519 -p 2222 -l admin -W '[%h]:%p' -- 127.0.0.1");
}

TEST(SshArgv, PathsWithSpacesAndPercentAreQuotedForSsh) {
    auto config = vm_config();
    config.known_hosts = "/Users/A Smith/100%/known_hosts";
    config.identity_file = "/Users/A Smith/100%/key";
    config.control_dir = "/tmp/c d";
    auto argv = ssh_argv(config, SshCall{{"-T"}, "true"});
    ASSERT_TRUE(argv.ok()) << argv.error().why;
    EXPECT_TRUE(has_word(*argv, "UserKnownHostsFile=\"/Users/A Smith/100%%/known_hosts\""));
    EXPECT_TRUE(has_word(*argv, "ControlPath=\"/tmp/c d/%C\""));
    EXPECT_TRUE(has_word(*argv, "/Users/A Smith/100%%/key"));
}

TEST(SshConfigCheck, RejectsAControlDirectoryTooLongForItsSocket) {
    auto config = vm_config();
    config.control_dir = "/" + std::string(45, 'a');
    auto argv = ssh_argv(config, SshCall{{"-T"}, "true"});
    ASSERT_FALSE(argv.ok());
    EXPECT_EQ(argv.error().kind, ErrorKind::config);
    EXPECT_THAT(argv.error().why, HasSubstr("104 bytes long"));
    EXPECT_THAT(argv.error().hint, HasSubstr("at most 45 bytes"));
    config.control_dir = "/" + std::string(44, 'a');
    EXPECT_TRUE(check_ssh_config(config).ok());
}

TEST(SshConfigCheck, RejectsOptionLikeOrHostileNames) {
    for (const auto* user : {"-oProxyCommand=x", "a b", "a;b", "", "root@x"}) {
        auto config = vm_config();
        config.target.user = user;
        EXPECT_FALSE(check_ssh_config(config).ok()) << user;
    }
    for (const auto* host : {"-oProxyCommand=x", "a b", "h$(x)", "", "u@h", "[::1]", "ssh://h"}) {
        auto config = vm_config();
        config.target.host = host;
        EXPECT_FALSE(check_ssh_config(config).ok()) << host;
        config = vm_config();
        config.jump = SshEndpoint{"admin", host, 22, false};
        EXPECT_FALSE(check_ssh_config(config).ok()) << host;
    }
}

TEST(SshConfigCheck, RejectsRelativeOrQuotingPaths) {
    for (const auto* path : {"known_hosts", "/a\"b", "/a\\b", "/a\nb"}) {
        auto config = vm_config();
        config.known_hosts = path;
        auto st = check_ssh_config(config);
        ASSERT_FALSE(st.ok()) << path;
        EXPECT_THAT(st.error().what, HasSubstr("known_hosts file"));
    }
}

TEST(SshConfigCheck, RejectsPortZero) {
    auto config = vm_config();
    config.target.port = 0;
    EXPECT_FALSE(check_ssh_config(config).ok());
}

TEST(RemoteCommand, QuotesEachWordAndAddsDoasForNonRoot) {
    auto config = vm_config();
    const Words argv{"printf", "%s\n", "a b", "$(id)"};
    EXPECT_EQ(remote_command(config, argv), "printf '%s\n' 'a b' '$(id)'");
    config.become = true;
    EXPECT_EQ(remote_command(config, argv), "doas printf '%s\n' 'a b' '$(id)'");
    config.target.user = "root";
    EXPECT_EQ(remote_command(config, argv), "printf '%s\n' 'a b' '$(id)'");
}

TEST(DescribeEndpoint, NamesUserHostAndPort) {
    EXPECT_EQ(describe_endpoint(vm_config().target), "admin@127.0.0.1:2222");
    EXPECT_EQ(known_hosts_name(vm_config().target), "[127.0.0.1]:2222");
    EXPECT_EQ(known_hosts_name(SshEndpoint{"root", "example.org", 22, false}), "example.org");
}

} // namespace
} // namespace jrun::ssh
