// SPDX-License-Identifier: BSD-2-Clause
// StateStore over the real file system in a temporary JRUN_HOME, with real competing processes.
#include "state/state_store.hpp"
#include "support/support.hpp"
#include "sys/real_file_system.hpp"
#include "sys/real_process_runner.hpp"
#include "util/strings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>

namespace jrun::state {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::ordered_json;
using ::testing::HasSubstr;

StateStoreOptions options_in(const test::TempDir& dir) {
    StateStoreOptions o;
    o.state_file = dir.path() / "home" / "state.json";
    o.writer = "jrun test";
    return o;
}

TEST(StateStoreOnDisk, RoundTripsAndKeepsABackup) {
    const test::TempDir dir;
    sys::RealFileSystem fs;
    StateStore store(fs, options_in(dir));
    ASSERT_TRUE(store.save(json{{"ssh_port", 2222}}).ok());
    ASSERT_TRUE(store.save(json{{"ssh_port", 2223}}).ok());
    auto body = store.load();
    ASSERT_TRUE(body.ok());
    EXPECT_EQ(*body, (json{{"ssh_port", 2223}}));
    EXPECT_THAT(test::read_file(store.backup_file()), HasSubstr("2222"));
    auto names = fs.list_dir(dir.path() / "home");
    ASSERT_TRUE(names.ok());
    EXPECT_THAT(*names, ::testing::ElementsAre("state.json", "state.json.bak"));
}

TEST(StateStoreOnDisk, CorruptFileIsLeftByteIdentical) {
    const test::TempDir dir;
    const std::string bytes = R"({"version": 1, "jails": {"web": )";
    const auto path = dir.write("home/state.json", bytes);
    sys::RealFileSystem fs;
    StateStore store(fs, options_in(dir));
    auto body = store.load();
    ASSERT_FALSE(body.ok());
    EXPECT_THAT(body.error().what, HasSubstr("is not valid JSON"));
    // A later save attempt must not be how a corrupt file disappears: load failed, so the
    // caller never saves; the file is exactly as it was.
    EXPECT_EQ(test::read_file(path), bytes);
}

TEST(StateStoreOnDisk, SecondStoreOnTheSameHomeIsRefusedWithOurPid) {
    const test::TempDir dir;
    sys::RealFileSystem fs;
    StateStore first(fs, options_in(dir));
    StateStore second(fs, options_in(dir));
    auto held = first.lock();
    ASSERT_TRUE(held.ok()) << held.error().what;
    auto refused = second.lock();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().what,
              "another jrun (pid " + std::to_string(::getpid()) + ") is working on '"
                  + (dir.path() / "home").string() + "'");
    EXPECT_THAT(refused.error().hint, HasSubstr("remove '" + second.lock_file().string() + "'"));
    held->release();
    EXPECT_TRUE(second.lock().ok());
}

TEST(StateStoreOnDisk, LockHeldByAnotherProcessIsRefusedWithItsPid) {
    const test::TempDir dir;
    std::array<int, 2> ready{};
    std::array<int, 2> release{};
    ASSERT_EQ(::pipe(ready.data()), 0);
    ASSERT_EQ(::pipe(release.data()), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(ready[0]);
        ::close(release[1]);
        sys::RealFileSystem theirs_fs;
        StateStore theirs(theirs_fs, options_in(dir));
        auto lock = theirs.lock();
        const char ok = lock.ok() ? 'y' : 'n';
        (void)::write(ready[1], &ok, 1);
        char byte = 0;
        (void)::read(release[0], &byte, 1);
        ::_exit(0);
    }
    ::close(ready[1]);
    ::close(release[0]);
    char ok = 0;
    const auto got = ::read(ready[0], &ok, 1);
    sys::RealFileSystem fs;
    StateStore ours(fs, options_in(dir));
    auto refused = ours.lock();
    ::close(release[1]);
    ::waitpid(child, nullptr, 0);
    ::close(ready[0]);
    ASSERT_EQ(got, 1);
    ASSERT_EQ(ok, 'y');
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().what, HasSubstr("(pid " + std::to_string(child) + ")"));
    EXPECT_TRUE(ours.lock().ok()) << "the lock dies with its process";
}

TEST(StateStoreOnDisk, LockHeldThroughFlockCommandIsRefused) {
    if (::access("/usr/bin/flock", X_OK) != 0) {
        GTEST_SKIP() << "flock(1) is not installed";
    }
    const test::TempDir dir;
    sys::RealFileSystem fs;
    StateStore store(fs, options_in(dir));
    ASSERT_TRUE(fs.create_directories(dir.path() / "home").ok());
    // Another locker that, like jrun, writes its pid into the lock file.
    const auto lock = store.lock_file().string();
    sys::RealProcessRunner runner;
    auto holder = runner.spawn(sys::Command({"/usr/bin/flock",
                                             "-n",
                                             lock,
                                             "/bin/sh",
                                             "-c",
                                             "echo $$ > \"$0\"; echo $$; exec cat",
                                             lock})
                                   .set_stdin_mode(sys::Input::pipe));
    ASSERT_TRUE(holder.ok());
    auto chunk = (*holder)->read_output(5s);
    ASSERT_TRUE(chunk.ok());
    ASSERT_FALSE(chunk->out.empty());
    const auto holder_pid = std::string(trim(chunk->out));
    auto refused = store.lock();
    (*holder)->close_stdin();
    ASSERT_TRUE((*holder)->wait().ok());
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().what, HasSubstr("another jrun (pid " + holder_pid + ")"));
    EXPECT_TRUE(store.lock().ok());
}

} // namespace
} // namespace jrun::state
