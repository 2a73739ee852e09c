// SPDX-License-Identifier: BSD-2-Clause
#include "builders.hpp"
#include "plan/plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

namespace jrun::plan {

using namespace test; // NOLINT(google-build-using-namespace): test builders
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

namespace {

// The reference stack: a base jail, a database and an app cloned from the base.
model::Config stack() {
    auto python = jail("python");
    python.setup.push_back(setup_file("py", "/srv/playbooks/python.yml"));
    auto db = jail("db");
    db.forwards.push_back(forward("pg", 5432, 5432));
    auto app = jail("app");
    app.base = "python";
    app.depends = {"db"};
    app.forwards.push_back(forward("http", 8080, 8000));
    app.mounts.push_back(mount("src", "/home/u/app", "/srv/app"));
    app.execs.push_back(exec("web", "uvicorn app:app"));
    app.setup.push_back(setup_file("app", "/srv/playbooks/app.yml"));
    return config({python, db, app});
}

const ContentHashes k_hashes{{"/srv/playbooks/python.yml", "h-python"},
                             {"/srv/playbooks/app.yml", "h-app"}};

// Apply `config` from nothing, as a successful `up` would record it.
model::Recorded applied(const model::Config& config, const ContentHashes& hashes = k_hashes) {
    const auto plan = compute_plan(config, {}, {}, hashes, {});
    return apply_plan({}, config, plan, hashes);
}

// Re-planning after applying `plan` must do nothing.
void expect_idempotent(const model::Config& config,
                       const model::Recorded& recorded,
                       const Plan& plan,
                       const ContentHashes& hashes = k_hashes) {
    ASSERT_TRUE(plan.errors.empty()) << plan.errors.front();
    const auto after = apply_plan(recorded, config, plan, hashes);
    const auto again = compute_plan(config, after, {}, hashes, {});
    EXPECT_TRUE(again.empty()) << ::testing::PrintToString(step_lines(again));
}

} // namespace

TEST(Plan, CreatesEverythingFromEmptyStateInDependencyWaves) {
    const auto config = stack();
    const auto plan = compute_plan(config, {}, {}, k_hashes, {});
    ASSERT_EQ(plan.waves.size(), 2U);
    ASSERT_EQ(plan.waves[0].size(), 2U);
    EXPECT_EQ(plan.waves[0][0].name, "python");
    EXPECT_EQ(plan.waves[0][1].name, "db");
    EXPECT_EQ(plan.waves[1][0].name, "app");
    EXPECT_THAT(plan.waves[1][0].waits_for, ElementsAre("python", "db"));
    EXPECT_THAT(step_lines(plan),
                ElementsAre("vm_add_share /home/u/app",
                            "vm_add_forward tcp 127.0.0.1:5432 -> vm:5432",
                            "vm_add_forward tcp 127.0.0.1:8080 -> vm:8080",
                            "python: create_jail from release 15.0-RELEASE",
                            "python: run_setup py: /srv/playbooks/python.yml",
                            "db: create_jail from release 15.0-RELEASE",
                            "db: add_forward pg: tcp 5432 -> 5432",
                            "app: create_jail clone of jail 'python'",
                            "app: add_mount src: /home/u/app -> /srv/app",
                            "app: add_forward http: tcp 8080 -> 8000",
                            "app: run_setup app: /srv/playbooks/app.yml",
                            "app: add_exec web",
                            "update_pf_anchor 2 rdr rules",
                            "update_dns 3 records"));
    expect_idempotent(config, {}, plan);
}

TEST(Plan, AssignsAddressesDeterministically) {
    auto config = stack();
    config.jails[1].ip = "10.17.89.10"; // db takes the first automatic address statically
    const auto plan = compute_plan(config, {}, {}, k_hashes, {});
    ASSERT_EQ(plan.ips.size(), 3U);
    EXPECT_EQ(plan.ips[0].ip, "10.17.89.11"); // python
    EXPECT_EQ(plan.ips[1].how, "static");
    EXPECT_EQ(plan.ips[2].ip, "10.17.89.12"); // app
}

TEST(Plan, KeepsRecordedAddressesWhenJailsAreAdded) {
    auto config = stack();
    const auto recorded = applied(config);
    config.jails.insert(config.jails.begin(), jail("cache"));
    const auto plan = compute_plan(config, recorded, {}, k_hashes, {});
    EXPECT_EQ(plan.ips[0].jail, "cache");
    EXPECT_EQ(plan.ips[0].ip, "10.17.89.13");
    EXPECT_EQ(plan.ips[1].how, "kept");
    EXPECT_EQ(plan.ips[1].ip, "10.17.89.10");
}

TEST(Plan, MovesAJailWhoseAddressIsClaimedStatically) {
    auto config = stack();
    const auto recorded = applied(config); // python .10, db .11, app .12
    config.jails[2].ip = "10.17.89.10";    // app now claims python's address
    const auto plan = compute_plan(config, recorded, {}, k_hashes, {});
    EXPECT_EQ(plan.ips[0].ip, "10.17.89.13");
    EXPECT_THAT(step_lines(plan),
                ::testing::Contains("python: restart_jail 10.17.89.10 -> 10.17.89.13"));
    EXPECT_THAT(step_lines(plan),
                ::testing::Contains("app: restart_jail 10.17.89.12 -> 10.17.89.10"));
    expect_idempotent(config, recorded, plan);
}

TEST(Plan, SkipsAddressesSeenLive) {
    const auto config = stack();
    LiveSnapshot live;
    live.probed = true;
    live.ips_in_use = {"10.17.89.10"};
    const auto plan = compute_plan(config, {}, live, k_hashes, {});
    EXPECT_EQ(plan.ips[0].ip, "10.17.89.11");
}

TEST(Plan, ReportsExhaustedAddressPool) {
    std::vector<model::Jail> jails;
    jails.reserve(242);
    for (int i = 0; i < 242; ++i) {
        jails.push_back(jail("j" + std::to_string(i)));
    }
    const auto plan = compute_plan(config(jails), {}, {}, {}, {});
    ASSERT_EQ(plan.errors.size(), 1U);
    EXPECT_EQ(plan.errors[0], "no free address left in 10.17.89.10-250 for jail 'j241'");
}

// One change kind: how the config is edited, and the exact steps expected.
struct ChangeCase {
    const char* name;
    std::function<void(model::Config&)> edit;
    std::vector<std::string> steps;
    ContentHashes hashes = k_hashes;
};

class PlanChange : public ::testing::TestWithParam<ChangeCase> {};

TEST_P(PlanChange, ProducesExactStepsAndIsIdempotent) {
    const auto& param = GetParam();
    const auto recorded = applied(stack());
    auto config = stack();
    param.edit(config);
    const auto plan = compute_plan(config, recorded, {}, param.hashes, {});
    EXPECT_THAT(step_lines(plan), ElementsAreArray(param.steps));
    expect_idempotent(config, recorded, plan, param.hashes);
}

model::Jail& app(model::Config& c) {
    return c.jails[2];
}

INSTANTIATE_TEST_SUITE_P(
    Kinds,
    PlanChange,
    ::testing::Values(
        ChangeCase{"nothing", [](model::Config&) {}, {}},
        ChangeCase{
            "add_forward",
            [](model::Config& c) { app(c).forwards.push_back(forward("admin", 9000, 9000)); },
            {"vm_add_forward tcp 127.0.0.1:9000 -> vm:9000",
             "app: add_forward admin: tcp 9000 -> 9000",
             "update_pf_anchor 3 rdr rules"}},
        ChangeCase{"remove_forward",
                   [](model::Config& c) { app(c).forwards.clear(); },
                   {"app: remove_forward http: tcp 8080 -> 8000",
                    "vm_remove_forward tcp 127.0.0.1:8080 -> vm:8080",
                    "update_pf_anchor 1 rdr rules"}},
        ChangeCase{"change_forward_jail_port",
                   [](model::Config& c) { app(c).forwards[0].jail_port = 8001; },
                   {"app: remove_forward http: tcp 8080 -> 8000",
                    "app: add_forward http: tcp 8080 -> 8001",
                    "update_pf_anchor 2 rdr rules"}},
        ChangeCase{"add_mount",
                   [](model::Config& c) { app(c).mounts.push_back(mount("data", "/data", "/d")); },
                   {"vm_add_share /data", "app: add_mount data: /data -> /d"}},
        ChangeCase{
            "remove_mount",
            [](model::Config& c) { app(c).mounts.clear(); },
            {"app: remove_mount src: /home/u/app -> /srv/app", "vm_remove_share /home/u/app"}},
        ChangeCase{"change_mount_path",
                   [](model::Config& c) { app(c).mounts[0].jail = "/srv/code"; },
                   {"app: remove_mount src: /home/u/app -> /srv/app",
                    "app: add_mount src: /home/u/app -> /srv/code"}},
        ChangeCase{"add_exec",
                   [](model::Config& c) { app(c).execs.push_back(exec("worker", "celery")); },
                   {"app: add_exec worker"}},
        ChangeCase{"change_exec",
                   [](model::Config& c) { app(c).execs[0].cmd = "uvicorn app:app --reload"; },
                   {"app: write_exec web"}},
        ChangeCase{"remove_exec",
                   [](model::Config& c) { app(c).execs.clear(); },
                   {"app: remove_exec web"}},
        ChangeCase{"change_setup_vars",
                   [](model::Config& c) { app(c).setup[0].vars["DEBUG"] = true; },
                   {"app: run_setup app: /srv/playbooks/app.yml"}},
        ChangeCase{
            "change_playbook_content",
            [](model::Config&) {},
            {"app: run_setup app: /srv/playbooks/app.yml"},
            {{"/srv/playbooks/python.yml", "h-python"}, {"/srv/playbooks/app.yml", "h-new"}}},
        ChangeCase{"add_setup_step",
                   [](model::Config& c) { app(c).setup.push_back(setup_file("more", "/m.yml")); },
                   {"app: run_setup more: /m.yml"}},
        ChangeCase{"remove_setup_step", [](model::Config& c) { app(c).setup.clear(); }, {}},
        ChangeCase{"change_ip",
                   [](model::Config& c) { app(c).ip = "10.17.89.50"; },
                   {"app: restart_jail 10.17.89.12 -> 10.17.89.50",
                    "update_pf_anchor 2 rdr rules",
                    "update_dns 3 records"}},
        ChangeCase{"add_jail",
                   [](model::Config& c) { c.jails.push_back(jail("cache")); },
                   {"cache: create_jail from release 15.0-RELEASE", "update_dns 4 records"}},
        ChangeCase{"add_depends_only", [](model::Config& c) { c.jails[0].depends = {"db"}; }, {}}),
    [](const ::testing::TestParamInfo<ChangeCase>& p) { return p.param.name; });

TEST(Plan, ExplainsWhyASetupStepRunsAgain) {
    const auto recorded = applied(stack());
    auto config = stack();
    app(config).setup[0].vars["DEBUG"] = true;
    auto plan = compute_plan(config, recorded, {}, k_hashes, {});
    EXPECT_EQ(plan.waves[1][0].steps[0].reason, "definition changed");
    ContentHashes changed = k_hashes;
    changed["/srv/playbooks/app.yml"] = "h-other";
    plan = compute_plan(stack(), recorded, {}, changed, {});
    EXPECT_EQ(plan.waves[1][0].steps[0].reason, "playbook content changed");
}

TEST(Plan, RefusesReleaseChangeWithoutRecreate) {
    const auto recorded = applied(stack());
    auto config = stack();
    config.jails[1].release = "14.3-RELEASE";
    const auto plan = compute_plan(config, recorded, {}, k_hashes, {});
    ASSERT_EQ(plan.errors.size(), 1U);
    EXPECT_THAT(plan.errors[0],
                HasSubstr("jail 'db': release changes from 15.0-RELEASE to "
                          "14.3-RELEASE; recreating it destroys its data"));
    EXPECT_EQ(plan.waves[0][1].action, JailAction::blocked);
}

TEST(Plan, RecreatesOnReleaseChangeWithRecreate) {
    const auto recorded = applied(stack());
    auto config = stack();
    config.jails[1].release = "14.3-RELEASE";
    PlanOptions options;
    options.recreate = true;
    const auto plan = compute_plan(config, recorded, {}, k_hashes, options);
    EXPECT_EQ(plan.waves[0][1].action, JailAction::recreate);
    EXPECT_EQ(plan.waves[0][1].steps[0].kind, StepKind::recreate_jail);
    expect_idempotent(config, recorded, plan);
}

TEST(Plan, RefusesBaseChangeWithoutRecreate) {
    const auto recorded = applied(stack());
    auto config = stack();
    app(config).base.reset();
    const auto plan = compute_plan(config, recorded, {}, k_hashes, {});
    ASSERT_EQ(plan.errors.size(), 1U);
    EXPECT_THAT(plan.errors[0], HasSubstr("base changes from python to none"));
}

TEST(Plan, ReportsOrphansAndKeepsThem) {
    const auto recorded = applied(stack());
    auto config = stack();
    config.jails.pop_back(); // app removed from the config
    const auto plan = compute_plan(config, recorded, {}, k_hashes, {});
    EXPECT_THAT(plan.orphans, ElementsAre("app"));
    EXPECT_THAT(plan.warnings[0], HasSubstr("'app'"));
    EXPECT_TRUE(plan.empty());
}

TEST(Plan, PrunesOrphansWithPrune) {
    const auto recorded = applied(stack());
    auto config = stack();
    config.jails.pop_back();
    PlanOptions options;
    options.prune = true;
    const auto plan = compute_plan(config, recorded, {}, k_hashes, options);
    EXPECT_THAT(step_lines(plan),
                ElementsAre("app: destroy_jail app",
                            "vm_remove_forward tcp 127.0.0.1:8080 -> vm:8080",
                            "vm_remove_share /home/u/app",
                            "update_pf_anchor 1 rdr rules",
                            "update_dns 2 records"));
    const auto after = apply_plan(recorded, config, plan, k_hashes);
    EXPECT_EQ(after.jails.count("app"), 0U);
    EXPECT_TRUE(compute_plan(config, after, {}, k_hashes, options).empty());
}

TEST(Plan, DeploysTargetsWithTheirClosure) {
    PlanOptions options;
    options.targets = {"app"};
    const auto plan = compute_plan(stack(), {}, {}, k_hashes, options);
    ASSERT_EQ(plan.ips.size(), 3U);
    options.targets = {"db"};
    const auto only_db = compute_plan(stack(), {}, {}, k_hashes, options);
    ASSERT_EQ(only_db.waves.size(), 1U);
    EXPECT_EQ(only_db.waves[0].size(), 1U);
}

TEST(Plan, NamesMissingTargets) {
    PlanOptions options;
    options.targets = {"nope"};
    const auto plan = compute_plan(stack(), {}, {}, k_hashes, options);
    EXPECT_THAT(plan.errors, ElementsAre("no jail 'nope' in /srv/stack.ucl"));
}

TEST(Plan, NamesDependencyCycles) {
    auto config = stack();
    config.jails[1].depends = {"app"};
    const auto plan = compute_plan(config, {}, {}, k_hashes, {});
    EXPECT_THAT(plan.errors, ElementsAre("dependency cycle: db -> app -> db"));
}

TEST(Plan, RecreatesJailsWhoseDatasetVanished) {
    const auto recorded = applied(stack());
    LiveSnapshot live;
    live.probed = true;
    for (const auto& [name, jail] : recorded.jails) {
        if (name != "db") {
            live.datasets.insert(jail.private_name);
            live.running.insert(jail.private_name);
        }
    }
    const auto plan = compute_plan(stack(), recorded, live, k_hashes, {});
    EXPECT_EQ(plan.waves[0][1].action, JailAction::create);
    EXPECT_EQ(plan.waves[0][1].reason, "recorded, but its dataset is missing in the guest");
}

TEST(Plan, StartsStoppedJails) {
    const auto recorded = applied(stack());
    LiveSnapshot live;
    live.probed = true;
    for (const auto& [name, jail] : recorded.jails) {
        live.datasets.insert(jail.private_name);
    }
    const auto plan = compute_plan(stack(), recorded, live, k_hashes, {});
    EXPECT_EQ(plan.waves[0][0].steps[0].kind, StepKind::start_jail);
}

TEST(Plan, ProvisionRerunsEverySetupStep) {
    const auto recorded = applied(stack());
    PlanOptions options;
    options.provision = true;
    const auto plan = compute_plan(stack(), recorded, {}, k_hashes, options);
    EXPECT_THAT(step_lines(plan),
                ElementsAre("python: run_setup py: /srv/playbooks/python.yml",
                            "app: run_setup app: /srv/playbooks/app.yml"));
}

TEST(Plan, PlansBaseSetupAndWiring) {
    auto config = stack();
    config.base = model::Base{};
    config.base->setup.push_back(setup_file("desk", "/srv/playbooks/desk.yml"));
    config.base->forwards.push_back({"web", model::Proto::tcp, 8443, 443, {}});
    const auto recorded = applied(stack());
    const auto plan = compute_plan(config, recorded, {}, k_hashes, {});
    EXPECT_THAT(step_lines(plan),
                ElementsAre("vm_add_forward tcp 127.0.0.1:8443 -> vm:443",
                            "run_setup base/desk: /srv/playbooks/desk.yml"));
    expect_idempotent(config, recorded, plan);
}

TEST(DownPlan, RemovesDependentsFirst) {
    const auto recorded = applied(stack());
    const auto plan = compute_down_plan(recorded, {});
    ASSERT_EQ(plan.waves.size(), 2U);
    EXPECT_EQ(plan.waves[0][0].name, "app");
    EXPECT_EQ(plan.waves[1].size(), 2U);
    const auto after = apply_plan(recorded, config({}), plan, k_hashes);
    EXPECT_TRUE(after.jails.empty());
    EXPECT_TRUE(after.vm.forwards.empty());
    EXPECT_TRUE(after.vm.shares.empty());
}

TEST(DownPlan, PromotesClonesThatStayAndWarnsAboutDependents) {
    const auto recorded = applied(stack());
    const auto plan = compute_down_plan(recorded, {"python", "db"});
    EXPECT_THAT(step_lines(plan),
                ElementsAre("db: destroy_jail db",
                            "python: promote_clone app",
                            "python: destroy_jail python",
                            "vm_remove_forward tcp 127.0.0.1:5432 -> vm:5432",
                            "update_pf_anchor 1 rdr rules",
                            "update_dns 1 records"));
    EXPECT_THAT(
        plan.warnings,
        ElementsAre("jail 'app' depends on 'db', which is being removed; it is left running"));
}

TEST(DownPlan, SkipsUnknownNamesWithAWarning) {
    const auto plan = compute_down_plan(applied(stack()), {"ghost"});
    EXPECT_THAT(plan.warnings, ElementsAre("jail 'ghost' is not in state; skipped"));
    EXPECT_TRUE(plan.empty());
}

} // namespace jrun::plan
