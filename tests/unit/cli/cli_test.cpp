// SPDX-License-Identifier: BSD-2-Clause
#include "cli/cli.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace jrun::cli {

namespace {

struct Outcome {
    int code;
    std::string out;
    std::string err;
};

Outcome run_jrun(std::vector<std::string> argv) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = run(argv, {}, out, err, false);
    return {code, out.str(), err.str()};
}

} // namespace

TEST(Cli, HelpListsCommandsAndExitCodes) {
    const auto result = run_jrun({"--help"});
    EXPECT_EQ(result.code, 0);
    EXPECT_NE(result.out.find("version"), std::string::npos);
    EXPECT_NE(result.out.find("exit codes"), std::string::npos);
}

TEST(Cli, UnknownCommandSuggestsClosest) {
    const auto result = run_jrun({"versoin"});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.err,
              "jrun: error: unknown command 'versoin': not a jrun command\n"
              "  hint: did you mean 'jrun version'?\n");
}

} // namespace jrun::cli
