// SPDX-License-Identifier: BSD-2-Clause
#include "provision/ansible_output.hpp"
#include "support/support.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>

namespace jrun::provision {
namespace {

// Feed a captured ansible-playbook 2.14 output (tests/data/provision/) through a parser and
// return the tasks it announced.
std::vector<std::string> feed_sample(OutputParser& parser, const std::string& name) {
    std::vector<std::string> tasks;
    const auto text = test::read_file(test::source_dir() / "tests/data/provision" / name);
    for (const auto& line : split(text, '\n')) {
        if (auto task = parser.feed(line)) {
            tasks.push_back(*task);
        }
    }
    return tasks;
}

TEST(AnsibleOutput, ParsesTaskAndHandlerLines) {
    EXPECT_EQ(parse_task_line("TASK [Install the \"thing\" package] *****"),
              "Install the \"thing\" package");
    EXPECT_EQ(parse_task_line("TASK [nginx : Write [the] config] ***"),
              "nginx : Write [the] config");
    EXPECT_EQ(parse_task_line("RUNNING HANDLER [restart nginx] ****"), "restart nginx");
    EXPECT_EQ(parse_task_line("PLAY [localhost] ****"), std::nullopt);
    EXPECT_EQ(parse_task_line("TASK [unterminated"), std::nullopt);
}

TEST(AnsibleOutput, AnnouncesEveryTaskOfASuccessfulRun) {
    OutputParser parser;
    EXPECT_EQ(feed_sample(parser, "success.out"),
              (std::vector<std::string>{"Write the vars", "where", "debug"}));
    EXPECT_FALSE(parser.failure().has_value());
}

TEST(AnsibleOutput, TakesTheMessageOfAFailedCommand) {
    OutputParser parser;
    (void)feed_sample(parser, "fail.out");
    ASSERT_TRUE(parser.failure().has_value());
    EXPECT_EQ(
        *parser.failure(),
        (TaskFailure{"Install the \"thing\" package", "localhost", "non-zero return code", false}));
}

TEST(AnsibleOutput, TakesTheMessageOfAFailModule) {
    OutputParser parser;
    (void)feed_sample(parser, "fail2.out");
    ASSERT_TRUE(parser.failure().has_value());
    EXPECT_EQ(parser.failure()->task, "Refuse with a message");
    EXPECT_EQ(parser.failure()->message, "the value 'x' is not allowed: über");
}

TEST(AnsibleOutput, NamesTheFailedLoopItem) {
    OutputParser parser;
    (void)feed_sample(parser, "loop.out");
    ASSERT_TRUE(parser.failure().has_value());
    EXPECT_EQ(parser.failure()->task, "Loop over items (item=b)");
}

TEST(AnsibleOutput, MarksAnUnreachableHost) {
    OutputParser parser;
    (void)feed_sample(parser, "unreach.out");
    ASSERT_TRUE(parser.failure().has_value());
    EXPECT_TRUE(parser.failure()->unreachable);
    EXPECT_EQ(parser.failure()->message,
              "Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port "
              "22998: Connection refused");
}

TEST(AnsibleOutput, SkipsIgnoredFailuresAndAddsTheCommandsStderr) {
    OutputParser parser;
    (void)feed_sample(parser, "ignored.out");
    ASSERT_TRUE(parser.failure().has_value());
    EXPECT_EQ(parser.failure()->task, "Then fail for real");
    EXPECT_EQ(parser.failure()->message, "non-zero return code: disk full");
}

TEST(AnsibleOutput, KeepsTheFirstLinesOfAnUndefinedVariableMessage) {
    OutputParser parser;
    (void)feed_sample(parser, "undef.out");
    ASSERT_TRUE(parser.failure().has_value());
    EXPECT_TRUE(parser.failure()->message.starts_with(
        "The task includes an option with an undefined variable. The error was: 'nope' is "
        "undefined."));
}

TEST(AnsibleOutput, CollectsTheErrorParagraphOfASyntaxError) {
    OutputParser parser;
    (void)feed_sample(parser, "syntax.err");
    EXPECT_FALSE(parser.failure().has_value());
    EXPECT_TRUE(parser.error_text().starts_with("We were unable to read either as JSON nor YAML"))
        << parser.error_text();
    EXPECT_NE(parser.error_text().find("did not find expected '-' indicator"), std::string::npos);
}

TEST(AnsibleOutput, KeepsARawMessageThatIsNotJson) {
    const auto failure = parse_failure_line("fatal: [h]: FAILED! => not json", "t");
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->message, "not json");
    EXPECT_EQ(failure->host, "h");
}

} // namespace
} // namespace jrun::provision
