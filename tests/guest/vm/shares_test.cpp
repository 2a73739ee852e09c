// SPDX-License-Identifier: BSD-2-Clause
// shares_script against the fake FreeBSD userland: 9p shares mounted at /mnt/jrun/<tag> with
// base-mount links, unmounted when no longer wanted, a busy share refused by name, and no real
// file or directory ever removed or replaced.
#include "render/files_vm.hpp"
#include "render/guest.hpp"
#include "render/script.hpp"
#include "vm/fake_bsd.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace jrun::render {
namespace {

namespace fs = std::filesystem;
using test::FakeBsd;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k_tag = "jrun_0123456789";

void expect_ok(const sys::Completed& result) {
    EXPECT_TRUE(result.success()) << result.out << result.err;
}

// Each test has a fake host offering share k_tag: a host directory holding `hello`.
class GuestShares : public ::testing::Test {
protected:
    void SetUp() override {
        fs::create_directories(host_dir());
        std::ofstream(host_dir() / "hello") << "hi\n";
        bsd.must({"fakebsd", "share", k_tag, host_dir().string()});
    }
    [[nodiscard]] fs::path host_dir() const { return bsd.dir() / "host-share"; }
    [[nodiscard]] std::string mounts() const { return bsd.must({"mount", "-t", "p9fs"}); }
    const FakeBsd bsd;
};

TEST_F(GuestShares, MountsASharedDirectoryAndLinksItsBaseTarget) {
    expect_ok(bsd.sh(shares_script({{k_tag, "/srv/data"}})));
    EXPECT_THAT(mounts(), HasSubstr(std::string(k_tag) + " on /mnt/jrun/" + k_tag + " (p9fs"));
    EXPECT_TRUE(fs::is_symlink(bsd.at("/srv/data")));
    EXPECT_EQ(fs::read_symlink(bsd.at("/srv/data")), bsd.at("/mnt/jrun/" + std::string(k_tag)));
    EXPECT_EQ(test::read_file(bsd.at("/srv/data/hello")), "hi\n");
    EXPECT_THAT(test::read_file(bsd.at("/etc/fstab")),
                HasSubstr("# BEGIN JRUN P9FS\njrun_0123456789\t/mnt/jrun/jrun_0123456789\tp9fs"));
}

TEST_F(GuestShares, SecondRunIssuesNoChangingCommand) {
    expect_ok(bsd.sh(shares_script({{k_tag, "/srv/data"}})));
    const auto before = bsd.digest();
    bsd.clear_log();
    const auto second = bsd.sh(shares_script({{k_tag, "/srv/data"}}));
    expect_ok(second);
    EXPECT_EQ(bsd.changes(), "");
    EXPECT_EQ(bsd.digest(), before);
    EXPECT_TRUE(parse_report(second.out).changed.empty());
}

TEST_F(GuestShares, UnmountsWhatIsNoLongerWanted) {
    const auto fstab = test::read_file(bsd.at("/etc/fstab"));
    expect_ok(bsd.sh(shares_script({{k_tag, "/srv/data"}})));
    const auto result = bsd.sh(shares_script({}));
    expect_ok(result);
    EXPECT_THAT(mounts(), Not(HasSubstr(k_tag)));
    EXPECT_FALSE(fs::exists(bsd.at("/mnt/jrun/" + std::string(k_tag))));
    EXPECT_FALSE(fs::exists(fs::symlink_status(bsd.at("/srv/data"))));
    EXPECT_TRUE(fs::is_directory(bsd.at("/srv")));
    EXPECT_EQ(test::read_file(host_dir() / "hello"), "hi\n");
    EXPECT_EQ(test::read_file(bsd.at("/etc/fstab")), fstab);
    bsd.clear_log();
    expect_ok(bsd.sh(shares_script({})));
    EXPECT_EQ(bsd.changes(), "");
}

TEST_F(GuestShares, MovesALinkToItsNewTarget) {
    expect_ok(bsd.sh(shares_script({{k_tag, "/srv/data"}})));
    expect_ok(bsd.sh(shares_script({{k_tag, "/srv/other"}})));
    EXPECT_FALSE(fs::exists(fs::symlink_status(bsd.at("/srv/data"))));
    EXPECT_EQ(test::read_file(bsd.at("/srv/other/hello")), "hi\n");
}

TEST_F(GuestShares, RefusesToUnmountABusyShareByName) {
    expect_ok(bsd.sh(shares_script({{k_tag, ""}})));
    fs::create_directories(host_dir() / "sub");
    fs::create_directories(bsd.at("/elsewhere"));
    bsd.must({"mount", "-t", "nullfs", "/mnt/jrun/" + std::string(k_tag) + "/sub", "/elsewhere"});
    const auto result = bsd.sh(shares_script({}));
    EXPECT_FALSE(result.success());
    EXPECT_THAT(result.err,
                HasSubstr("jrun: cannot unmount share jrun_0123456789 at "
                          "/mnt/jrun/jrun_0123456789: it is busy"));
    EXPECT_THAT(mounts(), HasSubstr(k_tag));
    EXPECT_EQ(test::read_file(host_dir() / "hello"), "hi\n");
}

TEST_F(GuestShares, NeverReplacesARealDirectory) {
    fs::create_directories(bsd.at("/srv/data"));
    std::ofstream(bsd.at("/srv/data/mine")) << "keep\n";
    const auto result = bsd.sh(shares_script({{k_tag, "/srv/data"}}));
    EXPECT_FALSE(result.success());
    EXPECT_THAT(result.err,
                HasSubstr("jrun: cannot link base mount /srv/data to share "
                          "jrun_0123456789: /srv/data exists"));
    EXPECT_EQ(test::read_file(bsd.at("/srv/data/mine")), "keep\n");
}

TEST_F(GuestShares, KeepsARealDirectoryThatReplacedAStaleLink) {
    expect_ok(bsd.sh(shares_script({{k_tag, "/srv/data"}})));
    fs::remove(bsd.at("/srv/data"));
    fs::create_directories(bsd.at("/srv/data"));
    std::ofstream(bsd.at("/srv/data/mine")) << "keep\n";
    expect_ok(bsd.sh(shares_script({})));
    EXPECT_EQ(test::read_file(bsd.at("/srv/data/mine")), "keep\n");
}

TEST_F(GuestShares, TakesHostileTargetsLiterally) {
    const std::string target = "/srv/it's $(touch pwned) `touch pwned2` *";
    expect_ok(bsd.sh(shares_script({{k_tag, target}})));
    EXPECT_EQ(test::read_file(bsd.at(target + "/hello")), "hi\n");
    EXPECT_FALSE(fs::exists(bsd.dir() / "pwned"));
    EXPECT_FALSE(fs::exists(fs::current_path() / "pwned"));
    EXPECT_FALSE(fs::exists(fs::current_path() / "pwned2"));
    expect_ok(bsd.sh(shares_script({})));
    EXPECT_FALSE(fs::exists(fs::symlink_status(bsd.at(target))));
}

TEST_F(GuestShares, ConvergesAfterAFailedMount) {
    bsd.must({"fakebsd", "fail", "mount", "match=mount -t p9fs jrun_*"});
    EXPECT_FALSE(bsd.sh(shares_script({{k_tag, "/srv/data"}})).success());
    expect_ok(bsd.sh(shares_script({{k_tag, "/srv/data"}})));
    EXPECT_EQ(test::read_file(bsd.at("/srv/data/hello")), "hi\n");
    bsd.clear_log();
    expect_ok(bsd.sh(shares_script({{k_tag, "/srv/data"}})));
    EXPECT_EQ(bsd.changes(), "");
}

} // namespace
} // namespace jrun::render
