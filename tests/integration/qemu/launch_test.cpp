// SPDX-License-Identifier: BSD-2-Clause
// build_argv() output started for real: QEMU (TCG) daemonizes with it, from paths that need
// escaping, and reports a start-up failure synchronously.

#include "qemu/firmware.hpp"
#include "qemu/harness.hpp"
#include "qemu/launch_spec.hpp"
#include "qemu/qmp_commands.hpp"
#include "support/support.hpp"
#include "sys/fd.hpp"
#include "sys/real_file_system.hpp"
#include "sys/unix_stream.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>

namespace jrun::qemu {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// Return this host's facts as the start command would gather them (firmware files only).
HostFacts local_facts() {
    HostFacts facts;
    facts.os = HostOs::linux_os;
    facts.arch = HostArch::x86_64;
    for (const auto& path : firmware_paths_to_check(facts.os, facts.arch, "")) {
        if (std::filesystem::is_regular_file(path)) {
            facts.existing_files.insert(path);
        }
    }
    return facts;
}

class RealLaunch : public ::testing::Test {
protected:
    test::TempDir dir;
    // A directory name with a comma and an '=' (each must reach QEMU intact).
    std::filesystem::path home = dir.path() / "jr,un=home";
    sys::RealProcessRunner runner;
    sys::RealFileSystem fs;
    LaunchSpec spec;

    static inline std::string binary;
    static inline std::string qemu_img;
    static inline Firmware firmware;

    // Rationale: skip (exit 77) before any fixture exists, so that no temp dir is left.
    static void SetUpTestSuite() {
        binary = test::require_qemu();
        qemu_img = test::require_program("qemu-img");
        auto found = find_firmware(local_facts(), "");
        if (!found) {
            std::cout << "SKIPPED: no UEFI firmware: " << found.error().why << std::endl;
            std::exit(77);
        }
        firmware = *found;
    }

    void SetUp() override {
        std::filesystem::create_directories(home / "share");
        spec.binary = binary;
        spec.accel = Accel::tcg;
        spec.firmware = firmware;
        spec.vars_file = (home / "efivars.fd").string();
        ASSERT_TRUE(ensure_vars_file(fs, spec.firmware, spec.vars_file).ok());
        spec.memory_mib = 256;
        spec.disk = (home / "vm.qcow2").string();
        auto created =
            runner.run(sys::Command({qemu_img, "create", "-q", "-f", "qcow2", spec.disk, "64M"}));
        ASSERT_TRUE(created.ok() && created->success());
        spec.seed_iso = (home / "seed.iso").string();
        std::ofstream(spec.seed_iso) << std::string(32768, '\0');
        spec.ssh_port = test::free_tcp_port();
        spec.restrict_network = true;
        spec.shares = {{(home / "share").string(), "jrun_0123456789"}};
        spec.qmp_socket = (home / "qmp.sock").string();
        spec.pid_file = (home / "vm.pid").string();
        spec.console_log = (home / "console.log").string();
    }

    Result<sys::Completed> start() {
        auto argv = build_argv(spec);
        EXPECT_TRUE(argv.ok());
        return runner.run(sys::Command(*argv).set_timeout(60s));
    }
};

TEST_F(RealLaunch, DaemonizesOnceQmpListensAndQuitsCleanly) {
    test::DaemonGuard guard(spec.pid_file);
    auto started = start();
    ASSERT_TRUE(started.ok()) << started.error().why;
    ASSERT_TRUE(started->success()) << started->err;
    ASSERT_GT(guard.pid(), 0) << "QEMU wrote its pidfile before the parent exited";

    // No waiting: the socket is up when the launching process has exited.
    auto stream = sys::connect_unix(spec.qmp_socket);
    ASSERT_TRUE(stream.ok()) << stream.error().why;
    sys::RealClock clock;
    QmpClient qmp(**stream, clock);
    ASSERT_TRUE(qmp.handshake().ok());
    EXPECT_EQ(query_status(qmp)->status, "running");
    EXPECT_EQ((*qmp.execute("query-name"))["name"], "jrun");
    EXPECT_TRUE(test::can_connect(spec.ssh_port)) << "the SSH forward is bound";
    EXPECT_TRUE(std::filesystem::exists(spec.console_log));

    const int pid = guard.pid();
    ASSERT_TRUE(quit(qmp).ok());
    EXPECT_TRUE(test::eventually([&] { return test::process_gone(pid); }, 10s));
    EXPECT_FALSE(std::filesystem::exists(spec.pid_file)) << "QEMU removes its pidfile";
}

TEST_F(RealLaunch, KeepsTheEfiVariableStoreAcrossStarts) {
    std::ofstream(spec.vars_file, std::ios::in | std::ios::out) << "guest-written";
    EXPECT_EQ(*ensure_vars_file(fs, spec.firmware, spec.vars_file), VarsOutcome::kept);
    std::ifstream in(spec.vars_file);
    std::string head(13, '\0');
    in.read(head.data(), 13);
    EXPECT_EQ(head, "guest-written");
}

TEST_F(RealLaunch, ReportsABusyForwardPortSynchronously) {
    // Given the SSH port held by another program.
    sys::Fd holder(::socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(spec.ssh_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    ASSERT_EQ(::bind(holder.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(holder.get(), 1), 0);
    test::DaemonGuard guard(spec.pid_file);

    auto started = start();
    ASSERT_TRUE(started.ok()) << started.error().why;
    EXPECT_FALSE(started->success());
    EXPECT_THAT(started->err, HasSubstr("Could not set up host forwarding rule"));
    EXPECT_FALSE(std::filesystem::exists(spec.pid_file));
}

TEST_F(RealLaunch, ReportsADiskInUseSynchronously) {
    test::DaemonGuard guard(spec.pid_file);
    auto first = start();
    ASSERT_TRUE(first.ok() && first->success());
    const int first_pid = guard.pid();
    spec.ssh_port = test::free_tcp_port();
    spec.qmp_socket = (home / "qmp2.sock").string();
    spec.pid_file = (home / "vm2.pid").string();
    test::DaemonGuard second_guard(spec.pid_file);

    auto second = start();
    ASSERT_TRUE(second.ok());
    EXPECT_FALSE(second->success());
    EXPECT_THAT(second->err, HasSubstr("Failed to get \"write\" lock"));
    EXPECT_FALSE(test::process_gone(first_pid)) << "the running VM is untouched";
}

} // namespace
} // namespace jrun::qemu
