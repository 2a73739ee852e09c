// SPDX-License-Identifier: BSD-2-Clause
// What QEMU 7.2 allows for adding a 9p share to a running VM (ARCHITECTURE.md records the
// finding): a virtio-9p device can be hot-plugged only for an -fsdev given at start, only on a
// hot-plug capable bus, and there is no way to create an fsdev at runtime.

#include "qemu/harness.hpp"
#include "qemu/qmp_commands.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::qemu {
namespace {

using ::testing::HasSubstr;

// A paused q35 (no firmware runs: -S) with one pcie-root-port and one fsdev from the command
// line, but no 9p device yet.
class NinePHotplug : public ::testing::Test {
protected:
    test::TempDir dir;
    std::filesystem::path socket = dir.path() / "qmp.sock";
    sys::RealClock clock;
    std::unique_ptr<test::QemuProcess> qemu;
    std::unique_ptr<QmpClient> qmp;

    static inline std::string binary;

    // Rationale: skip (exit 77) before any fixture exists, so that no temp dir is left.
    static void SetUpTestSuite() { binary = test::require_qemu(); }

    void SetUp() override {
        std::filesystem::create_directories(dir.path() / "share");
        qemu = std::make_unique<test::QemuProcess>(
            std::vector<std::string>{binary,
                                     "-machine",
                                     "q35,accel=tcg",
                                     "-S",
                                     "-nodefaults",
                                     "-display",
                                     "none",
                                     "-device",
                                     "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                                     "-fsdev",
                                     "local,id=fs_declared,path=" + (dir.path() / "share").string()
                                         + ",security_model=none",
                                     "-qmp",
                                     "unix:" + socket.string() + ",server=on,wait=off"},
            socket);
        ASSERT_TRUE(qemu->started()) << qemu->start_error();
        qmp = std::make_unique<QmpClient>(qemu->stream(), clock);
        ASSERT_TRUE(qmp->handshake().ok());
    }
};

TEST_F(NinePHotplug, AttachesADeviceForAnFsdevDeclaredAtStart) {
    auto st = hotplug_9p(*qmp, {"p9a", "fs_declared", "jrun_a", "rp1"});
    ASSERT_TRUE(st.ok()) << st.error().why;
    auto peripherals = qmp->execute("qom-list", {{"path", "/machine/peripheral"}});
    ASSERT_TRUE(peripherals.ok());
    EXPECT_THAT(peripherals->dump(), HasSubstr("child<virtio-9p-pci>"));
}

TEST_F(NinePHotplug, CannotAttachToTheRootBus) {
    auto st = hotplug_9p(*qmp, {"p9a", "fs_declared", "jrun_a", ""});
    ASSERT_FALSE(st.ok());
    EXPECT_THAT(st.error().why, HasSubstr("does not support hotplugging"));
}

TEST_F(NinePHotplug, CannotUseAnFsdevThatWasNotDeclaredAtStart) {
    auto st = hotplug_9p(*qmp, {"p9b", "fs_new", "jrun_b", "rp1"});
    ASSERT_FALSE(st.ok());
    EXPECT_THAT(st.error().why, HasSubstr("couldn't find fsdev"));
}

TEST_F(NinePHotplug, HasNoCommandToCreateAnFsdevAtRuntime) {
    // HMP has no fsdev_add ...
    auto output = human_monitor_command(*qmp, "fsdev_add local,id=fs_new,path=/tmp");
    ASSERT_TRUE(output.ok());
    EXPECT_THAT(*output, HasSubstr("unknown command: 'fsdev_add'"));
    // ... QMP has no fsdev command ...
    auto commands = qmp->execute("query-commands");
    ASSERT_TRUE(commands.ok());
    for (const auto& command : *commands) {
        EXPECT_THAT(command.value("name", ""), ::testing::Not(HasSubstr("fsdev")));
    }
    // ... and an fsdev is no QOM object that object-add could create.
    auto object = qmp->execute("object-add", {{"qom-type", "fsdev"}, {"id", "fs_new"}});
    ASSERT_FALSE(object.ok());
    EXPECT_THAT(object.error().why, HasSubstr("does not accept value 'fsdev'"));
}

} // namespace
} // namespace jrun::qemu
