// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/host.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::qemu {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

HostFacts kvm_host() {
    HostFacts facts;
    facts.os = HostOs::linux_os;
    facts.arch = HostArch::x86_64;
    facts.kvm_opens = true;
    facts.cpu_has_vmx_svm = true;
    return facts;
}

TEST(ChooseAccel, UsesKvmOnLinuxWhenDeviceOpensAndCpuHasVirtualisation) {
    auto choice = choose_accel(kvm_host(), QemuAccel::automatic);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->accel, Accel::kvm);
    EXPECT_EQ(choice->warning, "");
}

TEST(ChooseAccel, FallsBackToTcgWithAWarningWhenDevKvmDoesNotOpen) {
    auto facts = kvm_host();
    facts.kvm_opens = false;
    auto choice = choose_accel(facts, QemuAccel::automatic);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->accel, Accel::tcg);
    EXPECT_THAT(choice->warning, HasSubstr("/dev/kvm cannot be opened"));
    EXPECT_THAT(choice->warning, HasSubstr("using TCG"));
}

TEST(ChooseAccel, FallsBackToTcgWhenCpuFlagsLackVmxAndSvm) {
    auto facts = kvm_host();
    facts.cpu_has_vmx_svm = false;
    auto choice = choose_accel(facts, QemuAccel::automatic);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->accel, Accel::tcg);
    EXPECT_THAT(choice->warning, HasSubstr("neither vmx nor svm"));
}

TEST(ChooseAccel, UsesKvmOnArm64LinuxWithoutX86Flags) {
    auto facts = kvm_host();
    facts.arch = HostArch::aarch64;
    facts.cpu_has_vmx_svm = false; // arm64 cpuinfo never lists vmx or svm
    EXPECT_EQ(choose_accel(facts, QemuAccel::automatic)->accel, Accel::kvm);
}

TEST(ChooseAccel, FallsBackToTcgUnderPvmEvenThoughKvmOpens) {
    // Given a host whose KVM is PVM (QEMU would report KVM as working; guests hang).
    auto facts = kvm_host();
    facts.kvm_is_pvm = true;
    auto choice = choose_accel(facts, QemuAccel::automatic);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->accel, Accel::tcg);
    EXPECT_THAT(choice->warning, HasSubstr("kvm_pvm"));
}

TEST(ChooseAccel, FallsBackToTcgWhenQemuWasBuiltWithoutKvm) {
    auto facts = kvm_host();
    facts.accel_help = "Accelerators supported in QEMU binary:\ntcg\n";
    auto choice = choose_accel(facts, QemuAccel::automatic);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->accel, Accel::tcg);
    EXPECT_THAT(choice->warning, HasSubstr("without KVM"));
}

TEST(ChooseAccel, AcceptsKvmListedInAccelHelp) {
    auto facts = kvm_host();
    facts.accel_help = "Accelerators supported in QEMU binary:\ntcg\nkvm\n";
    EXPECT_EQ(choose_accel(facts, QemuAccel::automatic)->accel, Accel::kvm);
}

TEST(ChooseAccel, UsesHvfOnMacos) {
    HostFacts facts;
    facts.os = HostOs::macos;
    facts.arch = HostArch::aarch64;
    auto choice = choose_accel(facts, QemuAccel::automatic);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->accel, Accel::hvf);
    EXPECT_EQ(choice->warning, "");
}

TEST(ChooseAccel, UsesTcgWithAWarningOnFreebsd) {
    HostFacts facts;
    facts.os = HostOs::freebsd;
    facts.arch = HostArch::x86_64;
    facts.kvm_opens = true; // irrelevant: no KVM on FreeBSD
    auto choice = choose_accel(facts, QemuAccel::automatic);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->accel, Accel::tcg);
    EXPECT_THAT(choice->warning, HasSubstr("no hardware accelerator"));
}

TEST(ChooseAccel, ExplicitKvmThatCannotWorkIsAConfigErrorSayingWhy) {
    auto facts = kvm_host();
    facts.kvm_is_pvm = true;
    auto choice = choose_accel(facts, QemuAccel::kvm);
    ASSERT_FALSE(choice.ok());
    EXPECT_EQ(choice.error().kind, ErrorKind::config);
    EXPECT_EQ(choice.error().what, "cannot use the kvm accelerator (JRUN_QEMU_ACCEL=kvm)");
    EXPECT_THAT(choice.error().why, HasSubstr("PVM"));
    EXPECT_THAT(choice.error().hint, HasSubstr("JRUN_QEMU_ACCEL=auto"));
}

