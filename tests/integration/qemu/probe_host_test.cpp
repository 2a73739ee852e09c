// SPDX-License-Identifier: BSD-2-Clause
// probe_host() on this machine, with the real ports.

#include "qemu/firmware.hpp"
#include "qemu/harness.hpp"
#include "qemu/probe_host.hpp"
#include "sys/device.hpp"
#include "sys/real_file_system.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::qemu {
namespace {

TEST(RealProbeHost, GathersFactsThatTheDecisionsAccept) {
    const std::string binary = test::require_qemu();
    sys::RealProcessRunner runner;
    sys::RealFileSystem fs;
    const HostProbePorts ports{runner, fs, [](const std::string& path) {
                                   return sys::can_open_read_write(path);
                               }};

    auto facts = probe_host(ports, build_os(), build_arch(), binary, "");
    ASSERT_TRUE(facts.ok()) << facts.error().what << ": " << facts.error().why;
    EXPECT_TRUE(check_host(*facts).ok());
    EXPECT_TRUE(supports_9p(*facts)) << "Debian's QEMU is built with virtfs";
    EXPECT_THAT(facts->accel_help, ::testing::HasSubstr("tcg"));
    auto accel = choose_accel(*facts, QemuAccel::automatic);
    ASSERT_TRUE(accel.ok());
    if (facts->kvm_is_pvm || !facts->kvm_opens) {
        // This is the project's test machine (TESTING.md): KVM is PVM, so TCG with a warning.
        EXPECT_EQ(accel->accel, Accel::tcg);
        EXPECT_FALSE(accel->warning.empty());
        EXPECT_FALSE(choose_accel(*facts, QemuAccel::kvm).ok());
    }
}

} // namespace
} // namespace jrun::qemu
