// SPDX-License-Identifier: BSD-2-Clause
#include "cloudinit/iso.hpp"
#include "cloudinit/keys.hpp"
#include "fakes/fake_process_runner.hpp"
#include "fakes/memory_file_system.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::cloudinit {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Make `ssh-keygen -f PATH` in `runner` write a key pair into `files`.
void keygen_writes(test::FakeProcessRunner& runner, test::MemoryFileSystem& files) {
    runner.on_match(
        [](const sys::Command& command) {
            return command.argv().at(0) == "ssh-keygen" && command.argv().at(1) == "-q";
        },
        [&files](const sys::Command& command) -> Result<sys::Completed> {
            const auto& path = command.argv().back();
            files.add_file(path,
                           "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n"
                           "-----END OPENSSH PRIVATE KEY-----\n",
                           0600);
            files.add_file(path + ".pub", "ssh-ed25519 AAAAC3Nz " + command.argv().at(7) + "\n");
            return test::exited(0);
        });
}

TEST(EnsureKeyPair, GeneratesAMissingKeyWithoutAPassphrase) {
    test::FakeProcessRunner runner;
    test::MemoryFileSystem files;
    files.add_directory("/h/ssh");
    keygen_writes(runner, files);
    auto key = ensure_key_pair(runner, files, "/h/ssh/id_ed25519", "jrun");
    ASSERT_TRUE(key.ok()) << key.error().why;
    EXPECT_EQ(*key, "ssh-ed25519 AAAAC3Nz jrun");
    EXPECT_THAT(runner.ran(),
                ElementsAre("ssh-keygen -q -t ed25519 -N '' -C jrun -f /h/ssh/id_ed25519"));
}

TEST(EnsureKeyPair, KeepsAnExistingKey) {
    test::FakeProcessRunner runner;
    test::MemoryFileSystem files;
    files.add_file("/h/ssh/id_ed25519", "private");
    files.add_file("/h/ssh/id_ed25519.pub", "ssh-ed25519 AAAA old\n");
    auto key = ensure_key_pair(runner, files, "/h/ssh/id_ed25519", "jrun");
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(*key, "ssh-ed25519 AAAA old");
    EXPECT_TRUE(runner.ran().empty());
}

TEST(EnsureKeyPair, DerivesAMissingPublicKey) {
    test::FakeProcessRunner runner;
    runner.on({"ssh-keygen", "-y"}, test::exited(0, "ssh-ed25519 AAAA derived\n"));
    test::MemoryFileSystem files;
    files.add_file("/h/ssh/id_ed25519", "private");
    auto key = ensure_key_pair(runner, files, "/h/ssh/id_ed25519", "jrun");
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(*key, "ssh-ed25519 AAAA derived");
    EXPECT_EQ(files.contents("/h/ssh/id_ed25519.pub"), "ssh-ed25519 AAAA derived\n");
}

TEST(GenerateHostKey, ReplacesAnOldPairAndReturnsBothHalves) {
    test::FakeProcessRunner runner;
    test::MemoryFileSystem files;
    files.add_file("/h/cloud/ssh_host_ed25519_key", "old");
    keygen_writes(runner, files);
    auto key = generate_host_key(runner, files, "/h/cloud/ssh_host_ed25519_key");
    ASSERT_TRUE(key.ok()) << key.error().why;
    EXPECT_THAT(key->private_key, HasSubstr("BEGIN OPENSSH PRIVATE KEY"));
    EXPECT_EQ(key->public_key, "ssh-ed25519 AAAAC3Nz jrun-vm-host");
}

TEST(ProbeIsoTool, FallsBackToXorriso) {
    test::FakeProcessRunner runner;
    runner.on({"genisoimage"}, Error{ErrorKind::process, "genisoimage", "not found", ""});
    runner.on({"mkisofs"}, Error{ErrorKind::process, "mkisofs", "not found", ""});
    auto tool = probe_iso_tool(runner);
    ASSERT_TRUE(tool.ok());
    EXPECT_EQ(*tool, IsoTool::xorriso);
    EXPECT_THAT(iso_argv(IsoTool::xorriso, "/c/seed.iso", {"/c/user-data"}),
                ElementsAre("xorriso",
                            "-as",
                            "mkisofs",
                            "-quiet",
                            "-output",
                            "/c/seed.iso",
                            "-volid",
                            "cidata",
                            "-joliet",
                            "-rock",
                            "/c/user-data"));
}

TEST(ProbeIsoTool, NamesThePackageWhenNoToolRuns) {
    test::FakeProcessRunner runner;
    runner.set_default(Error{ErrorKind::process, "x", "not found", ""});
    auto tool = probe_iso_tool(runner);
    ASSERT_FALSE(tool.ok());
    EXPECT_THAT(tool.error().hint, HasSubstr("genisoimage"));
}

TEST(BuildSeedIso, WritesBothFilesPrivatelyAndBuildsThenRenames) {
    test::FakeProcessRunner runner;
    test::MemoryFileSystem files;
    runner.on_match([](const sys::Command& command) { return command.argv().size() > 2; },
                    [&files](const sys::Command& command) -> Result<sys::Completed> {
                        files.add_file(command.argv().at(3), "iso");
                        return test::exited(0);
                    });
    auto built = build_seed_iso(runner, files, "/c/seed", "#cloud-config\n", "m\n", "/c/seed.iso");
    ASSERT_TRUE(built.ok()) << built.error().why;
    EXPECT_EQ(files.contents("/c/seed/user-data"), "#cloud-config\n");
    EXPECT_EQ(files.mode("/c/seed/user-data"), 0600U);
    EXPECT_EQ(files.contents("/c/seed.iso"), "iso");
    EXPECT_FALSE(files.contents("/c/seed.iso.part"));
    EXPECT_EQ(runner.ran().back(),
              "genisoimage -quiet -output /c/seed.iso.part -volid cidata -joliet -rock "
              "/c/seed/user-data /c/seed/meta-data");
}

} // namespace
} // namespace jrun::cloudinit
