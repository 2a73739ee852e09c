// SPDX-License-Identifier: BSD-2-Clause
// StateStore over MemoryFileSystem: versions, corruption, crashes, locking.
#include "fakes/memory_file_system.hpp"
#include "state/state_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::state {
namespace {

using json = nlohmann::ordered_json;
using ::testing::HasSubstr;

constexpr const char* k_home = "/home/u/.jrun";
constexpr const char* k_state = "/home/u/.jrun/state.json";
constexpr const char* k_lock = "/home/u/.jrun/state.lock";
constexpr const char* k_backup = "/home/u/.jrun/state.json.bak";

StateStoreOptions options() {
    StateStoreOptions o;
    o.state_file = k_state;
    o.user_home = "/home/u";
    o.writer = "jrun test";
    return o;
}

json sample(int port) {
    return json{{"jails", {{"web", {{"ip", "10.17.89.10"}}}}}, {"ssh_port", port}};
}

class StateStoreTest : public ::testing::Test {
protected:
    test::MemoryFileSystem fs;
    StateStore store{fs, options()};
};

TEST_F(StateStoreTest, DerivesLockAndBackupPathsFromTheStateFile) {
    EXPECT_EQ(store.lock_file(), k_lock);
    EXPECT_EQ(store.backup_file(), k_backup);
    EXPECT_EQ(lock_file_for("/x/state"), "/x/state.lock");
}

TEST_F(StateStoreTest, MissingFileLoadsAsAnEmptyState) {
    auto body = store.load();
    ASSERT_TRUE(body.ok());
    EXPECT_EQ(*body, json::object());
}

TEST_F(StateStoreTest, RoundTripsTheBody) {
    ASSERT_TRUE(store.save(sample(2222)).ok());
    auto body = store.load();
    ASSERT_TRUE(body.ok());
    EXPECT_EQ(*body, sample(2222));
}

// The body keeps its own key order (setup vars are hashed in order).
TEST_F(StateStoreTest, WritesVersionAndWriterFirstIndentedWithMode0600) {
    ASSERT_TRUE(store.save(json{{"b", 1}, {"a", json::array()}}).ok());
    EXPECT_EQ(fs.contents(k_state),
              "{\n  \"version\": 1,\n  \"writer\": \"jrun test\",\n  \"b\": 1,\n  \"a\": []\n}\n");
    EXPECT_EQ(fs.mode(k_state), 0600U);
}

TEST_F(StateStoreTest, BodyCannotOverrideVersionOrWriter) {
    ASSERT_TRUE(store.save(json{{"version", 99}, {"writer", "evil"}, {"x", 1}}).ok());
    auto document = json::parse(*fs.contents(k_state));
    EXPECT_EQ(document["version"], 1);
    EXPECT_EQ(document["writer"], "jrun test");
}

TEST_F(StateStoreTest, DefaultWriterNamesThisJrunVersion) {
    auto o = options();
    o.writer.clear();
    StateStore plain(fs, o);
    ASSERT_TRUE(plain.save(json::object()).ok());
    EXPECT_THAT(*fs.contents(k_state), HasSubstr("\"writer\": \"jrun " JRUN_TEST_VERSION "\""));
}

TEST_F(StateStoreTest, RefusesToSaveANonObject) {
    const auto status = store.save(json::array());
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, ErrorKind::internal);
    EXPECT_FALSE(fs.exists(k_state));
}

TEST_F(StateStoreTest, KeepsThePreviousStateAsBackup) {
    ASSERT_TRUE(store.save(sample(1)).ok());
    EXPECT_FALSE(fs.exists(k_backup));
    const auto first = *fs.contents(k_state);
    ASSERT_TRUE(store.save(sample(2)).ok());
    EXPECT_EQ(fs.contents(k_backup), first);
    EXPECT_EQ(json::parse(*fs.contents(k_state))["ssh_port"], 2);
}

