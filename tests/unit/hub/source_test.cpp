// SPDX-License-Identifier: BSD-2-Clause
#include "hub/source.hpp"

#include <gtest/gtest.h>

namespace jrun::hub {
namespace {

constexpr const char* k_hub = "https://github.com/hyphatech/jailrun-hub";

TEST(HubSource, MapsHubUrlsToGithubRawAtMainByDefault) {
    const auto s = resolve_source("hub://postgres/16", k_hub);
    ASSERT_TRUE(s.ok()) << s.error().why;
    EXPECT_EQ(
        s->dir_url,
        "https://raw.githubusercontent.com/hyphatech/jailrun-hub/main/playbooks/postgres/16/");
    EXPECT_EQ(s->manifest_url(), s->dir_url + "jrun.manifest");
    EXPECT_EQ(s->entry, "playbook.yml");
    EXPECT_EQ(s->ref, "main");
    EXPECT_FALSE(s->pinned);
    EXPECT_EQ(s->origin, "hyphatech/jailrun-hub@main");
}

TEST(HubSource, TakesTheRefAfterTheLastAtAndTrimsSlashes) {
    const auto s = resolve_source("hub:///nginx/rolling/@v1.1.0", k_hub + std::string("/"));
    ASSERT_TRUE(s.ok()) << s.error().why;
    EXPECT_EQ(
        s->dir_url,
        "https://raw.githubusercontent.com/hyphatech/jailrun-hub/v1.1.0/playbooks/nginx/rolling/");
    EXPECT_TRUE(s->pinned);
}

TEST(HubSource, UsesAnyOtherHubUrlAsAPlainLayoutRoot) {
    auto s = resolve_source("hub://redis/rolling@v2", "http://127.0.0.1:8080/mirror/");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->dir_url, "http://127.0.0.1:8080/mirror/v2/playbooks/redis/rolling/");
    EXPECT_EQ(s->origin, "http://127.0.0.1:8080/mirror@v2");
    s = resolve_source("hub://redis/rolling", "file:///srv/hub");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->dir_url, "file:///srv/hub/main/playbooks/redis/rolling/");
}

TEST(HubSource, AcceptsAGithubRepoUrlEndingInDotGit) {
    const auto s = resolve_source("hub://a/1@v1", "https://github.com/me/my-hub.git");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->dir_url, "https://raw.githubusercontent.com/me/my-hub/v1/playbooks/a/1/");
}

TEST(HubSource, MapsGithubBlobUrlsToTheirDirectory) {
    const auto s = resolve_source(
        "https://github.com/me/plays/blob/0123456789abcdef0123456789abcdef01234567/web/site.yml",
        k_hub);
    ASSERT_TRUE(s.ok()) << s.error().why;
    EXPECT_EQ(s->dir_url,
              "https://raw.githubusercontent.com/me/plays/"
              "0123456789abcdef0123456789abcdef01234567/web/");
    EXPECT_EQ(s->entry, "site.yml");
    EXPECT_TRUE(s->pinned);
}

TEST(HubSource, RefusesMalformedUrls) {
    for (const char* url : {"hub://postgres",
                            "hub://a/b/c",
                            "hub://a/../b",
                            "hub://a/b@",
                            "hub://a/b@x/y",
                            "https://github.com/me/plays/tree/main/x.yml",
                            "https://github.com/me/plays/blob/main",
                            "https://example.com/x.yml",
                            "hub://a/$(id)"}) {
        const auto s = resolve_source(url, k_hub);
        ASSERT_FALSE(s.ok()) << url;
        EXPECT_EQ(s.error().kind, ErrorKind::config);
        EXPECT_NE(s.error().what.find(url), std::string::npos);
    }
}

TEST(HubSource, RefusesAHubUrlThatIsNotHttpOrFile) {
    const auto s = resolve_source("hub://a/1", "ftp://mirror/hub");
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().why.find("ftp://mirror/hub"), std::string::npos);
}

TEST(HubSource, PinsCommitsAndVersionTagsButNotBranches) {
    EXPECT_TRUE(is_pinned_ref("v1.0.0"));
    EXPECT_TRUE(is_pinned_ref("1.4"));
    EXPECT_TRUE(is_pinned_ref("V2-rc1"));
    EXPECT_TRUE(is_pinned_ref("0123456789abcdef0123456789abcdef01234567"));
    EXPECT_FALSE(is_pinned_ref("main"));
    EXPECT_FALSE(is_pinned_ref("master"));
    EXPECT_FALSE(is_pinned_ref("v"));
    EXPECT_FALSE(is_pinned_ref("feature-x"));
    EXPECT_FALSE(is_pinned_ref(""));
}

TEST(HubSource, NamesCacheDirectoriesByRepoRefAndUrlHash) {
    const auto a = resolve_source("hub://postgres/16@v1.0.0", k_hub);
    const auto b = resolve_source("hub://postgres/17@v1.0.0", k_hub);
    const auto c = resolve_source("hub://postgres/16@v1.0.0", "http://127.0.0.1:1/hub");
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_TRUE(a->cache_name.starts_with("jailrun-hub_v1.0.0_")) << a->cache_name;
    EXPECT_EQ(a->cache_name.size(), std::string("jailrun-hub_v1.0.0_").size() + 12);
    EXPECT_NE(a->cache_name, b->cache_name);
    EXPECT_TRUE(c->cache_name.starts_with("hub_v1.0.0_"));
    EXPECT_NE(a->cache_name.substr(a->cache_name.size() - 12),
              c->cache_name.substr(c->cache_name.size() - 12));
}

TEST(HubSource, SanitizesNamesForTheFileSystem) {
    EXPECT_EQ(sanitize_name("a/b c+d.e-f_g"), "a_b_c_d.e-f_g");
}

} // namespace
} // namespace jrun::hub
