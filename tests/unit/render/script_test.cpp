// SPDX-License-Identifier: BSD-2-Clause
#include "render/script.hpp"
#include "support/support.hpp"
#include "sys/real_process_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::render {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Run `script` with /bin/sh and JRUN_ROOT=`root`.
sys::Completed run_sh(const Script& script, const std::filesystem::path& root) {
    sys::RealProcessRunner runner;
    auto command = sys::Command({"/bin/sh", "-s"}).set_env("JRUN_ROOT", root.string());
    command.set_stdin(script.text());
    auto result = runner.run(command);
    EXPECT_TRUE(result.ok());
    return result.ok() ? result.value() : sys::Completed{};
}

TEST(Script, WritesAFileOnlyWhenItsContentDiffers) {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "etc");
    Script script("write");
    script.step("conf", "write the config")
        .write_file("/etc/x.conf", "a = 1\n", "0600", "echo reloaded");
    const auto first = run_sh(script, dir.path());
    EXPECT_TRUE(first.success()) << first.err;
    EXPECT_THAT(parse_report(first.out).changed, ElementsAre("/etc/x.conf"));
    EXPECT_THAT(first.out, HasSubstr("reloaded"));
    EXPECT_EQ(test::read_file(dir.path() / "etc/x.conf"), "a = 1\n");
    const auto second = run_sh(script, dir.path());
    EXPECT_TRUE(second.success()) << second.err;
    EXPECT_TRUE(parse_report(second.out).changed.empty());
    EXPECT_THAT(second.out, ::testing::Not(HasSubstr("reloaded")));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "etc/x.conf.jrun-new"));
}

TEST(Script, KeepsHostileFileContentVerbatim) {
    test::TempDir dir;
    const std::string content =
        "$(touch pwned)\n`touch pwned`\n'\"\\\nJRUN_EOF\nJRUN_EOF_1\n${HOME}\n* ?\n";
    Script script("hostile");
    script.write_file("/f", content, "0644");
    const auto result = run_sh(script, dir.path());
    EXPECT_TRUE(result.success()) << result.err;
    EXPECT_EQ(test::read_file(dir.path() / "f"), content);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "pwned"));
}

TEST(Script, NamesTheStepThatFailed) {
    test::TempDir dir;
    Script script("fail");
    script.step("one", "first").line("true").step("two", "second").line("false").step("three", "x");
    const auto result = run_sh(script, dir.path());
    EXPECT_FALSE(result.success());
    const auto report = parse_report(result.out);
    EXPECT_THAT(report.steps, ElementsAre("one", "two"));
    ASSERT_TRUE(report.failed_step.has_value());
    EXPECT_EQ(*report.failed_step, "two");
    EXPECT_EQ(report.failed_status, 1);
}

TEST(Script, QuotesEveryWordOfACommand) {
    test::TempDir dir;
    Script script("argv");
    script.run({"printf", "%s|", "a b", "$(id)", "`id`", "it's", "*"});
    const auto result = run_sh(script, dir.path());
    EXPECT_EQ(result.out, "a b|$(id)|`id`|it's|*|");
}

TEST(Script, KeepsDescriptionsOnOneLine) {
    test::TempDir dir;
    Script script("desc");
    script.step("s", "two\nlines $(id)");
    const auto report = parse_report(run_sh(script, dir.path()).out);
    EXPECT_THAT(report.descriptions, ElementsAre("two lines $(id)"));
}

TEST(ScriptReport, ReadsDataLinesAndIgnoresOthers) {
    const auto report = parse_report("noise\n@jrun data dataset jabc\n@jrun data ip 10.17.89.10\n");
    EXPECT_THAT(report.data,
                ElementsAre(std::pair<std::string, std::string>("dataset", "jabc"),
                            std::pair<std::string, std::string>("ip", "10.17.89.10")));
    EXPECT_FALSE(report.failed_step.has_value());
}

} // namespace
} // namespace jrun::render
