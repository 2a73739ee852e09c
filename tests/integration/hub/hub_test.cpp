// SPDX-License-Identifier: BSD-2-Clause
// The hub against a real HTTP server on loopback (python3 -m http.server over a hub layout),
// through libcurl: download and verify, offline reuse of a pinned ref, tampering refused.

#include "hub/http_fetch.hpp"
#include "hub/playbook_cache.hpp"
#include "loopback.hpp"
#include "net/curl_http_client.hpp"
#include "support/support.hpp"
#include "sys/real_file_system.hpp"
#include "util/hash.hpp"

#include <gtest/gtest.h>

namespace jrun::hub {
namespace {

constexpr const char* k_playbook = "- hosts: localhost\n  gather_facts: false\n  tasks: []\n";
constexpr const char* k_template = "listen {{ PORT }};\n";

class HubIntegration : public ::testing::Test {
protected:
    void SetUp() override {
        m_python = test::require_program("/usr/bin/python3");
        for (const char* ref : {"v1.0.0", "main"}) {
            publish(ref, {{"playbook.yml", k_playbook}, {"templates/site.conf.j2", k_template}});
        }
        start_server();
    }

    // Write playbooks/web/1 at `ref` with `files` and a manifest listing them.
    void publish(const std::string& ref, const std::map<std::string, std::string>& files) {
        std::string manifest;
        for (const auto& [path, body] : files) {
            (void)m_root.write(dir(ref) + path, body);
            manifest += sha256_hex(body) + "  " + path + "\n";
        }
        (void)m_root.write(dir(ref) + "jrun.manifest", manifest);
    }

    static std::string dir(const std::string& ref) { return ref + "/playbooks/web/1/"; }

    void start_server() {
        const auto port = test::free_tcp_port();
        sys::Command command({m_python,
                              "-m",
                              "http.server",
                              std::to_string(port),
                              "--bind",
                              "127.0.0.1",
                              "--directory",
                              m_root.path().string()});
        command.set_stdout(sys::Output::discard()).set_stderr(sys::Output::discard());
        m_server = std::make_unique<test::ServerProcess>(std::move(command), port);
        ASSERT_TRUE(m_server->ready()) << "the HTTP server did not start";
        m_hub_url = "http://127.0.0.1:" + std::to_string(port);
    }

    Result<CachedPlaybook> obtain(const std::string& url) {
        net::CurlHttpClient client;
        HttpFetch fetch(client);
        sys::RealFileSystem fs;
        PlaybookCache cache(fetch, fs, (m_home.path() / "playbooks").string(), m_hub_url);
        return cache.obtain(url);
    }

    std::string m_python;
    test::TempDir m_root;
    test::TempDir m_home;
    std::unique_ptr<test::ServerProcess> m_server;
    std::string m_hub_url;
};

TEST_F(HubIntegration, DownloadsVerifiesAndThenRunsAPinnedRefOffline) {
    const auto first = obtain("hub://web/1@v1.0.0");
    ASSERT_TRUE(first.ok()) << first.error().what << ": " << first.error().why;
    EXPECT_FALSE(first->from_cache);
    EXPECT_EQ(test::read_file(first->playbook), k_playbook);
    EXPECT_EQ(test::read_file(first->directory + "/templates/site.conf.j2"), k_template);
    m_server->stop();
    ASSERT_FALSE(test::can_connect(m_server->port()));
    const auto second = obtain("hub://web/1@v1.0.0");
    ASSERT_TRUE(second.ok()) << second.error().what << ": " << second.error().why;
    EXPECT_TRUE(second->from_cache);
    EXPECT_EQ(second->playbook, first->playbook);
}

TEST_F(HubIntegration, AnUnpinnedRefNeedsTheServerAgain) {
    ASSERT_TRUE(obtain("hub://web/1").ok());
    m_server->stop();
    const auto again = obtain("hub://web/1");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().what, "cannot fetch the manifest of hub://web/1");
    EXPECT_NE(again.error().why.find(m_hub_url + "/main/playbooks/web/1/jrun.manifest"),
              std::string::npos)
        << again.error().why;
}

TEST_F(HubIntegration, RefusesATamperedFileAndCachesNothing) {
    (void)m_root.write(dir("v1.0.0") + "templates/site.conf.j2", "listen 0.0.0.0:22;\n");
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().what,
              "checksum mismatch for templates/site.conf.j2 of hub://web/1@v1.0.0");
    EXPECT_EQ(got.error().why,
              "expected " + sha256_hex(k_template) + ", got " + sha256_hex("listen 0.0.0.0:22;\n"));
    EXPECT_FALSE(std::filesystem::exists(m_home.path() / "playbooks"));
}

TEST_F(HubIntegration, RefusesAManifestWithoutThePlaybook) {
    (void)m_root.write(dir("v1.0.0") + "jrun.manifest",
                       sha256_hex(k_template) + "  templates/site.conf.j2\n");
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().why, "the playbook 'playbook.yml' is not listed in jrun.manifest");
}

TEST_F(HubIntegration, NamesTheUrlAndStatusOfAMissingFile) {
    std::filesystem::remove(m_root.path() / dir("v1.0.0") / "templates/site.conf.j2");
    const auto got = obtain("hub://web/1@v1.0.0");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().what,
              "cannot fetch " + m_hub_url + "/v1.0.0/playbooks/web/1/templates/site.conf.j2");
    EXPECT_NE(got.error().why.find("404"), std::string::npos) << got.error().why;
}

} // namespace
} // namespace jrun::hub
