// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/memory_file_system.hpp"
#include "qemu/firmware.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::qemu {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

HostFacts host(HostOs os, HostArch arch, std::set<std::string, std::less<>> files) {
    HostFacts facts;
    facts.os = os;
    facts.arch = arch;
    facts.existing_files = std::move(files);
    return facts;
}

TEST(FindFirmware, PairsDebianOvmfCodeWithItsVarsTemplate) {
    auto facts = host(HostOs::linux_os,
                      HostArch::x86_64,
                      {"/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"});
    auto firmware = find_firmware(facts, "");
    ASSERT_TRUE(firmware.ok());
    EXPECT_EQ(*firmware,
              (Firmware{"/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"}));
}

TEST(FindFirmware, TakesTheFirstCandidateThatExists) {
    // Given Debian 12, which ships both the 2M and the 4M builds.
    auto facts = host(HostOs::linux_os,
                      HostArch::x86_64,
                      {"/usr/share/OVMF/OVMF_CODE.fd",
                       "/usr/share/OVMF/OVMF_VARS.fd",
                       "/usr/share/OVMF/OVMF_CODE_4M.fd",
                       "/usr/share/OVMF/OVMF_VARS_4M.fd"});
    EXPECT_EQ(find_firmware(facts, "")->code, "/usr/share/OVMF/OVMF_CODE.fd");
}

TEST(FindFirmware, UsesBiosWhenTheTemplateIsMissing) {
    auto facts = host(HostOs::linux_os, HostArch::x86_64, {"/usr/share/edk2/ovmf/OVMF_CODE.fd"});
    EXPECT_EQ(*find_firmware(facts, ""), (Firmware{"/usr/share/edk2/ovmf/OVMF_CODE.fd", ""}));
}

TEST(FindFirmware, UsesACombinedImageWithBios) {
    auto facts = host(HostOs::linux_os, HostArch::x86_64, {"/usr/share/ovmf/OVMF.fd"});
    EXPECT_EQ(*find_firmware(facts, ""), (Firmware{"/usr/share/ovmf/OVMF.fd", ""}));
}

TEST(FindFirmware, FindsHomebrewEdk2OnAppleSilicon) {
    auto facts = host(HostOs::macos,
                      HostArch::aarch64,
                      {"/opt/homebrew/share/qemu/edk2-aarch64-code.fd",
                       "/opt/homebrew/share/qemu/edk2-arm-vars.fd"});
    EXPECT_EQ(*find_firmware(facts, ""),
              (Firmware{"/opt/homebrew/share/qemu/edk2-aarch64-code.fd",
                        "/opt/homebrew/share/qemu/edk2-arm-vars.fd"}));
}

TEST(FindFirmware, FallsBackToQemusDataDirectoryOnMacos) {
    auto facts = host(HostOs::macos, HostArch::x86_64, {});
    EXPECT_EQ(*find_firmware(facts, ""), (Firmware{"edk2-x86_64-code.fd", ""}));
}

TEST(FindFirmware, FindsTheEdk2QemuPortOnFreebsd) {
    auto facts = host(HostOs::freebsd,
                      HostArch::x86_64,
                      {"/usr/local/share/edk2-qemu/QEMU_UEFI_CODE-x86_64.fd",
                       "/usr/local/share/edk2-qemu/QEMU_UEFI_VARS-x86_64.fd"});
    EXPECT_EQ(find_firmware(facts, "")->vars_template,
              "/usr/local/share/edk2-qemu/QEMU_UEFI_VARS-x86_64.fd");
}

TEST(FindFirmware, FailsListingEveryPathLookedAt) {
    auto facts = host(HostOs::linux_os, HostArch::aarch64, {});
    auto firmware = find_firmware(facts, "");
    ASSERT_FALSE(firmware.ok());
    EXPECT_EQ(firmware.error().kind, ErrorKind::config);
    EXPECT_THAT(firmware.error().why, HasSubstr("/usr/share/AAVMF/AAVMF_CODE.fd"));
    EXPECT_THAT(firmware.error().why, HasSubstr("/usr/share/qemu/edk2-aarch64-code.fd"));
    EXPECT_THAT(firmware.error().hint, HasSubstr("JRUN_QEMU_BIOS"));
}

