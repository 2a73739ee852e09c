// SPDX-License-Identifier: BSD-2-Clause
// `jrun validate`, in-process: exit codes, what goes to stdout and stderr, --var, includes.
#include "cli/cli.hpp"
#include "support/support.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

namespace jrun::cli {

namespace {

struct Outcome {
    int code;
    std::string out;
    std::string err;
};

class Validate : public ::testing::Test {
protected:
    Outcome validate(std::vector<std::string> args) {
        args.insert(args.begin(), "validate");
        const std::map<std::string, std::string, std::less<>> env{
            {"HOME", (dir.path() / "home").string()},
            {"JRUN_HOME", (dir.path() / "jrun-home").string()},
        };
        std::ostringstream out;
        std::ostringstream err;
        const int code = run(args, env, out, err, false);
        return {code, out.str(), err.str()};
    }

    std::string write(const std::string& name, const std::string& text) {
        return dir.write(name, text).string();
    }

    test::TempDir dir;
};

// Change the working directory for the lifetime of the guard.
class InDirectory {
public:
    explicit InDirectory(const std::filesystem::path& path)
        : m_old(std::filesystem::current_path()) {
        std::filesystem::current_path(path);
    }
    ~InDirectory() { std::filesystem::current_path(m_old); }
    InDirectory(const InDirectory&) = delete;
    InDirectory& operator=(const InDirectory&) = delete;

private:
    std::filesystem::path m_old;
};

// A TCP listener on an ephemeral port of 127.0.0.1.
class Listener {
public:
    Listener() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
        auto* raw = reinterpret_cast<sockaddr*>(&address);
        socklen_t length = sizeof address;
        if (m_fd < 0 || ::bind(m_fd, raw, length) != 0 || ::listen(m_fd, 1) != 0
            || ::getsockname(m_fd, raw, &length) != 0) {
            throw std::runtime_error("cannot listen on 127.0.0.1");
        }
        m_port = ntohs(address.sin_port);
    }
    ~Listener() { ::close(m_fd); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    [[nodiscard]] std::uint16_t port() const { return m_port; }

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
};

} // namespace

TEST_F(Validate, PrintsOneOkLinePerValidFile) {
    const auto web = write("web.ucl", "jail \"web\" {}\n");
    const auto stack = write("stack.ucl", "base {}\njail \"a\" {}\njail \"b\" {}\n");
    const auto result = validate({web, stack});
    EXPECT_EQ(result.code, 0);
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(result.out, web + ": ok (1 jail)\n" + stack + ": ok (2 jails, base)\n");
}

TEST_F(Validate, PrintsEveryProblemSortedWithCaretsAndExitsTwo) {
    const auto file = write("bad.ucl",
                            "jail \"web\" {\n"
                            "  forward { http { host = \"abc\"; jail = 80; } }\n"
                            "  forwards {}\n"
                            "}\n"
                            "jail \"web\" {}\n");
    const auto result = validate({file});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err,
              file
                  + ":2:27: error: 'host' in forward 'http' of jail 'web' must be a port number "
                    "(1-65535), not 'abc'\n"
                    "      forward { http { host = \"abc\"; jail = 80; } }\n"
                    "                              ^\n"
                  + file
                  + ":3:3: error: unknown key 'forwards' in jail 'web' (did you mean "
                    "'forward'?)\n"
                    "      forwards {}\n"
                    "      ^\n"
                  + file
                  + ":5:6: error: jail 'web' is defined twice\n"
                    "    jail \"web\" {}\n"
                    "         ^\n"
                  + file
                  + ":1:6: note: jail 'web' is first defined here\n"
                    "    jail \"web\" {\n"
                    "         ^\n");
}

TEST_F(Validate, ChecksEveryFileEvenAfterABadOne) {
    const auto bad = write("bad.ucl", "jails {}\n");
    const auto good = write("good.ucl", "jail \"web\" {}\n");
    const auto result = validate({bad, good});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.out, good + ": ok (1 jail)\n");
    EXPECT_NE(result.err.find("unknown key 'jails' at the top level"), std::string::npos);
}

TEST_F(Validate, ReportsSyntaxErrorsWithTheirLocation) {
    const auto file = write("broken.ucl", "jail \"web\" {\n  ip = \"10.17.89.5\n}\n");
    const auto result = validate({file});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err.rfind(file + ":2:8: error: ", 0), 0U) << result.err;
}

