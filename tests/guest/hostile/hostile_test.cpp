// SPDX-License-Identifier: BSD-2-Clause
// The hostile-string suite, config side: every payload of tests/support/hostile_strings.hpp in
// every field of a jail, through the UCL parser and config::check. A field takes the payload
// byte for byte or rejects it with an error that names the rule; free-text fields (cmd, env
// values, healthcheck tests, vars) take every payload that is text.
#include "hostile_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>

namespace jrun::test::hostile {
namespace {

using ::testing::HasSubstr;

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out.empty() ? "-" : out;
}

TEST(HostileConfig, TheDefaultJailIsAccepted) {
    const Workspace workspace;
    const auto checked = workspace.check(JailFields{});
    ASSERT_TRUE(checked.config.has_value()) << checked.all << workspace.config_text({});
    EXPECT_EQ(checked.all, "");
    ASSERT_EQ(checked.config->jails.size(), 1U);
    for (const auto& field : fields()) {
        if (!field.holds_nul) {
            EXPECT_NE(field.get(checked.config->jails[0]), "<none>") << field.name;
        }
    }
}

TEST(HostileConfig, TheSuiteHasEnoughPayloads) {
    EXPECT_GE(payloads().size(), 50U);
    EXPECT_GE(fields().size(), 19U);
}

class HostileConfigField : public ::testing::TestWithParam<std::size_t> {};

TEST_P(HostileConfigField, ArrivesIntactOrIsRejectedNamingTheRule) {
    const std::string& payload = payloads().at(GetParam());
    const Workspace workspace;
    std::vector<std::string> accepted;
    std::vector<std::string> rejected;
    for (const auto& field : fields()) {
        SCOPED_TRACE("field " + field.name);
        JailFields values;
        const std::string expected = field.set(values, workspace, GetParam(), payload);
        const auto checked = workspace.check(values);
        if (checked.config) {
            accepted.push_back(field.name);
            ASSERT_EQ(checked.config->jails.size(), 1U);
            EXPECT_EQ(field.get(checked.config->jails[0]), expected);
            EXPECT_TRUE(field.holds_nul ? is_utf8(payload) : is_text(payload))
                << "only text may be accepted";
            continue;
        }
        rejected.push_back(field.name);
        EXPECT_TRUE(!field.must_accept(payload)) << "free text refused:\n" << checked.all;
        ASSERT_FALSE(checked.errors.empty()) << "rejected without an error";
        for (const auto& error : checked.errors) {
            EXPECT_GE(error.size(), 20U) << "unclear error: " << error;
        }
        EXPECT_THAT(checked.all, HasSubstr(field.rule));
    }
    ::testing::Test::RecordProperty("accepted", join(accepted));
    ::testing::Test::RecordProperty("rejected", join(rejected));
    std::cout << "payload " << GetParam() << ": accepted by " << join(accepted) << "; rejected by "
              << join(rejected) << "\n";
}

INSTANTIATE_TEST_SUITE_P(Payloads,
                         HostileConfigField,
                         ::testing::Range<std::size_t>(0, payloads().size()),
                         payload_name);

} // namespace
} // namespace jrun::test::hostile
