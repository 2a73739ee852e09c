// SPDX-License-Identifier: BSD-2-Clause
// `jrun config dump`: real files, includes, variables and the error paths.
#include "cli/cli.hpp"
#include "support/support.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace jrun::cli {

namespace {

struct Outcome {
    int code;
    std::string out;
    std::string err;
};

Outcome dump(std::vector<std::string> args) {
    args.insert(args.begin(), {"config", "dump"});
    std::ostringstream out;
    std::ostringstream err;
    const int code = run(args, {}, out, err, false);
    return {code, out.str(), err.str()};
}

} // namespace

TEST(ConfigDump, PrintsTheConfigAsLibuclJson) {
    test::TempDir dir;
    const auto file = dir.write("site.ucl", "a = 1\njail \"web\" { ports = [80] }\n");
    const auto result = dump({file.string()});
    EXPECT_EQ(result.code, 0);
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(result.out,
              "{\n    \"a\": 1,\n    \"jail\": {\n        \"web\": {\n            \"ports\": [\n"
              "                80\n            ]\n        }\n    }\n}\n");
}

TEST(ConfigDump, MissingFileIsAnError) {
    const auto result = dump({"no-such-file.ucl"});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err,
              "jrun: error: cannot read 'no-such-file.ucl': No such file or directory\n");
}

TEST(ConfigDump, SyntaxErrorsAreRenderedWithACaret) {
    test::TempDir dir;
    const auto file = dir.write("bad.ucl", "a = 1\nb = \"open\n");
    const auto result = dump({file.string()});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.err,
              file.string()
                  + ":2:5: error: unterminated string (missing '\"' before the end "
                    "of the line)\n    b = \"open\n        ^\n");
}

TEST(ConfigDump, ExpandsVariablesFromTheCommandLineAndTheFile) {
    test::TempDir dir;
    const auto file = dir.write("v.ucl", "name = $NAME\nport = \"${PORT}\"\ndir = $CONFDIR\n");
    const auto result = dump({file.string(), "--var", "NAME=web", "--var=PORT=8080"});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out,
              "{\n    \"name\": \"web\",\n    \"port\": \"8080\",\n    \"dir\": \""
                  + dir.path().string() + "\"\n}\n");
}

TEST(ConfigDump, FollowsIncludesAndGlobsRelativeToTheFile) {
    test::TempDir dir;
    dir.write("conf.d/b.ucl", "jail \"b\" {}\n");
    dir.write("conf.d/a.ucl", "jail \"a\" {}\n");
    const auto file = dir.write("main.ucl", ".include \"conf.d/*.ucl\"\n");
    const auto result = dump({file.string()});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out,
              "{\n    \"jail\": [\n        {\n            \"a\": {\n\n            }\n"
              "        },\n        {\n            \"b\": {\n\n            }\n"
              "        }\n    ]\n}\n");
}

TEST(ConfigDump, UsageErrors) {
    EXPECT_EQ(dump({}).code, 2);
    EXPECT_EQ(dump({}).err,
              "jrun: error: missing FILE: 'jrun config dump' needs a config file\n"
              "  hint: usage: jrun config dump FILE [--var NAME=VALUE]...\n");
    EXPECT_EQ(dump({"x.ucl", "--var", "NOEQUALS"}).err,
              "jrun: error: invalid --var 'NOEQUALS': expected NAME=VALUE\n"
              "  hint: usage: jrun config dump FILE [--var NAME=VALUE]...\n");
    EXPECT_EQ(dump({"x.ucl", "--json"}).code, 2);
}

TEST(ConfigDump, DirectoryIsNotAFile) {
    test::TempDir dir;
    const auto result = dump({dir.path().string()});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.err,
              "jrun: error: cannot read '" + dir.path().string() + "': Is a directory\n");
}

} // namespace jrun::cli