TEST_F(StateStoreTest, SavingAnUnchangedStateWritesNothing) {
    ASSERT_TRUE(store.save(sample(1)).ok());
    ASSERT_TRUE(store.save(sample(2)).ok());
    const auto writes = fs.atomic_writes();
    const auto backup = fs.contents(k_backup);
    ASSERT_TRUE(store.save(sample(2)).ok());
    EXPECT_EQ(fs.atomic_writes(), writes);
    EXPECT_EQ(fs.contents(k_backup), backup) << "the backup still holds the state before";
}

TEST_F(StateStoreTest, CrashBeforeRenameOfTheStateLosesNothing) {
    ASSERT_TRUE(store.save(sample(1)).ok());
    fs.crash_before_rename(k_state);
    EXPECT_FALSE(store.save(sample(2)).ok());
    // After the "reboot": the old state is whole; the next save works and cleans nothing up
    // that matters (the stray temporary file is harmless).
    auto body = StateStore(fs, options()).load();
    ASSERT_TRUE(body.ok()) << body.error().what;
    EXPECT_EQ(*body, sample(1));
    ASSERT_TRUE(store.save(sample(2)).ok());
    EXPECT_EQ(*store.load(), sample(2));
}

TEST_F(StateStoreTest, CrashBeforeRenameOfTheBackupLosesNothing) {
    ASSERT_TRUE(store.save(sample(1)).ok());
    const auto before = fs.contents(k_state);
    fs.crash_before_rename(k_backup);
    EXPECT_FALSE(store.save(sample(2)).ok());
    EXPECT_EQ(fs.contents(k_state), before);
    EXPECT_EQ(*store.load(), sample(1));
}

TEST_F(StateStoreTest, FailedWriteIsAnIoErrorAndKeepsTheOldState) {
    ASSERT_TRUE(store.save(sample(1)).ok());
    fs.fail_next_write(k_state);
    const auto status = store.save(sample(2));
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, ErrorKind::io);
    EXPECT_EQ(*store.load(), sample(1));
}

TEST_F(StateStoreTest, SaveCreatesJrunHome) {
    ASSERT_TRUE(store.save(json::object()).ok());
    EXPECT_EQ(*fs.kind(k_home), sys::FileKind::directory);
}

// A broken state file: the bytes, and what the error's `what` must contain.
struct BrokenCase {
    const char* name;
    std::string bytes;
    std::string what;
};

TEST_F(StateStoreTest, BrokenFilesAreErrorsAndStayByteIdentical) {
    const std::vector<BrokenCase> cases{
        {"truncated", "{\n  \"version\": 1,\n  \"jails\": {\n    \"web\": {", "line 4, column 13"},
        {"garbage", "{\"version\": 1}\n}x", "not valid JSON (line 2, column 1)"},
        {"empty", "", "is empty"},
        {"blank", " \n\n", "is empty"},
        {"nul bytes", std::string("\0\0\0\0", 4), "not valid JSON (line 1, column 1)"},
        {"array", "[1, 2]", "is not a jrun state file"},
        {"no version", R"({"jails": {}})", "is not a jrun state file"},
        {"string version", R"({"version": "1"})", "is not a jrun state file"},
        {"newer", R"({"version": 2, "writer": "jrun 9.9.9"})", "cannot read state file"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        fs.add_file(k_state, c.bytes, 0600);
        auto body = store.load();
        ASSERT_FALSE(body.ok());
        EXPECT_EQ(body.error().kind, ErrorKind::io);
        EXPECT_THAT(body.error().what, HasSubstr(c.what));
        EXPECT_THAT(body.error().what, HasSubstr("'~/.jrun/state.json'"));
        EXPECT_FALSE(body.error().hint.empty());
        EXPECT_EQ(fs.contents(k_state), c.bytes);
        EXPECT_EQ(fs.mode(k_state), 0600U);
    }
}

TEST_F(StateStoreTest, InvalidJsonSaysWhereAndHowToRecover) {
    fs.add_file(k_state, "{\n  \"version\": 1,\n  \"jails\": [1 2]\n}\n");
    auto body = store.load();
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.error().what,
              "state file '~/.jrun/state.json' is not valid JSON (line 3, column 15)");
    EXPECT_THAT(body.error().why, HasSubstr("syntax error while parsing array"));
    EXPECT_THAT(body.error().why, ::testing::Not(HasSubstr("json.exception")));
    EXPECT_EQ(body.error().hint,
              "the file was left as it is: fix it, or move it aside to start from an empty state "
              "(jails already running in the VM will be reported as unmanaged)");
}

