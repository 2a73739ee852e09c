// SPDX-License-Identifier: BSD-2-Clause
// config::check: forwards, host port claims and mounts.
#include "fixture.hpp"

namespace jrun::test {

using namespace tree;

namespace {

ucl::Value forward(const ucl::Value& body) {
    return obj({{"forward", obj({{"http", body}})}});
}

ucl::Value mount(const ucl::Value& body) {
    return obj({{"mount", obj({{"src", body}})}});
}

} // namespace

TEST_F(CheckTest, ReadsAForwardDefaultingToTcp) {
    const auto jail = web(forward(obj({{"host", i(8080)}, {"jail", i(8000)}})));
    ASSERT_EQ(jail.forwards.size(), 1U);
    EXPECT_EQ(jail.forwards[0], (model::Forward{"http", model::Proto::tcp, 8080, 8000, {}}));
}

TEST_F(CheckTest, ReadsUdpForwards) {
    const auto jail = web(forward(obj({{"proto", s("udp")}, {"host", i(5353)}, {"jail", i(53)}})));
    EXPECT_EQ(jail.forwards.at(0).proto, model::Proto::udp);
}

TEST_F(CheckTest, CoercesPortsWrittenAsStringsOrWholeNumbers) {
    const auto jail = web(forward(obj({{"host", s(" 8080 ")}, {"jail", f(8000.0)}})));
    EXPECT_EQ(jail.forwards.at(0).host_port, 8080);
    EXPECT_EQ(jail.forwards.at(0).jail_port, 8000);
}

TEST_F(CheckTest, RejectsPortsThatAreNotPortNumbers) {
    EXPECT_EQ(web_problems(forward(obj({{"host", s("abc")}, {"jail", i(80)}}))),
              Messages{"error: 'host' in forward 'http' of jail 'web' must be a port number "
                       "(1-65535), not 'abc'"});
    EXPECT_EQ(web_problems(forward(obj({{"host", i(8080)}, {"jail", i(70000)}}))),
              Messages{"error: 'jail' in forward 'http' of jail 'web' must be a port number "
                       "(1-65535), not 70000"});
    EXPECT_EQ(web_problems(forward(obj({{"host", i(0)}, {"jail", i(80)}}))),
              Messages{"error: 'host' in forward 'http' of jail 'web' must be a port number "
                       "(1-65535), not 0"});
    EXPECT_EQ(web_problems(forward(obj({{"host", f(80.5)}, {"jail", b(true)}}))),
              (Messages{"error: 'host' in forward 'http' of jail 'web' must be a port number "
                        "(1-65535), not 80.5",
                        "error: 'jail' in forward 'http' of jail 'web' must be a port number "
                        "(1-65535), not true"}));
}

TEST_F(CheckTest, RejectsUnknownProtocols) {
    EXPECT_EQ(web_problems(forward(obj({{"proto", s("icmp")}, {"host", i(1)}, {"jail", i(1)}}))),
              Messages{"error: 'proto' in forward 'http' of jail 'web' must be \"tcp\" or \"udp\", "
                       "not 'icmp'"});
}

TEST_F(CheckTest, RejectsForwardsWithoutPorts) {
    EXPECT_EQ(web_problems(forward(obj({{"jail", i(80)}}))),
              Messages{"error: forward 'http' of jail 'web' needs 'host' (the port on the host)"});
    EXPECT_EQ(web_problems(forward(obj({{"host", i(8080)}, {"target", i(80)}}))),
              (Messages{"error: unknown key 'target' in forward 'http' of jail 'web'",
                        "error: forward 'http' of jail 'web' needs 'jail' (the port it forwards "
                        "to)"}));
}

TEST_F(CheckTest, RejectsAForwardWrittenWithoutALabel) {
    EXPECT_EQ(web_problems(obj({{"forward", obj({{"host", i(8080)}, {"jail", i(80)}})}})),
              Messages{"error: 'forward' in jail 'web' needs a label for each entry, like forward "
                       "{ LABEL { host = ...; } }"});
}

TEST_F(CheckTest, RejectsLabelsThatAreNotSafeNames) {
    EXPECT_EQ(
        web_problems(obj({{"forward", obj({{"a b", obj({{"host", i(1)}, {"jail", i(1)}})}})}})),
        Messages{"error: forward label 'a b' must be 1-64 letters, digits, '_' or '-', not "
                 "starting with '-' (it becomes a file and service name)"});
}

TEST_F(CheckTest, RejectsAForwardLabelUsedTwice) {
    const auto body = obj({{"host", i(1)}, {"jail", i(1)}});
    EXPECT_EQ(
        web_problems(obj({{"forward", obj({{"http", body}})}, {"forward", obj({{"http", body}})}})),
        (Messages{"error: forward 'http' of jail 'web' is defined twice",
                  "note: forward 'http' of jail 'web' is first defined here"}));
}

TEST_F(CheckTest, RejectsAHostPortClaimedTwiceNamingBothClaimants) {
    EXPECT_EQ(
        problems(jails(
            {{"web", forward(obj({{"host", i(8080)}, {"jail", i(80)}}))},
             {"api",
              obj({{"forward", obj({{"api", obj({{"host", s("8080")}, {"jail", i(80)}})}})}})}})),
        (Messages{"error: host port tcp/8080 of forward 'api' of jail 'api' is already "
                  "claimed by forward 'http' of jail 'web'",
                  "note: forward 'http' of jail 'web' claims tcp/8080 here"}));
}

TEST_F(CheckTest, AllowsOneHostPortForTcpAndUdp) {
    const auto jail =
        web(obj({{"forward",
                  obj({{"t", obj({{"host", i(53)}, {"jail", i(53)}})},
                       {"u", obj({{"proto", s("udp")}, {"host", i(53)}, {"jail", i(53)}})}})}}));
    EXPECT_EQ(jail.forwards.size(), 2U);
}

TEST_F(CheckTest, ReservesTheSshPort) {
    context.ssh_port = 2200;
    EXPECT_EQ(web_problems(forward(obj({{"host", i(2200)}, {"jail", i(22)}}))),
              Messages{"error: host port tcp/2200 of forward 'http' of jail 'web' is reserved for "
                       "SSH into the VM (JRUN_SSH_PORT)"});
    EXPECT_EQ(web(forward(obj({{"proto", s("udp")}, {"host", i(2200)}, {"jail", i(22)}})))
                  .forwards.at(0)
                  .host_port,
              2200);
}

TEST_F(CheckTest, RejectsAJailForwardOnABaseForwardPort) {
    EXPECT_EQ(
        problems(
            obj({{"base",
                  obj({{"forward", obj({{"ssh2", obj({{"host", i(2022)}, {"target", i(22)}})}})}})},
                 {"jail", obj({{"web", forward(obj({{"host", i(2022)}, {"jail", i(22)}}))}})}})),
        (Messages{"error: host port tcp/2022 of forward 'http' of jail 'web' is already "
                  "claimed by forward 'ssh2' of base",
                  "note: forward 'ssh2' of base claims tcp/2022 here"}));
}

TEST_F(CheckTest, RejectsHostPortsBusyOnTheHost) {
    EXPECT_EQ(web_problems(forward(obj({{"host", i(5000)}, {"jail", i(80)}}))),
              Messages{"error: host port tcp/5000 of forward 'http' of jail 'web' is already in "
                       "use on the host"});
    EXPECT_EQ(web_problems(forward(obj({{"host", i(80)}, {"jail", i(80)}}))),
              Messages{"error: host port tcp/80 of forward 'http' of jail 'web' cannot be opened "
                       "by this user (ports below 1024 usually need root)"});
}

TEST_F(CheckTest, OnlyWarnsAboutBusyPortsWhenAskedTo) {
    context.busy_port_severity = Severity::warning;
    auto result = run(jails({{"web", forward(obj({{"host", i(5000)}, {"jail", i(80)}}))}}));
    EXPECT_EQ(messages(result),
              Messages{"warning: host port tcp/5000 of forward 'http' of jail 'web' is in use on "
                       "the host (fine if this stack is running)"});
    EXPECT_TRUE(result.config.has_value());
}

TEST_F(CheckTest, DoesNotProbePortsTheVmAlreadyHolds) {
    context.held_ports.insert({model::Proto::tcp, 5000});
    EXPECT_EQ(web(forward(obj({{"host", i(5000)}, {"jail", i(80)}}))).forwards.size(), 1U);
    EXPECT_EQ(probe.port_probes, 0);
}

TEST_F(CheckTest, ProbesEachHostPortOnce) {
    ok(jails({{"a", forward(obj({{"host", i(8080)}, {"jail", i(80)}}))},
              {"b", forward(obj({{"host", i(8081)}, {"jail", i(80)}}))}}));
    EXPECT_EQ(probe.port_probes, 2);
}

TEST_F(CheckTest, ResolvesMountSourcesAgainstTheConfigDirectory) {
    const auto jail = web(mount(obj({{"host", s(".")}, {"jail", s("/srv/app/")}})));
    ASSERT_EQ(jail.mounts.size(), 1U);
    EXPECT_EQ(jail.mounts[0], (model::Mount{"src", "/proj", "/srv/app", false, {}}));
    EXPECT_EQ(web(mount(obj({{"host", s("src/../data")}, {"jail", s("/d")}}))).mounts.at(0).host,
              "/proj/data");
    EXPECT_EQ(web(mount(obj({{"host", s("/proj/src/")}, {"jail", s("/d")}}))).mounts.at(0).host,
              "/proj/src");
}

TEST_F(CheckTest, ExpandsTildeInMountSources) {
    EXPECT_EQ(web(mount(obj({{"host", s("~/code")}, {"jail", s("/code")}}))).mounts.at(0).host,
              "/home/user/code");
    EXPECT_EQ(web_problems(mount(obj({{"host", s("~bob/code")}, {"jail", s("/code")}}))),
              Messages{"error: 'host' in mount 'src' of jail 'web' uses '~user', which is not "
                       "supported; write the full path"});
    context.home.clear();
    EXPECT_EQ(web_problems(mount(obj({{"host", s("~/code")}, {"jail", s("/code")}}))),
              Messages{"error: 'host' in mount 'src' of jail 'web' starts with '~', but HOME is "
                       "not set"});
}

TEST_F(CheckTest, RejectsMountSourcesThatAreNotDirectories) {
    EXPECT_EQ(web_problems(mount(obj({{"host", s("nope")}, {"jail", s("/srv")}}))),
              Messages{"error: 'host' in mount 'src' of jail 'web' must be an existing directory, "
                       "but '/proj/nope' does not exist"});
    EXPECT_EQ(web_problems(mount(obj({{"host", s("notes.txt")}, {"jail", s("/srv")}}))),
              Messages{"error: 'host' in mount 'src' of jail 'web' must be an existing directory, "
                       "but '/proj/notes.txt' is not a directory"});
    EXPECT_EQ(web_problems(mount(obj({{"host", s("")}, {"jail", s("/srv")}}))),
              Messages{"error: 'host' in mount 'src' of jail 'web' must not be empty"});
    EXPECT_EQ(web_problems(mount(obj({{"host", s("a\nb")}, {"jail", s("/srv")}}))),
              Messages{"error: 'host' in mount 'src' of jail 'web' must not contain control "
                       "characters, not 'a\\nb'"});
}

TEST_F(CheckTest, RejectsJailPathsThatAreNotSafeAbsolutePaths) {
    const std::string head = "error: 'jail' in mount 'src' of jail 'web' ";
    EXPECT_EQ(web_problems(mount(obj({{"host", s("src")}, {"jail", s("srv")}}))),
              Messages{head + "must be an absolute path (starting with '/'), not 'srv'"});
    EXPECT_EQ(web_problems(mount(obj({{"host", s("src")}, {"jail", s("/srv/../../etc")}}))),
              Messages{head + "must not contain '..', not '/srv/../../etc'"});
    EXPECT_EQ(web_problems(mount(obj({{"host", s("src")}, {"jail", s("/my app")}}))),
              Messages{head
                       + "must not contain blanks, control characters or backslashes, not "
                         "'/my app'"});
    EXPECT_EQ(web_problems(mount(obj({{"host", s("src")}, {"jail", s("//")}}))),
              Messages{head + "must not be '/'"});
    EXPECT_EQ(web_problems(mount(obj({{"host", s("src")}}))),
              Messages{"error: mount 'src' of jail 'web' needs 'jail' (the path in the jail)"});
}

TEST_F(CheckTest, ReadsReadonlyMounts) {
    EXPECT_TRUE(web(mount(obj({{"host", s("src")}, {"jail", s("/s")}, {"readonly", b(true)}})))
                    .mounts.at(0)
                    .readonly);
    EXPECT_EQ(
        web_problems(mount(obj({{"host", s("src")}, {"jail", s("/s")}, {"readonly", i(2)}}))),
        Messages{"error: 'readonly' in mount 'src' of jail 'web' must be true or false, not 2"});
}

TEST_F(CheckTest, RejectsTwoMountsOntoOnePath) {
    EXPECT_EQ(web_problems(obj({{"mount",
                                 obj({{"a", obj({{"host", s("src")}, {"jail", s("/srv")}})},
                                      {"b", obj({{"host", s("data")}, {"jail", s("/srv/")}})}})}})),
              (Messages{"error: mount 'b' of jail 'web' mounts onto '/srv', which mount 'a' of "
                        "jail 'web' already uses",
                        "note: mount 'a' of jail 'web' mounts it here"}));
}

} // namespace jrun::test
