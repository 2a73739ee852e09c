// SPDX-License-Identifier: BSD-2-Clause
#include "apply/executor.hpp"
#include "fakes/fake_clock.hpp"
#include "fakes/fake_remote.hpp"
#include "util/strings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

namespace jrun::apply {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

model::Jail jail(std::string name) {
    model::Jail j;
    j.name = std::move(name);
    j.release = "15.0-RELEASE";
    return j;
}

model::SetupStep setup(std::string label) {
    model::SetupStep s;
    s.label = std::move(label);
    s.file = "/srv/" + s.label + ".yml";
    return s;
}

model::Exec exec(std::string label, bool health) {
    model::Exec e;
    e.label = std::move(label);
    e.cmd = "run " + e.label;
    if (health) {
        e.healthcheck = model::Healthcheck{};
        e.healthcheck->test = "check " + e.label;
    }
    return e;
}

class RecordingWiring final : public VmWiring {
public:
    std::vector<std::string> calls;
    [[nodiscard]] Status add_forward(const model::VmForward& f) override {
        calls.push_back("add_forward " + std::to_string(f.host_port));
        return {};
    }
    [[nodiscard]] Status remove_forward(const model::VmForward& f) override {
        calls.push_back("remove_forward " + std::to_string(f.host_port));
        return {};
    }
    [[nodiscard]] Status add_share(const model::VmShare& s) override {
        calls.push_back("add_share " + s.host);
        return {};
    }
    [[nodiscard]] Status remove_share(const model::VmShare& s) override {
        calls.push_back("remove_share " + s.host);
        return {};
    }
};

class RecordingSetup final : public SetupRunner {
public:
    std::string fail_label;
    std::vector<std::string> runs;
    [[nodiscard]] Status run(const render::JailWork& work,
                             const model::SetupStep& step,
                             const std::function<void(std::string_view)>& progress) override {
        const std::lock_guard lock(m_mutex);
        runs.push_back(work.name + ":" + step.label);
        progress("TASK [x]");
        if (step.label == fail_label) {
            return Error{ErrorKind::remote, "task failed", "on purpose", ""};
        }
        return {};
    }

private:
    std::mutex m_mutex;
};

class RecordingReporter final : public Reporter {
public:
    void progress(std::string_view jail, std::string_view text) override {
        const std::lock_guard lock(m_mutex);
        lines.push_back(std::string(jail) + " | " + std::string(text));
    }
    void finished(std::string_view jail, const Error* error) override {
        const std::lock_guard lock(m_mutex);
        lines.push_back(std::string(jail) + (error == nullptr ? " | done" : " | failed"));
    }
    std::vector<std::string> lines;

private:
    std::mutex m_mutex;
};

class RecordingSink final : public StateSink {
public:
    [[nodiscard]] Status save(const model::Recorded& recorded) override {
        saves.push_back(recorded);
        return {};
    }
    std::vector<model::Recorded> saves;
};

// Return the "# jrun: TITLE" line of each script.
std::vector<std::string> titles(const std::vector<std::string>& scripts) {
    std::vector<std::string> out;
    for (const auto& script : scripts) {
        const auto lines = split(script, '\n');
        out.push_back(lines.size() > 1 && starts_with(lines[1], "# jrun: ") ? lines[1].substr(8)
                                                                            : "?");
    }
    return out;
}

struct Harness {
    test::FakeRemote remote;
    RecordingWiring vm;
    RecordingSetup setup;
    RecordingReporter reporter;
    RecordingSink sink;
    test::FakeClock clock;
    Ports ports{remote, vm, setup, reporter, sink, clock};
    Options options;

