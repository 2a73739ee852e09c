// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_fetch.hpp"
#include "fakes/memory_file_system.hpp"
#include "hub/playbook_cache.hpp"
#include "util/hash.hpp"

#include <gtest/gtest.h>

namespace jrun::hub {
namespace {

constexpr const char* k_hub = "http://hub.test/root";
constexpr const char* k_dir = "http://hub.test/root/v1.0.0/playbooks/web/1/";
constexpr const char* k_cache = "/home/u/.jrun/playbooks";

class PlaybookCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_fs.add_directory(k_cache);
        serve("playbook.yml", "- hosts: localhost\n");
        serve("templates/site.conf.j2", "listen {{ PORT }};\n");
        publish_manifest(k_dir);
    }

    void serve(const std::string& path, const std::string& body) {
        m_fetch.files[std::string(k_dir) + path] = body;
        m_files[path] = body;
    }

    void publish_manifest(const std::string& dir) {
        std::string text;
        for (const auto& [path, body] : m_files) {
            text += sha256_hex(body) + "  " + path + "\n";
        }
        m_fetch.files[dir + "jrun.manifest"] = text;
    }

    Result<CachedPlaybook> obtain(const std::string& url) {
        m_notes.clear();
        return m_cache.obtain(url, [this](std::string_view note) { m_notes.emplace_back(note); });
    }

    test::FakeFetch m_fetch;
    test::MemoryFileSystem m_fs;
    PlaybookCache m_cache{m_fetch, m_fs, k_cache, k_hub};
    std::map<std::string, std::string> m_files;
    std::vector<std::string> m_notes;
};

TEST_F(PlaybookCacheTest, DownloadsVerifiesAndCachesEveryManifestFile) {
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_TRUE(got.ok()) << got.error().what << ": " << got.error().why;
    EXPECT_FALSE(got->from_cache);
    EXPECT_EQ(got->files, 2U);
    EXPECT_EQ(got->playbook, got->directory + "/playbook.yml");
    EXPECT_EQ(m_fs.contents(got->playbook), "- hosts: localhost\n");
    EXPECT_EQ(m_fs.contents(got->directory + "/templates/site.conf.j2"), "listen {{ PORT }};\n");
    EXPECT_TRUE(m_fs.contents(got->directory + "/jrun.manifest").has_value());
    EXPECT_EQ(m_fetch.requests.size(), 3U);
    EXPECT_EQ(m_notes.back(), "Playbook hub://web/1@v1.0.0 fetched and verified (2 files)");
}

TEST_F(PlaybookCacheTest, UsesAPinnedCachedPlaybookWithoutAnyRequest) {
    ASSERT_TRUE(obtain("hub://web/1@v1.0.0").ok());
    m_fetch.requests.clear();
    m_fetch.files.clear(); // offline
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_TRUE(got.ok()) << got.error().why;
    EXPECT_TRUE(got->from_cache);
    EXPECT_TRUE(m_fetch.requests.empty());
    EXPECT_TRUE(m_notes.front().starts_with("Using cached playbook at "));
}

TEST_F(PlaybookCacheTest, ChecksAnUnpinnedRefAgainstAFreshManifest) {
    const std::string dir = "http://hub.test/root/main/playbooks/web/1/";
    for (const auto& [path, body] : m_files) {
        m_fetch.files[dir + path] = body;
    }
    publish_manifest(dir);
    ASSERT_TRUE(obtain("hub://web/1").ok());
    m_fetch.requests.clear();
    const auto again = obtain("hub://web/1");
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->from_cache);
    EXPECT_EQ(m_fetch.requests, std::vector<std::string>{dir + "jrun.manifest"});
}

TEST_F(PlaybookCacheTest, RefetchesAPinnedCacheThatWasTamperedWith) {
    const auto first = obtain("hub://web/1@v1.0.0");
    ASSERT_TRUE(first.ok());
    m_fs.add_file(first->directory + "/templates/site.conf.j2", "evil");
    m_fetch.requests.clear();
    const auto again = obtain("hub://web/1@v1.0.0");
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->from_cache);
    EXPECT_EQ(m_fs.contents(first->directory + "/templates/site.conf.j2"), "listen {{ PORT }};\n");
}

TEST_F(PlaybookCacheTest, RefusesAFileWhoseChecksumDiffersAndWritesNothing) {
    m_fetch.files[std::string(k_dir) + "templates/site.conf.j2"] = "tampered";
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().kind, ErrorKind::protocol);
    EXPECT_EQ(got.error().what,
              "checksum mismatch for templates/site.conf.j2 of hub://web/1@v1.0.0");
    EXPECT_EQ(got.error().why,
              "expected " + sha256_hex("listen {{ PORT }};\n") + ", got " + sha256_hex("tampered"));
    EXPECT_EQ(m_fs.paths(),
              (std::vector<std::string>{"/", "/home", "/home/u", "/home/u/.jrun", k_cache}));
}

TEST_F(PlaybookCacheTest, RefusesAManifestThatDoesNotListThePlaybook) {
    m_files.erase("playbook.yml");
    publish_manifest(k_dir);
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().why, "the playbook 'playbook.yml' is not listed in jrun.manifest");
    EXPECT_EQ(got.error().what, std::string("bad manifest ") + k_dir + "jrun.manifest");
}

TEST_F(PlaybookCacheTest, NamesTheManifestLineThatIsMalformed) {
    m_fetch.files[std::string(k_dir) + "jrun.manifest"] = "\nxyz  playbook.yml\n";
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().what, std::string("bad manifest ") + k_dir + "jrun.manifest");
    EXPECT_EQ(got.error().why,
              "malformed jrun.manifest: line 2: expected '<64 hex digits>  <path>'");
}

TEST_F(PlaybookCacheTest, ReportsTheUrlAndStatusOfAFailedDownload) {
    m_fetch.files.erase(std::string(k_dir) + "playbook.yml");
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().what, std::string("cannot fetch ") + k_dir + "playbook.yml");
    EXPECT_EQ(got.error().why, std::string("GET ") + k_dir + "playbook.yml: HTTP 404");
}

TEST_F(PlaybookCacheTest, FailsOfflineForAnUncachedPlaybook) {
    m_fetch.files.clear();
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().what, "cannot fetch the manifest of hub://web/1@v1.0.0");
}

} // namespace
} // namespace jrun::hub
