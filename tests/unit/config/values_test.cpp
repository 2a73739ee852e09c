// SPDX-License-Identifier: BSD-2-Clause
#include "config/values.hpp"

#include <gtest/gtest.h>

namespace jrun::config {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

TEST(ParseDuration, ReadsUnitsLikeDockerAndThePythonImplementation) {
    EXPECT_EQ(parse_duration("30s"), milliseconds(30s));
    EXPECT_EQ(parse_duration("1min"), milliseconds(60s));
    EXPECT_EQ(parse_duration("5m"), milliseconds(300s)); // minutes, as in healthcheck strings
    EXPECT_EQ(parse_duration("500ms"), milliseconds(500));
    EXPECT_EQ(parse_duration("2h"), milliseconds(2h));
    EXPECT_EQ(parse_duration("1d"), milliseconds(24h));
    EXPECT_EQ(parse_duration("1.5s"), milliseconds(1500));
    EXPECT_EQ(parse_duration(" 45 "), milliseconds(45s));
    EXPECT_EQ(parse_duration("0"), milliseconds(0));
}

TEST(ParseDuration, RejectsMalformedNegativeAndHugeValues) {
    EXPECT_EQ(parse_duration(""), std::nullopt);
    EXPECT_EQ(parse_duration("abc"), std::nullopt);
    EXPECT_EQ(parse_duration("-5s"), std::nullopt);
    EXPECT_EQ(parse_duration("5 parsecs"), std::nullopt);
    EXPECT_EQ(parse_duration("1.2.3s"), std::nullopt);
    EXPECT_EQ(parse_duration("400d"), std::nullopt);
    EXPECT_EQ(parse_duration("1e999"), std::nullopt);
}

TEST(ParseBytes, ReadsBinaryUnitsInAnyCase) {
    constexpr std::uint64_t k_mib = 1024ULL * 1024ULL;
    EXPECT_EQ(parse_bytes("4096M"), 4096 * k_mib);
    EXPECT_EQ(parse_bytes("4G"), 4096 * k_mib);
    EXPECT_EQ(parse_bytes("4gb"), 4096 * k_mib);
    EXPECT_EQ(parse_bytes("4GiB"), 4096 * k_mib);
    EXPECT_EQ(parse_bytes("1.5g"), 1536 * k_mib);
    EXPECT_EQ(parse_bytes("2T"), 2ULL * 1024ULL * 1024ULL * k_mib);
    EXPECT_EQ(parse_bytes("512k"), 512ULL * 1024ULL);
    EXPECT_EQ(parse_bytes("100b"), 100U);
}

TEST(ParseBytes, RejectsBareNumbersUnknownUnitsAndOverflow) {
    EXPECT_EQ(parse_bytes("4096"), std::nullopt);
    EXPECT_EQ(parse_bytes("4X"), std::nullopt);
    EXPECT_EQ(parse_bytes("lots"), std::nullopt);
    EXPECT_EQ(parse_bytes("-1G"), std::nullopt);
    EXPECT_EQ(parse_bytes("99999999999T"), std::nullopt);
}

TEST(ParseInteger, AcceptsDigitsWithBlanksOnly) {
    EXPECT_EQ(parse_integer(" 8080 "), 8080);
    EXPECT_EQ(parse_integer("+5"), 5);
    EXPECT_EQ(parse_integer("-5"), -5);
    EXPECT_EQ(parse_integer("80a"), std::nullopt);
    EXPECT_EQ(parse_integer(""), std::nullopt);
    EXPECT_EQ(parse_integer("1.0"), std::nullopt);
}

TEST(IsHostnameLabel, FollowsRfc1123) {
    EXPECT_TRUE(is_hostname_label("web"));
    EXPECT_TRUE(is_hostname_label("fastapi-314"));
    EXPECT_TRUE(is_hostname_label("16"));
    EXPECT_TRUE(is_hostname_label(std::string(63, 'a')));
    EXPECT_FALSE(is_hostname_label(std::string(64, 'a')));
    EXPECT_FALSE(is_hostname_label(""));
    EXPECT_FALSE(is_hostname_label("-web"));
    EXPECT_FALSE(is_hostname_label("web-"));
    EXPECT_FALSE(is_hostname_label("my_web"));
    EXPECT_FALSE(is_hostname_label("web.local"));
    EXPECT_FALSE(is_hostname_label("we b"));
}

TEST(IsSafeLabel, AllowsIdentifiersThatMakeFileNames) {
    EXPECT_TRUE(is_safe_label("http"));
    EXPECT_TRUE(is_safe_label("my_app-2"));
    EXPECT_TRUE(is_safe_label("_x"));
    EXPECT_FALSE(is_safe_label("-x"));
    EXPECT_FALSE(is_safe_label("a/b"));
    EXPECT_FALSE(is_safe_label("a.b"));
    EXPECT_FALSE(is_safe_label("a b"));
    EXPECT_FALSE(is_safe_label("a\nb"));
    EXPECT_FALSE(is_safe_label(""));
    EXPECT_FALSE(is_safe_label(std::string(65, 'a')));
}

TEST(IsVariableName, AcceptsShellIdentifiers) {
    EXPECT_TRUE(is_variable_name("POSTGRES_DB"));
    EXPECT_TRUE(is_variable_name("_x1"));
    EXPECT_FALSE(is_variable_name("1X"));
    EXPECT_FALSE(is_variable_name("A-B"));
    EXPECT_FALSE(is_variable_name(""));
}

TEST(IsRelease, AcceptsReleaseCandidateAndBetaTags) {
    EXPECT_TRUE(is_release("15.0-RELEASE"));
    EXPECT_TRUE(is_release("14.3-RC1"));
    EXPECT_TRUE(is_release("15.0-BETA2"));
    EXPECT_TRUE(is_release("15.0-ALPHA1"));
    EXPECT_FALSE(is_release("15.0"));
    EXPECT_FALSE(is_release("15-RELEASE"));
    EXPECT_FALSE(is_release("15.0-release"));
    EXPECT_FALSE(is_release("15.0-RC"));
    EXPECT_FALSE(is_release("15.0-RELEASE-p1"));
    EXPECT_FALSE(is_release("../../etc"));
}

TEST(ParseIpv4, ReadsCanonicalDottedQuads) {
    const auto ip = parse_ipv4("10.17.89.20");
    ASSERT_TRUE(ip.has_value());
    EXPECT_EQ((*ip)[3], 20);
    EXPECT_EQ(parse_ipv4("10.17.89"), std::nullopt);
    EXPECT_EQ(parse_ipv4("10.17.89.256"), std::nullopt);
    EXPECT_EQ(parse_ipv4("10.17.89.020"), std::nullopt);
    EXPECT_EQ(parse_ipv4("10.17.89.2a"), std::nullopt);
    EXPECT_EQ(parse_ipv4("10.17.89.20/24"), std::nullopt);
    EXPECT_EQ(parse_ipv4("10..89.20"), std::nullopt);
}

TEST(Printable, EscapesControlCharactersAndShortens) {
    EXPECT_EQ(printable("a\nb\tc\x01"), "a\\nb\\tc\\x01");
    EXPECT_EQ(printable(std::string(70, 'x')), std::string(60, 'x') + "...");
    EXPECT_TRUE(has_control_char("a\rb"));
    EXPECT_FALSE(has_control_char("plain text"));
}

TEST(Printable, EscapesBytesOfTextThatIsNotUtf8AndCutsBetweenCharacters) {
    EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(printable("a\xff\xc3("), "a\\xff\\xc3(");
    EXPECT_EQ(printable(std::string(59, 'x') + "\xc3\xa9z"), std::string(59, 'x') + "...");
}

TEST(IsUtf8, AcceptsWellFormedTextOnly) {
    EXPECT_TRUE(is_utf8(""));
    EXPECT_TRUE(is_utf8("caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x9a\x80 \xe2\x80\xae"));
    EXPECT_TRUE(is_utf8(std::string("a\0b", 3)));
    EXPECT_FALSE(is_utf8("\xff\xfe"));
    EXPECT_FALSE(is_utf8("\xc3("));            // a lead byte without its continuation
    EXPECT_FALSE(is_utf8("\xc3"));             // cut short
    EXPECT_FALSE(is_utf8("\xc0\xaf"));         // overlong '/'
    EXPECT_FALSE(is_utf8("\xe0\x80\xaf"));     // overlong '/'
    EXPECT_FALSE(is_utf8("\xed\xa0\x80"));     // a UTF-16 surrogate
    EXPECT_FALSE(is_utf8("\xf4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(is_utf8("\x80"));             // a stray continuation byte
}

TEST(LooksLikeUrl, NeedsASchemeAndSlashes) {
    EXPECT_TRUE(looks_like_url("https://example.com/x"));
    EXPECT_TRUE(looks_like_url("hub://postgres/16"));
    EXPECT_FALSE(looks_like_url("playbooks/app.yml"));
    EXPECT_FALSE(looks_like_url("C:/x"));
    EXPECT_FALSE(looks_like_url("://x"));
}

TEST(UrlProblem, AcceptsHubAndGithubBlobUrls) {
    EXPECT_EQ(url_problem("hub://postgres/16"), std::nullopt);
    EXPECT_EQ(url_problem("hub://redis/rolling@v1.1.0"), std::nullopt);
    EXPECT_EQ(url_problem("hub://mariadb/11.8/"), std::nullopt);
    EXPECT_EQ(url_problem("https://github.com/hyphatech/jailrun-hub/blob/main/playbooks/"
                          "postgres/16/playbook.yml"),
              std::nullopt);
}

TEST(UrlProblem, ExplainsWhatIsWrong) {
    EXPECT_EQ(url_problem("hub://postgres"),
              "must look like hub://NAME/VERSION or hub://NAME/VERSION@REF");
    EXPECT_EQ(url_problem("hub://postgres/16@"),
              "must look like hub://NAME/VERSION or hub://NAME/VERSION@REF");
    EXPECT_EQ(url_problem("hub://../16"),
              "must look like hub://NAME/VERSION or hub://NAME/VERSION@REF");
    EXPECT_EQ(url_problem("http://github.com/o/r/blob/main/p.yml"), "must use https://");
    EXPECT_EQ(url_problem("https://github.com/o/r/tree/main/p.yml"),
              "must be a GitHub blob URL like "
              "https://github.com/OWNER/REPO/blob/REF/PATH/playbook.yml");
    EXPECT_EQ(url_problem("https://github.com/o/r/blob/main/../x.yml"),
              "must be a GitHub blob URL like "
              "https://github.com/OWNER/REPO/blob/REF/PATH/playbook.yml");
    EXPECT_EQ(url_problem("https://gitlab.com/o/r/blob/main/p.yml"),
              "must be hub://NAME/VERSION[@REF] or a GitHub blob URL "
              "(https://github.com/OWNER/REPO/blob/REF/PATH)");
    EXPECT_EQ(url_problem("https://github.com/o/r/blob/main/p.yml?raw=1"),
              "must not contain blanks, control characters, '?' or '#'");
}

TEST(NormalisePath, CollapsesDotsAndSlashes) {
    EXPECT_EQ(normalise_path("/srv//app/./x/"), "/srv/app/x");
    EXPECT_EQ(normalise_path("/proj/a/../b"), "/proj/b");
    EXPECT_EQ(normalise_path("/"), "/");
    EXPECT_EQ(normalise_path("//"), "/");
    EXPECT_EQ(normalise_path("/proj/./src"), "/proj/src");
    EXPECT_EQ(normalise_path("/proj/src/.."), "/proj");
    EXPECT_EQ(normalise_path("/proj/."), "/proj");
    EXPECT_EQ(normalise_path("/srv/app"), "/srv/app");
    EXPECT_EQ(normalise_path("/.hidden/x"), "/.hidden/x");
    EXPECT_EQ(normalise_path("/a..b/c"), "/a..b/c");
}

TEST(GuestPathProblem, RequiresAbsoluteSafePaths) {
    EXPECT_EQ(guest_path_problem("/srv/app"), std::nullopt);
    EXPECT_EQ(guest_path_problem("srv/app"), "must be an absolute path (starting with '/')");
    EXPECT_EQ(guest_path_problem("/srv/../etc"), "must not contain '..'");
    EXPECT_EQ(guest_path_problem("/srv/my app"),
              "must not contain blanks, control characters or backslashes");
    EXPECT_EQ(guest_path_problem("/srv/a\nb"),
              "must not contain blanks, control characters or backslashes");
    EXPECT_EQ(guest_path_problem("/srv/a#b"),
              "must not contain '#' (fstab(5) reads the rest of the line as a comment)");
    EXPECT_EQ(guest_path_problem("/" + std::string(255, 'x')), std::nullopt);
    EXPECT_EQ(guest_path_problem("/" + std::string(256, 'x')),
              "must not have a component longer than 255 bytes");
    std::string deep;
    while (deep.size() <= 900) {
        deep += "/" + std::string(99, 'd');
    }
    EXPECT_EQ(guest_path_problem(deep), "must be at most 900 bytes long, not 1000");
}

} // namespace jrun::config