TEST_F(StateStoreTest, RecoveryHintPointsAtTheBackupWhenThereIsOne) {
    fs.add_file(k_backup, "{\"version\": 1}");
    fs.add_file(k_state, "{");
    auto body = store.load();
    ASSERT_FALSE(body.ok());
    EXPECT_THAT(body.error().hint, HasSubstr("'~/.jrun/state.json.bak'"));
}

TEST_F(StateStoreTest, NewerFileNamesItsWriterAndSaysToUpgrade) {
    fs.add_file(k_state, R"({"version": 7, "writer": "jrun 3.0.0"})");
    auto body = store.load();
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.error().why,
              "it has version 7 (written by jrun 3.0.0); this jrun reads versions up to 1");
    EXPECT_EQ(body.error().hint, "upgrade jrun; the file was left as it is");
}

TEST_F(StateStoreTest, LoadMigratesAnOlderFileWithoutRewritingIt) {
    auto o = options();
    o.schema = Schema{2, {Migration{1, [](json body) -> Result<json> {
                                        body["peers"] = json::array();
                                        return body;
                                    }}}};
    StateStore newer(fs, o);
    const std::string old_file = R"({"version": 1, "ssh_port": 2222})";
    fs.add_file(k_state, old_file);
    auto body = newer.load();
    ASSERT_TRUE(body.ok()) << body.error().why;
    EXPECT_EQ(*body, (json{{"ssh_port", 2222}, {"peers", json::array()}}));
    EXPECT_EQ(fs.contents(k_state), old_file);
    ASSERT_TRUE(newer.save(*body).ok());
    EXPECT_EQ(json::parse(*fs.contents(k_state))["version"], 2);
    EXPECT_EQ(fs.contents(k_backup), old_file);
}

TEST_F(StateStoreTest, LockCreatesJrunHomeAndIsExclusive) {
    auto first = store.lock();
    ASSERT_TRUE(first.ok()) << first.error().what;
    EXPECT_TRUE(first->held());
    StateStore other(fs, options());
    EXPECT_FALSE(other.lock().ok());
    first->release();
    EXPECT_TRUE(other.lock().ok());
}

TEST_F(StateStoreTest, LockHeldElsewhereNamesThePidHomeAndLockFile) {
    auto theirs = fs.lock_as(k_lock, 31337);
    auto lock = store.lock();
    ASSERT_FALSE(lock.ok());
    EXPECT_EQ(lock.error().kind, ErrorKind::io);
    EXPECT_EQ(lock.error().what, "another jrun (pid 31337) is working on '~/.jrun'");
    EXPECT_EQ(lock.error().hint,
              "wait for it or, if no jrun is running, remove '~/.jrun/state.lock'");
}

TEST_F(StateStoreTest, LockHeldByAnUnknownProcessStillSaysSo) {
    auto theirs = fs.lock_as(k_lock, 1);
    fs.add_file(k_lock, "garbage");
    auto lock = store.lock();
    ASSERT_FALSE(lock.ok());
    EXPECT_EQ(lock.error().what, "another jrun is working on '~/.jrun'");
}

TEST_F(StateStoreTest, PathsOutsideTheUserHomeAreShownInFull) {
    auto o = options();
    o.state_file = "/var/jrun/state.json";
    StateStore elsewhere(fs, o);
    auto theirs = fs.lock_as("/var/jrun/state.lock", 5);
    auto lock = elsewhere.lock();
    ASSERT_FALSE(lock.ok());
    EXPECT_EQ(lock.error().what, "another jrun (pid 5) is working on '/var/jrun'");
}

} // namespace
} // namespace jrun::state
