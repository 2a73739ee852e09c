// SPDX-License-Identifier: BSD-2-Clause
#include "cli/cli.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace jrun::cli {

namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
    int code;
    std::string out;
    std::string err;
};

Outcome run_with(std::vector<std::string> argv,
                 const std::map<std::string, std::string, std::less<>>& env) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = run(argv, env, out, err, false);
    return {code, out.str(), err.str()};
}

} // namespace

TEST(ConfigSettings, PrintsEverySettingWithItsSource) {
    const test::TempDir dir;
    const std::string home = dir.path().string() + "/jrun";
    dir.write("jrun/.env", "# local overrides\nJRUN_SSH_USER=ops\n");
    const auto result =
        run_with({"config", "settings"},
                 {{"HOME", dir.path().string()}, {"JRUN_HOME", home}, {"jrun_ssh_port", "2400"}});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_THAT(result.out, HasSubstr("env file: " + home + "/.env\n"));
    EXPECT_THAT(result.out, HasSubstr("environment (jrun_ssh_port)  2400\n"));
    EXPECT_THAT(result.out, HasSubstr("env file:2"));
    EXPECT_THAT(result.out, HasSubstr("JRUN_STATE_FILE"));
    EXPECT_THAT(result.out, HasSubstr(home + "/state.json"));
    EXPECT_THAT(result.out, HasSubstr("  ssh key   " + home + "/ssh/id_ed25519\n"));
    EXPECT_THAT(result.out, HasSubstr("download.freebsd.org"));
}

TEST(ConfigSettings, JsonNamesSourceVariableAndLine) {
    const test::TempDir dir;
    dir.write("e.env", "\nexport JRUN_QEMU_MEMORY=2G\n");
    const auto result = run_with({"config", "settings", "--json"},
                                 {{"HOME", dir.path().string()},
                                  {"JRUN_ENV_FILE", (dir.path() / "e.env").string()},
                                  {"JRUN_IMAGE", "/images/fbsd.raw"}});
    ASSERT_EQ(result.code, 0) << result.err;
    const auto doc = nlohmann::json::parse(result.out);
    EXPECT_EQ(doc["env_file"]["present"], true);
    EXPECT_EQ(doc["settings"]["JRUN_QEMU_MEMORY"]["value"], "2G");
    EXPECT_EQ(doc["settings"]["JRUN_QEMU_MEMORY"]["source"], "env_file");
    EXPECT_EQ(doc["settings"]["JRUN_QEMU_MEMORY"]["line"], 2);
    EXPECT_EQ(doc["settings"]["JRUN_SSH_PORT"]["source"], "default");
    EXPECT_EQ(doc["settings"]["JRUN_HOME"]["value"], dir.path().string() + "/.jrun");
    EXPECT_EQ(doc["derived"]["image"], "/images/fbsd.raw");
    EXPECT_TRUE(doc["derived"]["image_checksum"].is_null());
}

TEST(ConfigSettings, InvalidValueIsAConfigError) {
    const test::TempDir dir;
    const auto result = run_with({"config", "settings"},
                                 {{"HOME", dir.path().string()}, {"JRUN_QEMU_CPUS", "many"}});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err,
              "environment: error: invalid JRUN_QEMU_CPUS 'many': expected auto or a whole number "
              "1..256\n");
}

TEST(ConfigSettings, BadEnvFileLineIsShownWithACaret) {
    const test::TempDir dir;
    dir.write(".jrun/.env", "JRUN_SSH_PORT=2222\nJRUN_DEBUG=perhaps\n");
    const auto result = run_with({"config", "settings"}, {{"HOME", dir.path().string()}});
    EXPECT_EQ(result.code, 2);
    const std::string env_file = dir.path().string() + "/.jrun/.env";
    EXPECT_EQ(result.err,
              env_file
                  + ":2:12: error: invalid JRUN_DEBUG 'perhaps': expected a boolean "
                    "(true/false, yes/no, on/off, 1/0)\n    JRUN_DEBUG=perhaps\n"
                    "               ^\n");
}

TEST(ConfigSettings, UnknownVariableWarnsButSucceeds) {
    const test::TempDir dir;
    const auto result = run_with({"config", "settings"},
                                 {{"HOME", dir.path().string()}, {"JRUN_QEMU_MEMROY", "2G"}});
    EXPECT_EQ(result.code, 0);
    EXPECT_EQ(result.err,
              "environment: warning: unknown setting 'JRUN_QEMU_MEMROY' (did you mean "
              "'JRUN_QEMU_MEMORY'?)\n");
}

TEST(ConfigSettings, MissingNamedEnvFileIsAnError) {
    const test::TempDir dir;
    const auto result = run_with(
        {"config", "settings"},
        {{"HOME", dir.path().string()}, {"JRUN_ENV_FILE", (dir.path() / "nope.env").string()}});
    EXPECT_EQ(result.code, 2);
    EXPECT_THAT(result.err, HasSubstr("cannot read env file"));
    EXPECT_THAT(result.err, HasSubstr("no such file"));
}

TEST(ConfigSettings, MissingDefaultEnvFileIsFine) {
    const test::TempDir dir;
    const auto result = run_with({"config", "settings"}, {{"HOME", dir.path().string()}});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("(not present)"));
    EXPECT_THAT(result.out, Not(ContainsRegex("env file:[0-9]")));
}

TEST(ConfigSettings, UnknownOptionAndActionAreUsageErrors) {
    const test::TempDir dir;
    const std::map<std::string, std::string, std::less<>> env{{"HOME", dir.path().string()}};
    EXPECT_EQ(run_with({"config", "settings", "--yaml"}, env).code, 2);
    const auto typo = run_with({"config", "setings"}, env);
    EXPECT_EQ(typo.code, 2);
    EXPECT_THAT(typo.err, HasSubstr("did you mean 'jrun config settings'?"));
    EXPECT_EQ(run_with({"config"}, env).code, 2);
}

} // namespace jrun::cli
