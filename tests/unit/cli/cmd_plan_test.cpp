// SPDX-License-Identifier: BSD-2-Clause
// `jrun plan` end to end in-process: config on disk, state in a temp JRUN_HOME.
#include "cli/cli.hpp"
#include "cli/config_loader.hpp"
#include "cli/content_hashes.hpp"
#include "cli/state_io.hpp"
#include "plan/plan.hpp"
#include "state/recorded_json.hpp"
#include "support/support.hpp"
#include "sys/real_file_system.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace jrun::cli {

namespace {

using ::testing::HasSubstr;

struct Outcome {
    int code;
    std::string out;
    std::string err;
};

class PlanCommand : public ::testing::Test {
protected:
    test::TempDir dir;
    std::string home = dir.path().string() + "/jrun";

    PlanCommand() {
        dir.write("app/main.py", "print('hi')\n");
        dir.write("playbooks/app.yml", "- hosts: localhost\n  gather_facts: false\n  tasks: []\n");
        dir.write("stack.ucl", R"(
jail "db" { forward { pg { host = 16432; jail = 5432; } } }
jail "app" {
  depends ["db"]
  mount { src { host = "app"; jail = "/srv/app"; } }
  setup { app { type = "ansible"; file = "playbooks/app.yml"; } }
  exec { web { cmd = "python3 /srv/app/main.py"; } }
}
)");
    }

    Outcome run_jrun(std::vector<std::string> argv,
                     const std::map<std::string, std::string, std::less<>>& extra = {}) const {
        std::ostringstream out;
        std::ostringstream err;
        std::map<std::string, std::string, std::less<>> env{{"HOME", dir.path().string()},
                                                            {"JRUN_HOME", home}};
        env.insert(extra.begin(), extra.end());
        const int code = run(argv, env, out, err, false);
        return {code, out.str(), err.str()};
    }

    [[nodiscard]] std::string config() const { return (dir.path() / "stack.ucl").string(); }
};

} // namespace

TEST_F(PlanCommand, PlansEverythingWithoutStateOrVm) {
    const auto result = run_jrun({"plan", config()});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("(no state yet: all new)"));
    EXPECT_THAT(result.out, HasSubstr("wave 1\n  db  create  10.17.89.10\n"));
    EXPECT_THAT(result.out, HasSubstr("wave 2\n  app  create  10.17.89.11  (after db)\n"));
    EXPECT_THAT(result.out, HasSubstr("2 to create, 0 to update"));
    EXPECT_FALSE(std::filesystem::exists(home + "/state.json")) << "plan must change nothing";
}

TEST_F(PlanCommand, UpDryRunPrintsTheSamePlan) {
    const auto plan = run_jrun({"plan", config(), "--explain"});
    const auto up = run_jrun({"up", config(), "--dry-run", "--explain"});
    EXPECT_EQ(up.code, 0) << up.err;
    EXPECT_EQ(up.out, plan.out);
}

TEST_F(PlanCommand, UpThatCannotReachItsHostSaysWhereAndRecordsNothing) {
    // Port 1 on loopback refuses at once: ssh fails before anything runs.
    const auto up = run_jrun({"up", config()}, {{"JRUN_TARGET", "ssh://root@127.0.0.1:1"}});
    EXPECT_EQ(up.code, 1);
    EXPECT_THAT(up.err, HasSubstr("127.0.0.1"));
    EXPECT_FALSE(std::filesystem::exists(home + "/state.json"));
}

TEST_F(PlanCommand, JsonIsStableAndParsable) {
    const auto result = run_jrun({"plan", config(), "--json"});
    ASSERT_EQ(result.code, 0) << result.err;
    const auto json = nlohmann::json::parse(result.out);
    EXPECT_EQ(json["format_version"], 1);
    EXPECT_EQ(json["empty"], false);
    EXPECT_EQ(json["waves"][1][0]["name"], "app");
    EXPECT_EQ(json["waves"][1][0]["steps"][0]["kind"], "create_jail");
    EXPECT_EQ(json["ips"][0]["how"], "assigned");
}