TEST_F(Validate, WarningsAloneDoNotFail) {
    // The playbook is found relative to the current directory, not the config file.
    write("project/playbooks/app.yml", "- hosts: localhost\n");
    const auto file = write("project/conf/site.ucl",
                            "jail \"web\" { setup { app { file = \"playbooks/app.yml\"; } } }\n");
    const InDirectory cwd(dir.path() / "project");
    const auto result = validate({file});
    EXPECT_EQ(result.code, 0);
    EXPECT_EQ(result.out, file + ": ok (1 jail)\n");
    EXPECT_NE(result.err.find(": warning: 'file' in setup 'app' of jail 'web' names "
                              "'playbooks/app.yml', which is not next to the config file"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("write file = \"../playbooks/app.yml\""), std::string::npos);
}

TEST_F(Validate, OnlyWarnsAboutHostPortsInUse) {
    const Listener listener;
    const auto port = std::to_string(listener.port());
    const auto file = write(
        "site.ucl", "jail \"web\" { forward { http { host = " + port + "; jail = 80; } } }\n");
    const auto result = validate({file});
    EXPECT_EQ(result.code, 0);
    EXPECT_NE(result.err.find("warning: host port tcp/" + port
                              + " of forward 'http' of jail 'web' is in use on the host"),
              std::string::npos)
        << result.err;
}

TEST_F(Validate, ChecksMountSourcesOnTheRealFileSystem) {
    std::filesystem::create_directories(dir.path() / "site");
    const auto file = write("stack.ucl",
                            "jail \"web\" { mount {\n"
                            "  ok { host = \"site\"; jail = \"/srv/site\"; }\n"
                            "  missing { host = \"nope\"; jail = \"/srv/nope\"; }\n"
                            "} }\n");
    const auto result = validate({file});
    EXPECT_EQ(result.code, 2);
    EXPECT_NE(result.err.find(file
                              + ":3:20: error: 'host' in mount 'missing' of jail 'web' must "
                                "be an existing directory, but '"
                              + (dir.path() / "nope").string() + "' does not exist"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(result.err.find("'ok'"), std::string::npos) << result.err;
}

TEST_F(Validate, PassesVariablesToTheParser) {
    const auto file =
        write("site.ucl", "jail \"web\" { forward { http { host = \"$PORT\"; jail = 80; } } }\n");
    EXPECT_EQ(validate({"--var", "PORT=18081", file}).code, 0);
    EXPECT_EQ(validate({"--var=PORT=18082", file}).code, 0);
    const auto without = validate({file});
    EXPECT_EQ(without.code, 2);
    EXPECT_NE(without.err.find("must be a port number (1-65535), not '$PORT'"), std::string::npos)
        << without.err;
}

TEST_F(Validate, FollowsIncludesRelativeToTheIncludingFile) {
    write("conf/jails/db.ucl", "jail \"db\" {}\n");
    const auto file =
        write("conf/site.ucl", ".include \"jails/db.ucl\"\njail \"web\" { depends [\"db\"] }\n");
    const auto result = validate({file});
    EXPECT_EQ(result.code, 0) << result.err;
    EXPECT_EQ(result.out, file + ": ok (2 jails)\n");
}

TEST_F(Validate, UsageErrorsExitTwo) {
    const auto none = validate({});
    EXPECT_EQ(none.code, 2);
    EXPECT_EQ(none.err,
              "jrun: error: missing FILE: 'jrun validate' needs a config file\n"
              "  hint: usage: jrun validate FILE... [--var NAME=VALUE]...\n");
    EXPECT_EQ(validate({"--frobnicate", "x.ucl"}).code, 2);
    EXPECT_EQ(validate({"--var", "NOEQUALS", "x.ucl"}).code, 2);
}

TEST_F(Validate, MissingFileIsAnError) {
    const auto result = validate({"no-such-file.ucl"});
    EXPECT_EQ(result.code, 2);
    EXPECT_EQ(result.err,
              "jrun: error: cannot read 'no-such-file.ucl': No such file or directory\n");
}

TEST_F(Validate, AcceptsEveryExample) {
    for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "examples")) {
        if (entry.path().extension() != ".ucl") {
            continue;
        }
        const auto result = validate({entry.path().string()});
        EXPECT_EQ(result.code, 0) << entry.path() << '\n' << result.err;
    }
}

TEST_F(Validate, IsListedInHelp) {
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(run(std::vector<std::string>{"validate", "--help"}, {}, out, err, false), 0);
    EXPECT_EQ(out.str().rfind("usage: jrun validate FILE... [--var NAME=VALUE]...", 0), 0U);
}

} // namespace jrun::cli
