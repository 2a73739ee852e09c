// SPDX-License-Identifier: BSD-2-Clause
// config::check: document shapes, jail names, release, ip, base, depends and cycles.
#include "fixture.hpp"

namespace jrun::test {

using namespace tree;

TEST_F(CheckTest, AcceptsAnEmptyDocument) {
    const auto config = ok(obj({}));
    EXPECT_TRUE(config.jails.empty());
    EXPECT_FALSE(config.base.has_value());
    EXPECT_EQ(config.path, "/proj/stack.ucl");
}

TEST_F(CheckTest, RejectsUnknownTopLevelKeyWithSuggestion) {
    EXPECT_EQ(problems(obj({{"jails", obj({})}})),
              Messages{"error: unknown key 'jails' at the top level (did you mean 'jail'?)"});
}

TEST_F(CheckTest, RejectsATopLevelList) {
    EXPECT_EQ(problems(arr({i(1)})),
              Messages{"error: a config must be a list of sections like jail \"NAME\" { ... }, "
                       "not a list"});
}

TEST_F(CheckTest, ReadsNamedJailSectionsInConfigOrder) {
    const auto config = ok(jails({{"web", obj({})}, {"db", obj({})}, {"app", obj({})}}));
    ASSERT_EQ(config.jails.size(), 3U);
    EXPECT_EQ(config.jails[0].name, "web");
    EXPECT_EQ(config.jails[1].name, "db");
    EXPECT_EQ(config.jails[2].name, "app");
}

TEST_F(CheckTest, ReadsRepeatedJailSectionsAsOneList) {
    // jail "a" { } jail "b" { }  ->  jail = implicit array of two objects.
    const auto config = ok(obj({{"jail", obj({{"a", obj({})}})}, {"jail", obj({{"b", obj({})}})}}));
    ASSERT_EQ(config.jails.size(), 2U);
    EXPECT_EQ(config.jails[0].name, "a");
    EXPECT_EQ(config.jails[1].name, "b");
}

TEST_F(CheckTest, ReadsAnExplicitListOfJailObjects) {
    const auto config = ok(obj({{"jail", arr({obj({{"a", obj({})}}), obj({{"b", obj({})}})})}}));
    ASSERT_EQ(config.jails.size(), 2U);
    EXPECT_EQ(config.jails[1].name, "b");
}

TEST_F(CheckTest, ReportsAJailDefinedTwiceInSeparateSections) {
    EXPECT_EQ(
        problems(obj({{"jail", obj({{"a", obj({})}})}, {"jail", obj({{"a", obj({})}})}})),
        (Messages{"error: jail 'a' is defined twice", "note: jail 'a' is first defined here"}));
}

TEST_F(CheckTest, ReportsAJailDefinedTwiceInOneSection) {
    EXPECT_EQ(
        problems(obj({{"jail", obj({{"a", obj({})}, {"a", obj({})}})}})),
        (Messages{"error: jail 'a' is defined twice", "note: jail 'a' is first defined here"}));
}

TEST_F(CheckTest, ReportsJailNamesThatDifferOnlyInCase) {
    EXPECT_EQ(problems(jails({{"web", obj({})}, {"Web", obj({})}})),
              (Messages{"error: jail 'Web' differs from jail 'web' only in case; jail names are "
                        "DNS names, which ignore case",
                        "note: jail 'web' is defined here"}));
}

TEST_F(CheckTest, RejectsJailNamesThatAreNotHostnames) {
    const std::string why = " is not a valid hostname: use 1-63 letters, digits and hyphens, not "
                            "starting or ending with a hyphen";
    EXPECT_EQ(problems(jails({{"my_web", obj({})}})), Messages{"error: jail name 'my_web'" + why});
    EXPECT_EQ(problems(jails({{"-web", obj({})}})), Messages{"error: jail name '-web'" + why});
    EXPECT_EQ(problems(jails({{"web-", obj({})}})), Messages{"error: jail name 'web-'" + why});
    const std::string long_name(64, 'a');
    EXPECT_EQ(problems(jails({{long_name, obj({})}})),
              Messages{"error: jail name '" + long_name.substr(0, 60)
                       + "...' is too long for a hostname (64 characters, at most 63)"});
    EXPECT_EQ(problems(jails({{"a\nb", obj({})}})), Messages{"error: jail name 'a\\nb'" + why});
}

TEST_F(CheckTest, AcceptsA63CharacterJailName) {
    const std::string name(63, 'a');
    EXPECT_EQ(ok(jails({{name, obj({})}})).jails.at(0).name, name);
}

TEST_F(CheckTest, RejectsAJailThatIsNotASection) {
    EXPECT_EQ(problems(jails({{"web", s("x")}})),
              Messages{"error: jail 'web' must be a section ({ ... }), not 'x'"});
}

TEST_F(CheckTest, RejectsJailWithoutAName) {
    EXPECT_EQ(problems(obj({{"jail", obj({{"release", s("15.0-RELEASE")}})}})),
              Messages{"error: 'jail' at the top level needs a label for each entry, like jail { "
                       "LABEL { release = ...; } }"});
}

TEST_F(CheckTest, RejectsUnknownJailKeysWithSuggestion) {
    EXPECT_EQ(web_problems(obj({{"forwards", obj({})}})),
              Messages{"error: unknown key 'forwards' in jail 'web' (did you mean 'forward'?)"});
    EXPECT_EQ(web_problems(obj({{"colour", s("red")}})),
              Messages{"error: unknown key 'colour' in jail 'web'"});
}

TEST_F(CheckTest, DefaultsTheReleaseFromTheSettings) {
    context.default_release = "14.3-RELEASE";
    EXPECT_EQ(web(obj({})).release, "14.3-RELEASE");
}

TEST_F(CheckTest, ReadsTheRelease) {
    EXPECT_EQ(web(obj({{"release", s("14.3-RC1")}})).release, "14.3-RC1");
    EXPECT_EQ(web(obj({{"release", s("15.0-BETA2")}})).release, "15.0-BETA2");
}

TEST_F(CheckTest, RejectsReleasesThatAreNotFreeBsdReleases) {
    const std::string want = "error: 'release' in jail 'web' must be a FreeBSD release like "
                             "15.0-RELEASE, 14.3-RC1 or 15.0-BETA2, not ";
    EXPECT_EQ(web_problems(obj({{"release", s("../../tmp")}})), Messages{want + "'../../tmp'"});
    EXPECT_EQ(web_problems(obj({{"release", f(15.0)}})), Messages{want + "15"});
    EXPECT_EQ(web_problems(obj({{"release", s("15.0")}})),
              Messages{want + "'15.0' (did you mean '15.0-RELEASE'?)"});
}

TEST_F(CheckTest, RejectsAKeySetTwice) {
    EXPECT_EQ(web_problems(obj({{"release", s("15.0-RELEASE")}, {"release", s("14.3-RELEASE")}})),
              (Messages{"error: 'release' in jail 'web' is set more than once",
                        "note: 'release' in jail 'web' is first set here"}));
}

TEST_F(CheckTest, ReadsAStaticIp) {
    EXPECT_EQ(web(obj({{"ip", s("10.17.89.50")}})).ip, "10.17.89.50");
}

TEST_F(CheckTest, RejectsMalformedAndForeignIps) {
    EXPECT_EQ(web_problems(obj({{"ip", s("10.17.89")}})),
              Messages{"error: 'ip' in jail 'web' must be an IPv4 address like 10.17.89.20, not "
                       "'10.17.89'"});
    EXPECT_EQ(
        web_problems(obj({{"ip", i(5)}})),
        Messages{"error: 'ip' in jail 'web' must be an IPv4 address like 10.17.89.20, not 5"});
    EXPECT_EQ(web_problems(obj({{"ip", s("192.168.1.5")}})),
              Messages{"error: 'ip' in jail 'web' must be inside the jail subnet 10.17.89.0/24, "
                       "not '192.168.1.5'"});
}

TEST_F(CheckTest, RejectsReservedIps) {
    EXPECT_EQ(web_problems(obj({{"ip", s("10.17.89.0")}})),
              Messages{"error: 'ip' in jail 'web' cannot be 10.17.89.0: it is the subnet's "
                       "network address"});
    EXPECT_EQ(web_problems(obj({{"ip", s("10.17.89.1")}})),
              Messages{"error: 'ip' in jail 'web' cannot be 10.17.89.1: it is the VM's bridge "
                       "(gateway and DNS)"});
    EXPECT_EQ(web_problems(obj({{"ip", s("10.17.89.255")}})),
              Messages{"error: 'ip' in jail 'web' cannot be 10.17.89.255: it is the subnet's "
                       "broadcast address"});
}

TEST_F(CheckTest, RejectsTwoJailsWithTheSameIp) {
    EXPECT_EQ(problems(jails({{"a", obj({{"ip", s("10.17.89.20")}})},
                              {"b", obj({{"ip", s("10.17.89.20")}})}})),
              (Messages{"error: jail 'b' has ip 10.17.89.20, which jail 'a' already has",
                        "note: jail 'a' has it here"}));
}

TEST_F(CheckTest, ReadsAJailBaseWithDefaultType) {
    const auto config =
        ok(jails({{"python", obj({})}, {"web", obj({{"base", obj({{"name", s("python")}})}})}}));
    EXPECT_EQ(config.jails.at(1).base, "python");
    EXPECT_EQ(
        ok(jails({{"python", obj({})},
                  {"web", obj({{"base", obj({{"type", s("jail")}, {"name", s("python")}})}})}}))
            .jails.at(1)
            .base,
        "python");
}

TEST_F(CheckTest, RejectsMalformedJailBases) {
    EXPECT_EQ(
        web_problems(obj({{"base", s("python")}})),
        Messages{"error: 'base' in jail 'web' must be a section like base { name = \"other\"; "
                 "}, not 'python'"});
    EXPECT_EQ(
        web_problems(obj({{"base", obj({{"type", s("zfs")}})}})),
        (Messages{"error: 'type' in base of jail 'web' must be \"jail\", not 'zfs'",
                  "error: base of jail 'web' needs 'name', the jail to clone this one from"}));
    EXPECT_EQ(
        web_problems(obj({{"base", obj({{"nmae", s("x")}})}})),
        (Messages{"error: unknown key 'nmae' in base of jail 'web' (did you mean 'name'?)",
                  "error: base of jail 'web' needs 'name', the jail to clone this one from"}));
}

TEST_F(CheckTest, RejectsUnknownBaseTargetsWithSuggestion) {
    EXPECT_EQ(problems(jails(
                  {{"python", obj({})}, {"web", obj({{"base", obj({{"name", s("pyton")}})}})}})),
              Messages{"error: jail 'web' clones from unknown jail 'pyton' (did you mean "
                       "'python'?)"});
    EXPECT_EQ(web_problems(obj({{"base", obj({{"name", s("web")}})}})),
              Messages{"error: jail 'web' clones from itself"});
}

TEST_F(CheckTest, ReadsDependsInEveryShape) {
    const auto deps = [&](const ucl::Value& depends) {
        return ok(jails({{"a", obj({})}, {"b", obj({})}, {"web", obj({{"depends", depends}})}}))
            .jails.at(2)
            .depends;
    };
    EXPECT_EQ(deps(arr({s("a"), s("b")})), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(deps(s("a")), (std::vector<std::string>{"a"}));
    EXPECT_EQ(deps(arr({})), (std::vector<std::string>{}));
    // depends "a"; depends "b";  ->  an implicit array
    const auto config = ok(jails({{"a", obj({})},
                                  {"b", obj({})},
                                  {"web", obj({{"depends", s("a")}, {"depends", s("b")}})}}));
    EXPECT_EQ(config.jails.at(2).depends, (std::vector<std::string>{"a", "b"}));
}

TEST_F(CheckTest, RejectsUnknownAndMalformedDepends) {
    EXPECT_EQ(
        problems(jails({{"db", obj({})}, {"web", obj({{"depends", arr({s("dbs"), s("x")})}})}})),
        (Messages{"error: jail 'web' depends on unknown jail 'dbs' (did you mean 'db'?)",
                  "error: jail 'web' depends on unknown jail 'x'"}));
    EXPECT_EQ(web_problems(obj({{"depends", arr({i(1)})}})),
              Messages{"error: 'depends' in jail 'web' must be a list of jail names, not 1"});
}

TEST_F(CheckTest, WarnsAboutARepeatedDependency) {
    auto result =
        run(jails({{"db", obj({})}, {"web", obj({{"depends", arr({s("db"), s("db")})}})}}));
    EXPECT_EQ(messages(result),
              Messages{"warning: jail 'web' lists 'db' in 'depends' more than once"});
    ASSERT_TRUE(result.config.has_value());
    EXPECT_EQ(result.config->jails.at(1).depends, std::vector<std::string>{"db"});
}

TEST_F(CheckTest, ReportsADependencyCycle) {
    EXPECT_EQ(problems(jails({{"a", obj({{"depends", arr({s("b")})}})},
                              {"b", obj({{"depends", arr({s("a")})}})}})),
              Messages{"error: dependency cycle: a -> b -> a"});
}

TEST_F(CheckTest, ReportsACycleThroughBaseAndDepends) {
    EXPECT_EQ(problems(jails({{"a", obj({{"base", obj({{"name", s("c")}})}})},
                              {"b", obj({{"depends", arr({s("a")})}})},
                              {"c", obj({{"depends", arr({s("b")})}})}})),
              Messages{"error: dependency cycle: a -> c -> b -> a"});
}

TEST_F(CheckTest, ReportsADependencyOnItself) {
    EXPECT_EQ(web_problems(obj({{"depends", arr({s("web")})}})),
              Messages{"error: jail 'web' depends on itself"});
}

TEST_F(CheckTest, AcceptsADiamondOfDependencies) {
    const auto config = ok(jails({{"top", obj({{"depends", arr({s("l"), s("r")})}})},
                                  {"l", obj({{"depends", arr({s("base")})}})},
                                  {"r", obj({{"depends", arr({s("base")})}})},
                                  {"base", obj({})}}));
    EXPECT_EQ(config.jails.size(), 4U);
}

TEST_F(CheckTest, ReportsEveryProblemNotJustTheFirst) {
    const auto found =
        problems(jails({{"a_b", obj({{"forwards", obj({})}})},
                        {"web", obj({{"ip", s("1.2.3.4")}, {"depends", s("nope")}})}}));
    EXPECT_EQ(found.size(), 4U);
}

} // namespace jrun::test