TEST(ChooseAccel, ExplicitHvfOffMacosIsAConfigError) {
    auto choice = choose_accel(kvm_host(), QemuAccel::hvf);
    ASSERT_FALSE(choice.ok());
    EXPECT_THAT(choice.error().why, HasSubstr("only on macOS"));
}

TEST(ChooseAccel, ExplicitTcgIsTakenWithoutWarningEvenWhenKvmWorks) {
    auto choice = choose_accel(kvm_host(), QemuAccel::tcg);
    ASSERT_TRUE(choice.ok());
    EXPECT_EQ(choice->accel, Accel::tcg);
    EXPECT_EQ(choice->warning, "");
}

TEST(ChooseAccel, ExplicitKvmIsTakenWhenUsable) {
    EXPECT_EQ(choose_accel(kvm_host(), QemuAccel::kvm)->accel, Accel::kvm);
}

TEST(CheckHost, RejectsUnknownOsAndArchitecture) {
    HostFacts facts = kvm_host();
    EXPECT_TRUE(check_host(facts).ok());
    facts.arch = HostArch::other;
    EXPECT_THAT(check_host(facts).error().why, HasSubstr("architecture"));
    facts = kvm_host();
    facts.os = HostOs::other;
    EXPECT_THAT(check_host(facts).error().why, HasSubstr("operating system"));
}

TEST(HostNames, FollowTheArchitecture) {
    EXPECT_EQ(binary_name(HostArch::x86_64), "qemu-system-x86_64");
    EXPECT_EQ(binary_name(HostArch::aarch64), "qemu-system-aarch64");
    EXPECT_EQ(machine_type(HostArch::aarch64), "virt");
    EXPECT_EQ(virtio_suffix(HostArch::aarch64), "device");
    EXPECT_EQ(virtio_suffix(HostArch::x86_64), "pci");
}

// Excerpts of QEMU 7.2's own output (Debian 12).
constexpr const char* k_help_with_fsdev =
    "-fsdev local,id=id,path=path,security_model=mapped-xattr|mapped-file|passthrough|none\n";
constexpr const char* k_device_help_9p = "name \"virtio-9p-device\", bus virtio-bus\n"
                                         "name \"virtio-9p-pci\", bus PCI, alias \"virtio-9p\"\n";

TEST(Supports9p, NeedsFsdevInHelpAndTheDeviceForTheArchitecture) {
    HostFacts facts = kvm_host();
    facts.qemu_help = k_help_with_fsdev;
    facts.device_help = k_device_help_9p;
    EXPECT_TRUE(supports_9p(facts));
    EXPECT_TRUE(check_9p(facts).ok());

    facts.qemu_help = "-drive [file=file]\n";
    EXPECT_FALSE(supports_9p(facts));
    EXPECT_THAT(check_9p(facts).error().why, HasSubstr("-fsdev"));
}

TEST(Supports9p, LooksForTheMmioDeviceOnAarch64) {
    HostFacts facts = kvm_host();
    facts.arch = HostArch::aarch64;
    facts.qemu_help = k_help_with_fsdev;
    facts.device_help = "name \"virtio-9p-pci\", bus PCI, alias \"virtio-9p\"\n";
    EXPECT_FALSE(supports_9p(facts));
    EXPECT_THAT(check_9p(facts).error().why, HasSubstr("virtio-9p-device"));
}

TEST(ChooseDisplay, ParsesQemuDisplayHelp) {
    EXPECT_THAT(parse_display_help("Available display backend types:\nnone\ngtk\nsdl\n"),
                ElementsAre("none", "gtk", "sdl"));
}

TEST(ChooseDisplay, PrefersCocoaOnMacosAndGtkElsewhere) {
    HostFacts facts = kvm_host();
    facts.display_help = "Available display backend types:\nnone\nsdl\ncocoa\ngtk\n";
    EXPECT_EQ(*choose_display(facts), "gtk");
    facts.os = HostOs::macos;
    EXPECT_EQ(*choose_display(facts), "cocoa");
    facts.display_help = "Available display backend types:\nnone\nsdl\n";
    EXPECT_EQ(*choose_display(facts), "sdl");
}

TEST(ChooseDisplay, FailsWithoutAnyWindowBackend) {
    // Given Debian's qemu-system-x86 without qemu-system-gui (what this machine has).
    HostFacts facts = kvm_host();
    facts.display_help =
        "Available display backend types:\nnone\negl-headless\ncurses\nspice-app\ndbus\n";
    auto display = choose_display(facts);
    ASSERT_FALSE(display.ok());
    EXPECT_EQ(display.error().why,
              "this QEMU has no window display (it offers: none, egl-headless, curses, "
              "spice-app, dbus)");
    EXPECT_THAT(display.error().hint, HasSubstr("--mode tty"));
}

} // namespace
} // namespace jrun::qemu