    Result<Outcome> up(const model::Config& config, const model::Recorded& recorded = {}) {
        const auto plan = plan::compute_plan(config, recorded, {}, {}, {});
        return execute_up(plan, config, recorded, {}, ports, options);
    }
};

model::Config stack() {
    model::Config config;
    auto db = jail("db");
    db.forwards.push_back({"pg", model::Proto::tcp, 6432, 5432, {}});
    db.execs.push_back(exec("postgres", true));
    auto app = jail("app");
    app.depends = {"db"};
    app.setup = {setup("one"), setup("two")};
    app.execs.push_back(exec("web", false));
    config.jails = {db, app};
    return config;
}

std::string passing_health(std::string_view exec_label) {
    const std::string name(exec_label);
    return "@jrun data exec " + name + " check\n| Process '" + name
           + "'\n|   status  OK\n| Program '" + name
           + ".health'\n|   status  Status ok\n|   last exit value  0\n";
}

TEST(ExecuteUp, DeploysEveryJailAndRecordsWhatTheNextPlanFindsUpToDate) {
    Harness h;
    h.remote.on_script("# jrun: health of jail db",
                       test::remote_exit(0, passing_health("postgres")));
    const auto config = stack();
    auto outcome = h.up(config);
    ASSERT_TRUE(outcome.ok()) << outcome.error().what;
    EXPECT_TRUE(outcome->failures.empty());
    const auto again = plan::compute_plan(config, outcome->recorded, {}, {}, {});
    EXPECT_TRUE(again.empty());
    EXPECT_EQ(h.sink.saves.back(), outcome->recorded);
    EXPECT_THAT(h.setup.runs, ElementsAre("app:one", "app:two"));
    EXPECT_THAT(h.vm.calls, ElementsAre("add_forward 6432"));
}

// A share QEMU cannot add live restarts the VM with the recorded wiring: it is asked for
// before the forwards, so that no forward added live is lost to the restart.
TEST(ExecuteUp, AsksForSharesBeforeForwards) {
    Harness h;
    h.remote.on_script("# jrun: health of jail db",
                       test::remote_exit(0, passing_health("postgres")));
    auto config = stack();
    config.jails[0].mounts.push_back({"data", "/srv/data", "/var/db/data", false, {}});
    auto outcome = h.up(config);
    ASSERT_TRUE(outcome.ok()) << outcome.error().what;
    EXPECT_THAT(h.vm.calls, ElementsAre("add_share /srv/data", "add_forward 6432"));
}

TEST(ExecuteUp, StartsADependentOnlyAfterItsDependencyIsHealthy) {
    Harness h;
    h.remote.on_script("# jrun: health of jail db",
                       {test::remote_exit(0, "@jrun data exec postgres check\n"),
                        test::remote_exit(0, passing_health("postgres"))});
    auto outcome = h.up(stack());
    ASSERT_TRUE(outcome.ok());
    const auto order = titles(h.remote.scripts());
    const auto first_app = std::find(order.begin(), order.end(), "prepare jail app");
    const auto last_health = std::find(order.rbegin(), order.rend(), "health of jail db");
    ASSERT_NE(first_app, order.end());
    ASSERT_NE(last_health, order.rend());
    EXPECT_GT(first_app - order.begin(), order.rend() - last_health - 1);
    EXPECT_EQ(std::count(order.begin(), order.end(), "health of jail db"), 2);
    EXPECT_EQ(h.clock.sleeps.size(), 1U);
}

TEST(ExecuteUp, NamesTheHealthCheckThatNeverPassesAndSkipsDependents) {
    Harness h;
    h.remote.on_script("# jrun: health of jail db",
                       test::remote_exit(0, "@jrun data exec postgres check\n"));
    auto outcome = h.up(stack());
    ASSERT_TRUE(outcome.ok());
    ASSERT_EQ(outcome->failures.size(), 1U);
    EXPECT_EQ(outcome->failures[0].error.kind, ErrorKind::timeout);
    EXPECT_THAT(outcome->failures[0].error.what, HasSubstr("'postgres'"));
    EXPECT_THAT(outcome->failures[0].error.why, HasSubstr("check postgres"));
    EXPECT_THAT(outcome->skipped, ElementsAre("app"));
    EXPECT_TRUE(h.setup.runs.empty());
}

TEST(ExecuteUp, AFailedSetupStepLeavesAStateFromWhichOnlyTheRestRunsAgain) {
    Harness h;
    h.remote.on_script("# jrun: health of jail db",
                       test::remote_exit(0, passing_health("postgres")));
    h.setup.fail_label = "two";
    const auto config = stack();
    auto outcome = h.up(config);
    ASSERT_TRUE(outcome.ok());
    ASSERT_EQ(outcome->failures.size(), 1U);
    EXPECT_EQ(outcome->failures[0].jail, "app");
    const auto again = plan::compute_plan(config, outcome->recorded, {}, {}, {});
    std::vector<std::string> steps;
    for (const auto& wave : again.waves) {
        for (const auto& j : wave) {
            for (const auto& step : j.steps) {
                steps.push_back(j.name + " " + plan::to_string(step.kind) + " " + step.subject);
            }
        }
    }
    EXPECT_THAT(steps, ElementsAre("app run_setup two: /srv/two.yml", "app add_exec web"));
}

TEST(ExecuteUp, AFailingScriptNamesItsStepAndSparesIndependentJails) {
    Harness h;
    h.remote.on_script(
        "# jrun: prepare jail a",
        test::remote_exit(1,
                          "@jrun step create create the datasets\n@jrun failed create 1\n",
                          "cannot create 'zroot/jailrun/jails/x': pool I/O is suspended"));
    model::Config config;
    config.jails = {jail("a"), jail("b")};
    auto outcome = h.up(config);
    ASSERT_TRUE(outcome.ok());
    ASSERT_EQ(outcome->failures.size(), 1U);
    EXPECT_THAT(outcome->failures[0].error.what, HasSubstr("jail 'a': create the datasets"));
    EXPECT_THAT(outcome->failures[0].error.why, HasSubstr("pool I/O is suspended"));
    EXPECT_FALSE(outcome->recorded.jails.contains("a"));
    EXPECT_TRUE(outcome->recorded.jails.contains("b"));
}

TEST(ExecuteUp, AnInterruptStopsTheRun) {
    Harness h;
    h.remote.on_script(
        "# jrun: prepare jail a",
        Result<ssh::RemoteResult>(Error{ErrorKind::interrupted, "interrupted", "", ""}));
    model::Config config;
    config.jails = {jail("a"), jail("b")};
    auto outcome = h.up(config);
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().kind, ErrorKind::interrupted);
}

