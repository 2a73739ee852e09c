// SPDX-License-Identifier: BSD-2-Clause
// The real file system in a temporary directory: fast and hermetic.
#include "support/support.hpp"
#include "sys/real_file_system.hpp"
#include "sys/real_process_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>

namespace jrun::sys {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

unsigned mode_of(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0);
    return info.st_mode & 07777U;
}

TEST(RealFileSystem, WriteAtomicCreatesTheFileWithExactlyTheMode) {
    const test::TempDir dir;
    RealFileSystem fs;
    const auto path = dir.path() / "state.json";
    const auto old_umask = ::umask(077);
    ASSERT_TRUE(fs.write_file_atomic(path, "{}\n", 0640).ok());
    ::umask(old_umask);
    EXPECT_EQ(test::read_file(path), "{}\n");
    EXPECT_EQ(mode_of(path), 0640U);
}

TEST(RealFileSystem, WriteAtomicReplacesAndLeavesNoTemporaryFile) {
    const test::TempDir dir;
    RealFileSystem fs;
    const auto path = dir.write("state.json", "old");
    ASSERT_TRUE(fs.write_file_atomic(path, "new", 0600).ok());
    EXPECT_EQ(test::read_file(path), "new");
    auto names = fs.list_dir(dir.path());
    ASSERT_TRUE(names.ok());
    EXPECT_THAT(*names, ElementsAre("state.json"));
}

TEST(RealFileSystem, WriteAtomicIntoMissingDirectoryFailsAndCreatesNothing) {
    const test::TempDir dir;
    RealFileSystem fs;
    const auto status = fs.write_file_atomic(dir.path() / "missing" / "f", "x", 0644);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, ErrorKind::io);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing"));
}

TEST(RealFileSystem, ReadsWhatWasWrittenIncludingNulBytes) {
    const test::TempDir dir;
    RealFileSystem fs;
    const std::string bytes("a\0b\n", 4);
    ASSERT_TRUE(fs.write_file_atomic(dir.path() / "f", bytes, 0644).ok());
    auto read = fs.read_file(dir.path() / "f");
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(*read, bytes);
}

TEST(RealFileSystem, ReadingAMissingFileIsAnIoErrorNamingIt) {
    const test::TempDir dir;
    RealFileSystem fs;
    auto read = fs.read_file(dir.path() / "nope");
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().kind, ErrorKind::io);
    EXPECT_THAT(read.error().what, HasSubstr("nope'"));
    EXPECT_EQ(read.error().why, "No such file or directory");
}

TEST(RealFileSystem, KindTellsMissingRegularAndDirectory) {
    const test::TempDir dir;
    RealFileSystem fs;
    const auto file = dir.write("f", "");
    EXPECT_EQ(*fs.kind(file), FileKind::regular);
    EXPECT_EQ(*fs.kind(dir.path()), FileKind::directory);
    EXPECT_EQ(*fs.kind(dir.path() / "none"), FileKind::missing);
    EXPECT_EQ(*fs.kind(file / "below-a-file"), FileKind::missing);
    EXPECT_EQ(*fs.kind("/dev/null"), FileKind::other);
    EXPECT_TRUE(fs.exists(file));
    EXPECT_FALSE(fs.exists(dir.path() / "none"));
}

TEST(RealFileSystem, CreatesNestedDirectoriesAndAcceptsExistingOnes) {
    const test::TempDir dir;
    RealFileSystem fs;
    ASSERT_TRUE(fs.create_directories(dir.path() / "a" / "b" / "c").ok());
    ASSERT_TRUE(fs.create_directories(dir.path() / "a" / "b").ok());
    EXPECT_EQ(*fs.kind(dir.path() / "a" / "b" / "c"), FileKind::directory);
    const auto file = dir.write("file", "");
    EXPECT_FALSE(fs.create_directories(file / "sub").ok());
}

TEST(RealFileSystem, RemovesFilesAndTreesAndIgnoresMissingOnes) {
    const test::TempDir dir;
    RealFileSystem fs;
    const auto file = dir.write("tree/sub/f", "x");
    EXPECT_TRUE(fs.remove(dir.path() / "absent").ok());
    EXPECT_FALSE(fs.remove(dir.path() / "tree").ok()) << "not empty";
    ASSERT_TRUE(fs.remove(file).ok());
    EXPECT_FALSE(fs.exists(file));
    ASSERT_TRUE(fs.remove_all(dir.path() / "tree").ok());
    EXPECT_FALSE(fs.exists(dir.path() / "tree"));
    EXPECT_TRUE(fs.remove_all(dir.path() / "tree").ok());
}

TEST(RealFileSystem, RenameReplacesTheTarget) {
    const test::TempDir dir;
    RealFileSystem fs;
    const auto from = dir.write("a", "A");
    const auto to = dir.write("b", "B");
    ASSERT_TRUE(fs.rename(from, to).ok());
    EXPECT_EQ(test::read_file(to), "A");
    EXPECT_FALSE(fs.exists(from));
    EXPECT_FALSE(fs.rename(from, to).ok());
}

