// SPDX-License-Identifier: BSD-2-Clause
#include "vm/paths.hpp"
#include "vm/readiness.hpp"
#include "vm/wiring.hpp"

#include <gtest/gtest.h>

namespace jrun::vm {
namespace {

using model::Proto;

model::Base base_with(std::vector<model::BaseForward> forwards, std::vector<std::string> mounts) {
    model::Base base;
    base.forwards = std::move(forwards);
    for (auto& host : mounts) {
        base.mounts.push_back({"m", std::move(host), "/mnt/x", {}});
    }
    return base;
}

TEST(VmWiring, RewireReplacesTheOldBaseAndKeepsWhatJailsUse) {
    model::RecordedVm current;
    current.forwards = {{Proto::tcp, 8080, 8080}, {Proto::tcp, 9000, 22}};
    current.shares = {{"/srv/jail", model::share_tag_for("/srv/jail")}};
    const auto old_base = base_with({{"ssh2", Proto::tcp, 9000, 22, {}}}, {});
    const auto new_base = base_with({{"web", Proto::udp, 5353, 53, {}}}, {"/data"});

    const auto wanted = rewire_base(current, &old_base, &new_base);

    EXPECT_EQ(wanted.forwards,
              (std::vector<model::VmForward>{{Proto::tcp, 8080, 8080}, {Proto::udp, 5353, 53}}));
    ASSERT_EQ(wanted.shares.size(), 2U);
    EXPECT_EQ(wanted.shares[0].host, "/data");
    EXPECT_EQ(wanted.shares[0].tag, model::share_tag_for("/data"));
}

TEST(VmWiring, DiffListsAddedAndRemovedForwardsAndShares) {
    model::RecordedVm from;
    from.forwards = {{Proto::tcp, 1000, 10}, {Proto::tcp, 2000, 20}};
    from.shares = {{"/a", "jrun_a"}};
    model::RecordedVm to;
    to.forwards = {{Proto::tcp, 2000, 20}, {Proto::tcp, 3000, 30}};
    to.shares = {{"/a", "jrun_a"}, {"/b", "jrun_b"}};

    const auto change = diff_wiring(from, to);

    EXPECT_EQ(change.add_forwards, (std::vector<model::VmForward>{{Proto::tcp, 3000, 30}}));
    EXPECT_EQ(change.remove_forwards, (std::vector<model::VmForward>{{Proto::tcp, 1000, 10}}));
    EXPECT_EQ(change.add_shares, (std::vector<model::VmShare>{{"/b", "jrun_b"}}));
    EXPECT_TRUE(change.remove_shares.empty());
    EXPECT_TRUE(diff_wiring(to, to).empty());
}

TEST(VmPaths, EverythingLivesUnderTheConfiguredDirectories) {
    Settings settings;
    settings.home = "/h";
    settings.disk_dir = "/h/disks";
    settings.cloud_dir = "/h/ci";
    settings.log_dir = "/h/logs";
    settings.ssh_dir = "/h/ssh";
    settings.pid_file = "/h/vm.pid";
    const auto paths = vm_paths(settings);
    EXPECT_EQ(paths.disk, "/h/disks/vm.qcow2");
    EXPECT_EQ(paths.efi_vars, "/h/disks/efi-vars.fd");
    EXPECT_EQ(paths.seed_iso, "/h/ci/seed.iso");
    EXPECT_EQ(paths.qmp_socket, "/h/qmp.sock");
    EXPECT_EQ(paths.console_log, "/h/logs/console.log");
    EXPECT_EQ(paths.user_key, "/h/ssh/id_ed25519");
    EXPECT_EQ(paths.known_hosts, "/h/ssh/known_hosts");
    settings.ssh_key = "/keys/mine";
    EXPECT_EQ(vm_paths(settings).user_key, "/keys/mine");
}

TEST(VmPaths, KnownHostsNameBracketsANonStandardPort) {
    EXPECT_EQ(known_hosts_name("127.0.0.1", 2222), "[127.0.0.1]:2222");
    EXPECT_EQ(known_hosts_name("10.0.0.1", 22), "10.0.0.1");
}

TEST(VmReadiness, TailLinesKeepsTheLastLines) {
    EXPECT_EQ(tail_lines("a\nb\nc\nd\n", 2), "c\nd");
    EXPECT_EQ(tail_lines("only", 5), "only");
    EXPECT_EQ(tail_lines("", 3), "");
}

} // namespace
} // namespace jrun::vm