TEST(ExecuteDown, DestroysDependentsFirstAndLeavesNothingRecorded) {
    Harness h;
    h.remote.on_script("# jrun: health of jail db",
                       test::remote_exit(0, passing_health("postgres")));
    auto up = h.up(stack());
    ASSERT_TRUE(up.ok());
    Harness d;
    const auto plan = plan::compute_down_plan(up->recorded, {});
    auto down = execute_down(plan, up->recorded, d.ports, d.options);
    ASSERT_TRUE(down.ok());
    EXPECT_TRUE(down->recorded.jails.empty());
    EXPECT_TRUE(down->recorded.vm.forwards.empty());
    const auto order = titles(d.remote.scripts());
    ASSERT_GE(order.size(), 2U);
    EXPECT_EQ(order[0], "destroy jail app");
    EXPECT_EQ(order[1], "destroy jail db");
    EXPECT_THAT(d.vm.calls, ElementsAre("remove_forward 6432"));
}

TEST(HealthLimit, CoversTheSlowestCheckWithSlack) {
    auto j = jail("x");
    j.execs.push_back(exec("a", true));
    j.execs[0].healthcheck->start_period = std::chrono::seconds(30);
    j.execs[0].healthcheck->interval = std::chrono::seconds(10);
    j.execs[0].healthcheck->retries = 5;
    j.execs[0].healthcheck->timeout = std::chrono::seconds(5);
    EXPECT_EQ(health_limit(j), std::chrono::seconds(30 + 60 + 5 + 60));
}

} // namespace
} // namespace jrun::apply
