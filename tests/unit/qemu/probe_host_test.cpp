// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_process_runner.hpp"
#include "fakes/memory_file_system.hpp"
#include "qemu/probe_host.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::qemu {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CpuinfoHasVmxOrSvm, ReadsTheFlagsLine) {
    EXPECT_TRUE(cpuinfo_has_vmx_or_svm("processor\t: 0\nflags\t\t: fpu vme de pse vmx sse\n"));
    EXPECT_TRUE(cpuinfo_has_vmx_or_svm("flags : fpu svm\n"));
    EXPECT_FALSE(cpuinfo_has_vmx_or_svm("flags\t\t: fpu vme hypervisor\n"));
    EXPECT_FALSE(cpuinfo_has_vmx_or_svm("model name\t: vmx svm lookalike\nflags : fpu\n"))
        << "only the flags line counts";
    EXPECT_FALSE(cpuinfo_has_vmx_or_svm("flags : vmxnet\n")) << "whole words only";
}

class ProbeHost : public ::testing::Test {
protected:
    test::FakeProcessRunner runner;
    test::MemoryFileSystem fs;
    std::vector<std::string> opened;
    HostProbePorts ports{runner, fs, [this](const std::string& path) {
                             opened.push_back(path);
                             return path == "/dev/kvm";
                         }};

    void SetUp() override {
        runner.on({"qemu-system-x86_64", "-help"}, test::exited(0, "-fsdev local,id=id\n"));
        runner.on({"qemu-system-x86_64", "-machine", "none", "-device", "help"},
                  test::exited(0, "name \"virtio-9p-pci\", bus PCI\n"));
        runner.on({"qemu-system-x86_64", "-display", "help"},
                  test::exited(0, "Available display backend types:\nnone\ngtk\n"));
        runner.on({"qemu-system-x86_64", "-accel", "help"},
                  test::exited(0, "Accelerators supported in QEMU binary:\ntcg\nkvm\n"));
        fs.add_file("/proc/cpuinfo", "flags\t\t: fpu vmx\n");
        fs.add_file("/usr/share/OVMF/OVMF_CODE_4M.fd", "code");
        fs.add_file("/usr/share/OVMF/OVMF_VARS_4M.fd", "vars");
    }
};

TEST_F(ProbeHost, GathersEverythingTheDecisionsNeedOnLinux) {
    auto facts = probe_host(ports, HostOs::linux_os, HostArch::x86_64, "qemu-system-x86_64", "");
    ASSERT_TRUE(facts.ok()) << facts.error().why;
    EXPECT_TRUE(facts->kvm_opens);
    EXPECT_TRUE(facts->cpu_has_vmx_svm);
    EXPECT_FALSE(facts->kvm_is_pvm);
    EXPECT_THAT(facts->existing_files,
                ElementsAre("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"));
    EXPECT_TRUE(supports_9p(*facts));
    EXPECT_EQ(*choose_display(*facts), "gtk");
    EXPECT_EQ(choose_accel(*facts, QemuAccel::automatic)->accel, Accel::kvm);
    EXPECT_EQ(runner.commands_ran.size(), 4U);
}

TEST_F(ProbeHost, NoticesPvm) {
    fs.add_directory("/sys/module/kvm_pvm");
    auto facts = probe_host(ports, HostOs::linux_os, HostArch::x86_64, "qemu-system-x86_64", "");
    ASSERT_TRUE(facts.ok());
    EXPECT_TRUE(facts->kvm_is_pvm);
    EXPECT_EQ(choose_accel(*facts, QemuAccel::automatic)->accel, Accel::tcg);
}

TEST_F(ProbeHost, LooksForKvmOnlyOnLinux) {
    auto facts = probe_host(ports, HostOs::freebsd, HostArch::x86_64, "qemu-system-x86_64", "");
    ASSERT_TRUE(facts.ok());
    EXPECT_TRUE(opened.empty());
    EXPECT_FALSE(facts->kvm_opens);
}

TEST_F(ProbeHost, ChecksTheBiosOverride) {
    fs.add_file("/opt/fw.fd", "x");
    auto facts =
        probe_host(ports, HostOs::linux_os, HostArch::x86_64, "qemu-system-x86_64", "/opt/fw.fd");
    ASSERT_TRUE(facts.ok());
    EXPECT_TRUE(facts->existing_files.contains("/opt/fw.fd"));
}

TEST_F(ProbeHost, FailsWithAnInstallHintWhenQemuIsMissing) {
    runner.on({"qemu-system-x86_64", "-help"},
              Error{ErrorKind::process, "cannot run 'qemu-system-x86_64'", "not found", {}});
    auto facts = probe_host(ports, HostOs::linux_os, HostArch::x86_64, "qemu-system-x86_64", "");
    ASSERT_FALSE(facts.ok());
    EXPECT_EQ(facts.error().kind, ErrorKind::process);
    EXPECT_THAT(facts.error().hint, HasSubstr("install QEMU"));
}

TEST(BuildPlatform, IsKnownWhereTheTestsRun) {
    EXPECT_NE(build_os(), HostOs::other);
    EXPECT_NE(build_arch(), HostArch::other);
}

} // namespace
} // namespace jrun::qemu
