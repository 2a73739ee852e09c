// SPDX-License-Identifier: BSD-2-Clause
#include "state/schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::state {
namespace {

using json = nlohmann::ordered_json;
using ::testing::HasSubstr;

TEST(OpenEnvelope, SplitsVersionAndWriterFromTheBody) {
    auto envelope =
        open_envelope(json{{"version", 1}, {"writer", "jrun 0.1.0"}, {"jails", json::object()}});
    ASSERT_TRUE(envelope.ok());
    EXPECT_EQ(envelope->version, 1);
    EXPECT_EQ(envelope->writer, "jrun 0.1.0");
    EXPECT_EQ(envelope->body, (json{{"jails", json::object()}}));
}

TEST(OpenEnvelope, AcceptsAFileWithoutWriter) {
    // Given a state file of the Python implementation (version 1, no writer).
    auto envelope = open_envelope(json{{"version", 1}, {"ssh_port", 2222}});
    ASSERT_TRUE(envelope.ok());
    EXPECT_EQ(envelope->writer, "");
    EXPECT_EQ(envelope->body, (json{{"ssh_port", 2222}}));
}

TEST(OpenEnvelope, RejectsNonObjectsAndBadVersions) {
    for (const auto& document : {json::array(),
                                 json("text"),
                                 json::object(),
                                 json{{"version", "1"}},
                                 json{{"version", 0}},
                                 json{{"version", -3}},
                                 json{{"version", 1.5}}}) {
        auto envelope = open_envelope(document);
        ASSERT_FALSE(envelope.ok()) << document.dump();
        EXPECT_EQ(envelope.error().kind, ErrorKind::io);
        EXPECT_FALSE(envelope.error().why.empty());
    }
}

TEST(Migrate, ReturnsTheBodyOfTheCurrentVersionUnchanged) {
    auto body = migrate(Envelope{k_state_version, "jrun", json{{"a", 1}}}, current_schema());
    ASSERT_TRUE(body.ok());
    EXPECT_EQ(*body, (json{{"a", 1}}));
}

TEST(Migrate, RefusesANewerVersionNamingItsWriter) {
    auto body = migrate(Envelope{3, "jrun 9.0.0", json::object()}, Schema{2, {}});
    ASSERT_FALSE(body.ok());
    EXPECT_THAT(body.error().why, HasSubstr("version 3"));
    EXPECT_THAT(body.error().why, HasSubstr("jrun 9.0.0"));
    EXPECT_THAT(body.error().why, HasSubstr("up to 2"));
    EXPECT_THAT(body.error().hint, HasSubstr("upgrade jrun"));
}

TEST(Migrate, AppliesMigrationsInOrder) {
    Schema schema{3,
                  {Migration{2,
                             [](json body) -> Result<json> {
                                 body["steps"].push_back("2->3");
                                 return body;
                             }},
                   Migration{1, [](json body) -> Result<json> {
                                 body["steps"].push_back("1->2");
                                 return body;
                             }}}};
    auto body = migrate(Envelope{1, "", json{{"steps", json::array()}}}, schema);
    ASSERT_TRUE(body.ok());
    EXPECT_EQ((*body)["steps"], (json{"1->2", "2->3"}));
}

TEST(Migrate, FailsWhenAMigrationIsMissing) {
    auto body = migrate(Envelope{1, "", json::object()},
                        Schema{3, {Migration{1, [](json b) {
                                                 return Result<json>(std::move(b));
                                             }}}});
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.error().why, "no migration from version 2 to 3");
}

TEST(Migrate, ReportsAFailingMigration) {
    Schema schema{2, {Migration{1, [](const json& /*body*/) -> Result<json> {
                                    return Error{ErrorKind::io, {}, "jail 'x' has no name", {}};
                                }}}};
    auto body = migrate(Envelope{1, "", json::object()}, schema);
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.error().why, "upgrading it from version 1 failed: jail 'x' has no name");
}

} // namespace
} // namespace jrun::state
