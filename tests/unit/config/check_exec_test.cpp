// SPDX-License-Identifier: BSD-2-Clause
// config::check: execs, env and healthchecks.
#include "fixture.hpp"

namespace jrun::test {

using namespace tree;
using namespace std::chrono_literals;

namespace {

ucl::Value exec(const ucl::Value& body) {
    return obj({{"exec", obj({{"api", body}})}});
}

ucl::Value checked(const ucl::Value& healthcheck) {
    return exec(obj({{"cmd", s("run")}, {"healthcheck", healthcheck}}));
}

} // namespace

TEST_F(CheckTest, ReadsAnExecWithDefaults) {
    const auto jail = web(exec(obj({{"cmd", s("python3 -m http.server")}})));
    ASSERT_EQ(jail.execs.size(), 1U);
    const auto& e = jail.execs[0];
    EXPECT_EQ(e.label, "api");
    EXPECT_EQ(e.cmd, "python3 -m http.server");
    EXPECT_EQ(e.dir, "/");
    EXPECT_TRUE(e.env.empty());
    EXPECT_FALSE(e.user.has_value());
    EXPECT_FALSE(e.healthcheck.has_value());
}

TEST_F(CheckTest, KeepsCommandsExactlyAsWritten) {
    const std::string hostile = "sh -c 'echo \"$HOME\"; `reboot`' && x\nsecond line";
    EXPECT_EQ(web(exec(obj({{"cmd", s(hostile)}}))).execs.at(0).cmd, hostile);
}

TEST_F(CheckTest, RejectsMissingOrEmptyCommands) {
    EXPECT_EQ(web_problems(exec(obj({{"dir", s("/srv")}}))),
              Messages{"error: exec 'api' of jail 'web' needs 'cmd' (the command to run)"});
    EXPECT_EQ(web_problems(exec(obj({{"cmd", s("  ")}}))),
              Messages{"error: 'cmd' in exec 'api' of jail 'web' must not be empty"});
    EXPECT_EQ(web_problems(exec(obj({{"cmd", arr({s("a")})}}))),
              Messages{"error: 'cmd' in exec 'api' of jail 'web' must be a string, not a list"});
    EXPECT_EQ(
        web_problems(exec(obj({{"cmd", s(std::string("a\0b", 3))}}))),
        Messages{"error: 'cmd' in exec 'api' of jail 'web' must not contain a NUL character"});
    EXPECT_EQ(web_problems(exec(obj({{"cmd", s("x \xff\xfe")}}))),
              Messages{"error: 'cmd' in exec 'api' of jail 'web' must be UTF-8 text, not "
                       "'x \\xff\\xfe'"});
}

TEST_F(CheckTest, ReadsTheWorkingDirectoryNormalised) {
    EXPECT_EQ(web(exec(obj({{"cmd", s("x")}, {"dir", s("/srv/app/")}}))).execs.at(0).dir,
              "/srv/app");
    EXPECT_EQ(web_problems(exec(obj({{"cmd", s("x")}, {"dir", s("srv")}}))),
              Messages{"error: 'dir' in exec 'api' of jail 'web' must be an absolute path "
                       "(starting with '/'), not 'srv'"});
}

TEST_F(CheckTest, ReadsEnvInOrderWithScalarsAsText) {
    const auto jail = web(exec(
        obj({{"cmd", s("x")},
             {"env",
              obj({{"B", s("two words")}, {"A", i(5432)}, {"DEBUG", b(true)}, {"R", f(0.5)}})}})));
    const auto& env = jail.execs.at(0).env;
    ASSERT_EQ(env.size(), 4U);
    EXPECT_EQ(env[0], (model::EnvVar{"B", "two words", {}}));
    EXPECT_EQ(env[1], (model::EnvVar{"A", "5432", {}}));
    EXPECT_EQ(env[2], (model::EnvVar{"DEBUG", "true", {}}));
    EXPECT_EQ(env[3], (model::EnvVar{"R", "0.5", {}}));
}

TEST_F(CheckTest, KeepsEnvNumbersAsWrittenInTheSource) {
    // VERSION = 1.10; SIZE = 10k: UCL reads 1.1 and 10000, the environment wants the text.
    SourceSet sources;
    const SourceFile* file = sources.add("s.ucl", "VERSION = 1.10;\nSIZE = 10k\n");
    const auto jail = web(exec(obj(
        {{"cmd", s("x")},
         {"env", obj({{"VERSION", f(1.1, {file, 1, 11})}, {"SIZE", i(10000, {file, 2, 8})}})}})));
    EXPECT_EQ(jail.execs.at(0).env.at(0).value, "1.10");
    EXPECT_EQ(jail.execs.at(0).env.at(1).value, "10k");
}

TEST_F(CheckTest, RejectsEnvValuesThatAreNotScalars) {
    EXPECT_EQ(web_problems(exec(obj({{"cmd", s("x")}, {"env", obj({{"L", arr({s("a")})}})}}))),
              Messages{"error: 'L' in env of exec 'api' of jail 'web' must be a string, number or "
                       "boolean, not a list"});
    EXPECT_EQ(web_problems(exec(obj({{"cmd", s("x")}, {"env", obj({{"A-B", s("1")}})}}))),
              Messages{"error: environment variable name 'A-B' in exec 'api' of jail 'web' must "
                       "be letters, digits and '_', not starting with a digit"});
    EXPECT_EQ(web_problems(exec(obj({{"cmd", s("x")}, {"env", s("A=1")}}))),
              Messages{"error: 'env' in exec 'api' of jail 'web' must be a section of NAME = "
                       "VALUE pairs, not 'A=1'"});
    EXPECT_EQ(
        web_problems(exec(obj({{"cmd", s("x")}, {"env", obj({{"A", s("1")}, {"A", s("2")}})}}))),
        (Messages{"error: 'A' in env of exec 'api' of jail 'web' is set more than once",
                  "note: 'A' in env of exec 'api' of jail 'web' is first set here"}));
}

TEST_F(CheckTest, ReadsAndChecksTheUser) {
    EXPECT_EQ(web(exec(obj({{"cmd", s("x")}, {"user", s("www")}}))).execs.at(0).user, "www");
    EXPECT_EQ(web_problems(exec(obj({{"cmd", s("x")}, {"user", s("root; reboot")}}))),
              Messages{"error: 'user' in exec 'api' of jail 'web' must be a user name like www or "
                       "_postgres, not 'root; reboot'"});
}

TEST_F(CheckTest, FillsHealthcheckDefaults) {
    const auto jail = web(checked(obj({{"test", s("fetch -qo /dev/null http://127.0.0.1")}})));
    const auto& check = jail.execs.at(0).healthcheck;
    ASSERT_TRUE(check.has_value());
    EXPECT_EQ(check->test, "fetch -qo /dev/null http://127.0.0.1");
    EXPECT_EQ(check->interval, 30s);
    EXPECT_EQ(check->timeout, 10s);
    EXPECT_EQ(check->retries, 3);
    EXPECT_EQ(check->start_period, 0s);
}

TEST_F(CheckTest, ReadsDurationsInEveryForm) {
    const auto jail = web(checked(obj({{"test", s("t")},
                                       {"interval", t(30.0)},
                                       {"timeout", s("500ms")},
                                       {"start_period", i(45)},
                                       {"retries", s("5")}})));
    const auto& check = *jail.execs.at(0).healthcheck;
    EXPECT_EQ(check.interval, 30s);
    EXPECT_EQ(check.timeout, 500ms);
    EXPECT_EQ(check.start_period, 45s);
    EXPECT_EQ(check.retries, 5);
    EXPECT_EQ(web(checked(obj({{"test", s("t")}, {"interval", s("1min")}})))
                  .execs.at(0)
                  .healthcheck->interval,
              60s);
}

TEST_F(CheckTest, ReadsUnquotedMinutesAsMinutes) {
    // interval = 5m; UCL reads five million, the user means five minutes.
    SourceSet sources;
    const SourceFile* file = sources.add("s.ucl", "interval = 5m;\n");
    EXPECT_EQ(web(checked(obj({{"test", s("t")}, {"interval", i(5000000, {file, 1, 12})}})))
                  .execs.at(0)
                  .healthcheck->interval,
              5min);
}

TEST_F(CheckTest, RejectsBadHealthchecks) {
    const std::string head =
        "error: 'interval' in healthcheck of exec 'api' of jail 'web' must be ";
    EXPECT_EQ(web_problems(checked(obj({{"test", s("t")}, {"interval", s("soon")}}))),
              Messages{head + "a duration like 30s, 1min or 500ms, not 'soon'"});
    EXPECT_EQ(web_problems(checked(obj({{"test", s("t")}, {"interval", i(0)}}))),
              Messages{head + "a duration longer than zero, not 0"});
    EXPECT_EQ(web_problems(checked(obj({{"test", s("t")}, {"interval", i(-5)}}))),
              Messages{head + "a duration like 30s, 1min or 500ms, not -5"});
    EXPECT_EQ(web_problems(checked(obj({{"test", s("t")}, {"retries", i(0)}}))),
              Messages{"error: 'retries' in healthcheck of exec 'api' of jail 'web' must be a "
                       "whole number from 1 to 1000, not 0"});
    EXPECT_EQ(web_problems(checked(obj({{"test", s("t")}, {"retries", f(2.5)}}))),
              Messages{"error: 'retries' in healthcheck of exec 'api' of jail 'web' must be a "
                       "whole number, not 2.5"});
    EXPECT_EQ(web_problems(checked(obj({{"interval", s("5s")}}))),
              Messages{"error: healthcheck of exec 'api' of jail 'web' needs 'test' (the command "
                       "that checks the service)"});
    EXPECT_EQ(web_problems(checked(obj({{"test", s("t")}, {"intervall", s("5s")}}))),
              Messages{"error: unknown key 'intervall' in healthcheck of exec 'api' of jail 'web' "
                       "(did you mean 'interval'?)"});
    EXPECT_EQ(web_problems(checked(s("curl x"))),
              Messages{"error: 'healthcheck' in exec 'api' of jail 'web' must be a section like "
                       "healthcheck { test = ...; }, not 'curl x'"});
}

TEST_F(CheckTest, KeepsExecsInConfigOrder) {
    const auto jail =
        web(obj({{"exec", obj({{"z", obj({{"cmd", s("1")}})}, {"a", obj({{"cmd", s("2")}})}})}}));
    ASSERT_EQ(jail.execs.size(), 2U);
    EXPECT_EQ(jail.execs[0].label, "z");
    EXPECT_EQ(jail.execs[1].label, "a");
}

} // namespace jrun::test
