// SPDX-License-Identifier: BSD-2-Clause
#include "hub/manifest.hpp"

#include <gtest/gtest.h>

namespace jrun::hub {
namespace {

const std::string k_a(64, 'a');
const std::string k_b(64, 'b');

TEST(Manifest, ParsesSha256sumLinesAndSkipsBlankLines) {
    const auto m =
        parse_manifest(k_a + "  playbook.yml\n\n" + k_b + " *templates/nginx.conf.j2\r\n");
    ASSERT_TRUE(m.ok()) << m.error().why;
    ASSERT_EQ(m->entries.size(), 2U);
    EXPECT_EQ(m->entries[0], (ManifestEntry{k_a, "playbook.yml"}));
    EXPECT_EQ(m->entries[1], (ManifestEntry{k_b, "templates/nginx.conf.j2"}));
    EXPECT_NE(m->find("templates/nginx.conf.j2"), nullptr);
    EXPECT_EQ(m->find("README.md"), nullptr);
}

TEST(Manifest, LowercasesUpperCaseChecksums) {
    const auto m = parse_manifest(std::string(64, 'A') + "  playbook.yml\n");
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->entries[0].sha256, k_a);
}

TEST(Manifest, NamesTheLineOfAMalformedEntry) {
    const auto m = parse_manifest(k_a + "  playbook.yml\n\nnot a checksum  README.md\n");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().kind, ErrorKind::protocol);
    EXPECT_EQ(m.error().what, "malformed jrun.manifest");
    EXPECT_EQ(m.error().why, "line 3: expected '<64 hex digits>  <path>'");
}

TEST(Manifest, RefusesAChecksumWithoutAPath) {
    const auto m = parse_manifest(k_a + "   \n");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().why, "line 1: expected blanks and a path after the checksum");
}

TEST(Manifest, RefusesPathsThatEscapeTheDirectory) {
    for (const std::string path :
         {"../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "./x", "a b", "x;rm", "t/$(id)"}) {
        const auto m = parse_manifest(k_a + "  " + path + "\n");
        ASSERT_FALSE(m.ok()) << path;
        EXPECT_NE(m.error().why.find("unsafe path"), std::string::npos) << m.error().why;
    }
}

TEST(Manifest, RefusesDuplicatesAndItself) {
    auto m = parse_manifest(k_a + "  x.yml\n" + k_b + "  x.yml\n");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().why, "line 2: 'x.yml' is listed twice");
    m = parse_manifest(k_a + "  jrun.manifest\n");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().why, "line 1: the manifest lists itself");
}

TEST(Manifest, AcceptsAnEmptyManifest) {
    const auto m = parse_manifest("\n\n");
    ASSERT_TRUE(m.ok());
    EXPECT_TRUE(m->entries.empty());
}

} // namespace
} // namespace jrun::hub