TEST(FindFirmware, OverrideWinsAndUsesBiosForUnknownFiles) {
    auto facts =
        host(HostOs::linux_os,
             HostArch::x86_64,
             {"/opt/fw/custom.fd", "/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd"});
    EXPECT_EQ(*find_firmware(facts, "/opt/fw/custom.fd"), (Firmware{"/opt/fw/custom.fd", ""}));
}

TEST(FindFirmware, OverrideNamingAKnownCodeFileGetsItsTemplate) {
    auto facts = host(HostOs::linux_os,
                      HostArch::x86_64,
                      {"/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"});
    EXPECT_EQ(find_firmware(facts, "/usr/share/OVMF/OVMF_CODE_4M.fd")->vars_template,
              "/usr/share/OVMF/OVMF_VARS_4M.fd");
}

TEST(FindFirmware, MissingOverrideIsAnError) {
    auto facts = host(HostOs::linux_os, HostArch::x86_64, {"/usr/share/OVMF/OVMF_CODE.fd"});
    auto firmware = find_firmware(facts, "/nope.fd");
    ASSERT_FALSE(firmware.ok());
    EXPECT_EQ(firmware.error().what, "cannot use the firmware '/nope.fd' (JRUN_QEMU_BIOS)");
}

TEST(FirmwarePathsToCheck, ListsTheOverrideAndEveryCandidateWithItsTemplate) {
    auto paths = firmware_paths_to_check(HostOs::linux_os, HostArch::x86_64, "/opt/fw.fd");
    ASSERT_FALSE(paths.empty());
    EXPECT_EQ(paths.front(), "/opt/fw.fd");
    EXPECT_THAT(paths, Contains("/usr/share/OVMF/OVMF_VARS_4M.fd"));
    EXPECT_THAT(paths, Contains("/usr/share/edk2/x64/OVMF_CODE.4m.fd"));
    EXPECT_THAT(firmware_paths_to_check(HostOs::macos, HostArch::aarch64, ""),
                ::testing::Not(Contains("edk2-aarch64-code.fd")));
}

class VarsFile : public ::testing::Test {
protected:
    test::MemoryFileSystem fs;
    Firmware firmware{"/fw/CODE.fd", "/fw/VARS.fd"};
    const std::string vars = "/home/u/.jrun/disks/efivars.fd";

    void SetUp() override {
        fs.add_file("/fw/VARS.fd", std::string(8, 'T'));
        fs.add_directory("/home/u/.jrun/disks");
    }
};

TEST_F(VarsFile, IsCopiedFromTheTemplateOnFirstStart) {
    EXPECT_EQ(*ensure_vars_file(fs, firmware, vars), VarsOutcome::created);
    EXPECT_EQ(fs.contents(vars), std::string(8, 'T'));
    EXPECT_EQ(fs.mode(vars), 0600U);
}

TEST_F(VarsFile, PersistsAcrossStarts) {
    // Given a store the guest has written to (same size as the template).
    fs.add_file(vars, std::string(8, 'G'));
    EXPECT_EQ(*ensure_vars_file(fs, firmware, vars), VarsOutcome::kept);
    EXPECT_EQ(fs.contents(vars), std::string(8, 'G')) << "EFI variables must survive a restart";
    EXPECT_EQ(fs.atomic_writes(), 0U);
}

TEST_F(VarsFile, IsResetWhenTheFirmwareChangedSize) {
    fs.add_file(vars, std::string(4, 'G'));
    EXPECT_EQ(*ensure_vars_file(fs, firmware, vars), VarsOutcome::reset);
    EXPECT_EQ(fs.contents(vars), std::string(8, 'T'));
}

TEST_F(VarsFile, IsNotNeededWithoutATemplate) {
    EXPECT_EQ(*ensure_vars_file(fs, Firmware{"/fw/OVMF.fd", ""}, vars), VarsOutcome::kept);
    EXPECT_FALSE(fs.contents(vars).has_value());
}

TEST_F(VarsFile, ReportsAMissingTemplateAsIo) {
    auto outcome = ensure_vars_file(fs, Firmware{"/fw/CODE.fd", "/fw/GONE.fd"}, vars);
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().kind, ErrorKind::io);
}

} // namespace
} // namespace jrun::qemu