TEST_F(PlanCommand, NamesUnknownJailsWithASuggestion) {
    const auto result = run_jrun({"plan", config(), "ap"});
    EXPECT_EQ(result.code, 2);
    EXPECT_THAT(result.err, HasSubstr("no jail 'ap' in '" + config() + "': did you mean 'app'?"));
}

TEST_F(PlanCommand, TargetsPullInTheirDependencies) {
    const auto result = run_jrun({"plan", config(), "app", "--json"});
    ASSERT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(nlohmann::json::parse(result.out)["ips"].size(), 2U);
}

TEST_F(PlanCommand, ReportsACorruptStateAndLeavesItIntact) {
    const std::string corrupt = "{\"version\": 1, \"jails\": {";
    dir.write("jrun/state.json", corrupt);
    const auto result = run_jrun({"plan", config()});
    EXPECT_EQ(result.code, 1);
    EXPECT_THAT(result.err, HasSubstr("jrun: error: "));
    EXPECT_THAT(result.err, HasSubstr("state.json"));
    EXPECT_EQ(test::read_file(home + "/state.json"), corrupt);
}

TEST_F(PlanCommand, ReportsAnOffSchemaStateWithTheFieldPath) {
    const std::string body = R"({"version": 1, "jails": {"db": {"ip": 5}}, "base": null,
        "base_setup_hashes": {}, "vm": {"forwards": [], "shares": []}, "peers": []})";
    dir.write("jrun/state.json", body);
    const auto result = run_jrun({"plan", config()});
    EXPECT_EQ(result.code, 1);
    EXPECT_THAT(result.err, HasSubstr("does not match its schema: jails.db: missing 'spec'"));
    EXPECT_EQ(test::read_file(home + "/state.json"), body);
}

// Given the state an `up` of the whole config would record, `plan` has nothing to do.
TEST_F(PlanCommand, AppliedStateReplansToNothing) {
    std::ostringstream out;
    std::ostringstream err;
    Context ctx{{}, {{"HOME", dir.path().string()}, {"JRUN_HOME", home}}, out, err, false};
    Settings settings;
    settings.state_file = home + "/state.json";
    settings.home = home;
    const ConfigEnvironment environment{
        read_host_facts(ctx.env), settings, {}, Severity::error, {}};
    const auto config = load_config(ctx, this->config(), environment);
    ASSERT_TRUE(config.has_value()) << err.str();
    sys::RealFileSystem fs;
    const auto hashes = hash_playbooks(fs, *config);
    const auto plan = plan::compute_plan(*config, {}, {}, hashes, {});
    auto store = open_state_store(fs, settings, dir.path().string());
    ASSERT_TRUE(store.save(state::to_json(plan::apply_plan({}, *config, plan, hashes))).ok());

    const auto result = run_jrun({"plan", this->config()});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("nothing to do: every jail is up to date"));

    // Editing the local playbook makes exactly that step run again.
    dir.write("playbooks/app.yml",
              "- hosts: localhost\n  gather_facts: false\n  tasks: [{debug: {msg: x}}]\n");
    const auto edited = run_jrun({"plan", this->config(), "--explain"});
    EXPECT_THAT(edited.out, HasSubstr("> run setup app: "));
    EXPECT_THAT(edited.out, HasSubstr("(playbook content changed)"));
    EXPECT_THAT(edited.out, HasSubstr("0 to create, 1 to update"));
}

TEST_F(PlanCommand, RecognisesAPythonImplementationStateFile) {
    const std::string body = R"({"version": 1, "base": null, "jails": {}, "launched_fwds": [],
        "launched_shares": [], "ssh_port": 2222, "peers": []})";
    dir.write("jrun/state.json", body);
    const auto result = run_jrun({"plan", config()});
    EXPECT_EQ(result.code, 1);
    EXPECT_THAT(result.err, HasSubstr("written by the Python implementation"));
    EXPECT_EQ(test::read_file(home + "/state.json"), body);
}

TEST_F(PlanCommand, ConfigErrorsExitTwo) {
    dir.write("bad.ucl", "jail \"x\" { forwards {} }\n");
    const auto result = run_jrun({"plan", (dir.path() / "bad.ucl").string()});
    EXPECT_EQ(result.code, 2);
    EXPECT_THAT(result.err, HasSubstr("unknown key 'forwards'"));
}

} // namespace jrun::cli