TEST(RealFileSystem, ListsDirectoryEntriesSorted) {
    const test::TempDir dir;
    RealFileSystem fs;
    dir.write("b", "");
    dir.write("a", "");
    dir.write("c/d", "");
    auto names = fs.list_dir(dir.path());
    ASSERT_TRUE(names.ok());
    EXPECT_THAT(*names, ElementsAre("a", "b", "c"));
    EXPECT_FALSE(fs.list_dir(dir.path() / "none").ok());
}

TEST(RealFileSystem, LockWritesOurPidAndClearsItOnRelease) {
    const test::TempDir dir;
    RealFileSystem fs;
    const auto path = dir.path() / "state.lock";
    auto attempt = fs.try_lock(path);
    ASSERT_TRUE(attempt.ok());
    ASSERT_TRUE(std::holds_alternative<FileLock>(*attempt));
    EXPECT_EQ(test::read_file(path), std::to_string(::getpid()) + "\n");
    std::get<FileLock>(*attempt).release();
    EXPECT_EQ(test::read_file(path), "");
}

TEST(RealFileSystem, SecondLockIsBusyAndNamesTheHolderUntilReleased) {
    const test::TempDir dir;
    RealFileSystem fs;
    const auto path = dir.path() / "state.lock";
    auto first = fs.try_lock(path);
    ASSERT_TRUE(first.ok());
    auto second = fs.try_lock(path);
    ASSERT_TRUE(second.ok());
    ASSERT_TRUE(std::holds_alternative<LockBusy>(*second));
    EXPECT_EQ(std::get<LockBusy>(*second).holder_pid, ::getpid());
    std::get<FileLock>(*first).release();
    auto third = fs.try_lock(path);
    ASSERT_TRUE(third.ok());
    EXPECT_TRUE(std::holds_alternative<FileLock>(*third));
}

TEST(RealFileSystem, LockHeldByAnotherProcessIsBusyWithItsPid) {
    const test::TempDir dir;
    const auto path = dir.path() / "state.lock";
    std::array<int, 2> ready{};
    std::array<int, 2> release{};
    ASSERT_EQ(::pipe(ready.data()), 0);
    ASSERT_EQ(::pipe(release.data()), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The other jrun: take the lock, say so, hold it until the parent closes the pipe.
        ::close(ready[0]);
        ::close(release[1]);
        RealFileSystem theirs;
        auto attempt = theirs.try_lock(path);
        const char ok = attempt.ok() && std::holds_alternative<FileLock>(*attempt) ? 'y' : 'n';
        (void)::write(ready[1], &ok, 1);
        char byte = 0;
        (void)::read(release[0], &byte, 1);
        ::_exit(0);
    }
    ::close(ready[1]);
    ::close(release[0]);
    char ok = 0;
    ASSERT_EQ(::read(ready[0], &ok, 1), 1);
    ASSERT_EQ(ok, 'y');
    RealFileSystem ours;
    auto attempt = ours.try_lock(path);
    ::close(release[1]);
    ::waitpid(child, nullptr, 0);
    ::close(ready[0]);
    ASSERT_TRUE(attempt.ok());
    ASSERT_TRUE(std::holds_alternative<LockBusy>(*attempt));
    EXPECT_EQ(std::get<LockBusy>(*attempt).holder_pid, child);
}

TEST(RealFileSystem, LockHeldByFlockCommandIsBusy) {
    if (::access("/usr/bin/flock", X_OK) != 0) {
        GTEST_SKIP() << "flock(1) is not installed";
    }
    const test::TempDir dir;
    const auto path = dir.path() / "state.lock";
    RealProcessRunner runner;
    auto holder = runner.spawn(
        Command({"/usr/bin/flock", "-n", path.string(), "sh", "-c", "echo held; exec cat"})
            .set_stdin_mode(Input::pipe));
    ASSERT_TRUE(holder.ok());
    auto chunk = (*holder)->read_output(5s);
    ASSERT_TRUE(chunk.ok());
    ASSERT_EQ(chunk->out, "held\n");
    RealFileSystem fs;
    auto attempt = fs.try_lock(path);
    ASSERT_TRUE(attempt.ok());
    EXPECT_TRUE(std::holds_alternative<LockBusy>(*attempt));
    (*holder)->close_stdin();
    ASSERT_TRUE((*holder)->wait().ok());
    auto after = fs.try_lock(path);
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(std::holds_alternative<FileLock>(*after));
}

TEST(ParseLockPid, AcceptsDigitsAndRejectsEverythingElse) {
    EXPECT_EQ(parse_lock_pid("1234\n"), 1234);
    EXPECT_EQ(parse_lock_pid("  42 "), 42);
    EXPECT_EQ(parse_lock_pid(""), std::nullopt);
    EXPECT_EQ(parse_lock_pid("0"), std::nullopt);
    EXPECT_EQ(parse_lock_pid("12a"), std::nullopt);
    EXPECT_EQ(parse_lock_pid("-5"), std::nullopt);
    EXPECT_EQ(parse_lock_pid("99999999999999"), std::nullopt);
}

} // namespace
} // namespace jrun::sys
