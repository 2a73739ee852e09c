// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/memory_file_system.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::test {
namespace {

using sys::FileKind;
using ::testing::ElementsAre;

TEST(MemoryFileSystem, WritesAtomicallyAndReadsBack) {
    MemoryFileSystem fs;
    fs.add_directory("/home/u/.jrun");
    ASSERT_TRUE(fs.write_file_atomic("/home/u/.jrun/state.json", "{}", 0600).ok());
    EXPECT_EQ(*fs.read_file("/home/u/.jrun/state.json"), "{}");
    EXPECT_EQ(fs.mode("/home/u/.jrun/state.json"), 0600U);
    EXPECT_EQ(fs.atomic_writes(), 1U);
    EXPECT_THAT(*fs.list_dir("/home/u/.jrun"), ElementsAre("state.json"));
}

TEST(MemoryFileSystem, RefusesToWriteIntoAMissingDirectory) {
    MemoryFileSystem fs;
    const auto status = fs.write_file_atomic("/nope/state.json", "{}", 0600);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, ErrorKind::io);
    EXPECT_THAT(fs.paths(), ElementsAre("/"));
}

TEST(MemoryFileSystem, CrashBeforeRenameKeepsTheOldFileAndLeavesTheTemporary) {
    MemoryFileSystem fs;
    fs.add_file("/d/f", "old");
    fs.crash_before_rename("/d/f");
    EXPECT_FALSE(fs.write_file_atomic("/d/f", "new", 0644).ok());
    EXPECT_EQ(fs.contents("/d/f"), "old");
    auto names = *fs.list_dir("/d");
    ASSERT_EQ(names.size(), 2U);
    EXPECT_EQ(fs.contents("/d/" + names[0]), "new") << "the temporary file holds the new bytes";
    // The crash is one-shot.
    EXPECT_TRUE(fs.write_file_atomic("/d/f", "newer", 0644).ok());
    EXPECT_EQ(fs.contents("/d/f"), "newer");
}

TEST(MemoryFileSystem, FailedWriteChangesNothing) {
    MemoryFileSystem fs;
    fs.add_file("/d/f", "old");
    fs.fail_next_write("/d/f");
    EXPECT_FALSE(fs.write_file_atomic("/d/f", "new", 0644).ok());
    EXPECT_THAT(fs.paths(), ElementsAre("/", "/d", "/d/f"));
    EXPECT_EQ(fs.contents("/d/f"), "old");
}

TEST(MemoryFileSystem, TellsKindsAndNormalisesPaths) {
    MemoryFileSystem fs;
    fs.add_file("/a/b/c.txt", "x");
    EXPECT_EQ(*fs.kind("/a/b"), FileKind::directory);
    EXPECT_EQ(*fs.kind("/a/./b/../b/c.txt"), FileKind::regular);
    EXPECT_EQ(*fs.kind("/a/b/"), FileKind::directory);
    EXPECT_EQ(*fs.kind("/a/none"), FileKind::missing);
    EXPECT_FALSE(fs.read_file("/a/b").ok());
    EXPECT_FALSE(fs.read_file("/a/none").ok());
}

TEST(MemoryFileSystem, CreatesDirectoriesButNotThroughFiles) {
    MemoryFileSystem fs;
    ASSERT_TRUE(fs.create_directories("/x/y/z").ok());
    EXPECT_EQ(*fs.kind("/x/y"), FileKind::directory);
    fs.add_file("/f", "");
    EXPECT_FALSE(fs.create_directories("/f/g").ok());
    EXPECT_FALSE(fs.create_directories("/f").ok());
}

TEST(MemoryFileSystem, RemovesFilesEmptyDirectoriesAndTrees) {
    MemoryFileSystem fs;
    fs.add_file("/t/a/f", "");
    fs.add_file("/t2", "");
    EXPECT_TRUE(fs.remove("/missing").ok());
    EXPECT_FALSE(fs.remove("/t/a").ok());
    ASSERT_TRUE(fs.remove("/t/a/f").ok());
    ASSERT_TRUE(fs.remove("/t/a").ok());
    fs.add_file("/t/a/g", "");
    ASSERT_TRUE(fs.remove_all("/t").ok());
    EXPECT_THAT(fs.paths(), ElementsAre("/", "/t2"));
}

TEST(MemoryFileSystem, RenamesFilesButNotOverDirectories) {
    MemoryFileSystem fs;
    fs.add_file("/a", "A");
    fs.add_file("/b", "B");
    fs.add_directory("/dir");
    ASSERT_TRUE(fs.rename("/a", "/b").ok());
    EXPECT_EQ(fs.contents("/b"), "A");
    EXPECT_FALSE(fs.exists("/a"));
    EXPECT_FALSE(fs.rename("/b", "/dir").ok());
    EXPECT_FALSE(fs.rename("/b", "/nodir/b").ok());
}

TEST(MemoryFileSystem, LockIsExclusiveAndNamesItsHolder) {
    MemoryFileSystem fs;
    fs.add_directory("/h");
    fs.set_pid(100);
    auto first = fs.try_lock("/h/state.lock");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(std::holds_alternative<sys::FileLock>(*first));
    EXPECT_EQ(fs.contents("/h/state.lock"), "100\n");
    auto second = fs.try_lock("/h/state.lock");
    ASSERT_TRUE(second.ok());
    ASSERT_TRUE(std::holds_alternative<sys::LockBusy>(*second));
    EXPECT_EQ(std::get<sys::LockBusy>(*second).holder_pid, 100);
    std::get<sys::FileLock>(*first).release();
    auto third = fs.try_lock("/h/state.lock");
    ASSERT_TRUE(third.ok());
    EXPECT_TRUE(std::holds_alternative<sys::FileLock>(*third));
}

TEST(MemoryFileSystem, LockAsSimulatesAnotherProcess) {
    MemoryFileSystem fs;
    auto theirs = fs.lock_as("/h/state.lock", 777);
    auto attempt = fs.try_lock("/h/state.lock");
    ASSERT_TRUE(attempt.ok());
    ASSERT_TRUE(std::holds_alternative<sys::LockBusy>(*attempt));
    EXPECT_EQ(std::get<sys::LockBusy>(*attempt).holder_pid, 777);
    theirs.release();
    EXPECT_TRUE(std::holds_alternative<sys::FileLock>(*fs.try_lock("/h/state.lock")));
}

TEST(MemoryFileSystem, LockNeedsItsDirectory) {
    MemoryFileSystem fs;
    EXPECT_FALSE(fs.try_lock("/none/state.lock").ok());
}

} // namespace
} // namespace jrun::test
