// SPDX-License-Identifier: BSD-2-Clause
// config::check: setup steps, vars, the top-level base and its vm overrides; the model.
#include "fixture.hpp"

#include <algorithm>

namespace jrun::test {

using namespace tree;

namespace {

ucl::Value setup(const ucl::Value& body) {
    return obj({{"setup", obj({{"app", body}})}});
}

ucl::Value vm(const ucl::Value& body) {
    return obj({{"base", obj({{"vm", body}})}});
}

} // namespace

TEST_F(CheckTest, ResolvesPlaybookFilesAgainstTheConfigDirectory) {
    const auto jail = web(setup(obj({{"type", s("ansible")}, {"file", s("playbooks/app.yml")}})));
    ASSERT_EQ(jail.setup.size(), 1U);
    EXPECT_EQ(jail.setup[0].file, "/proj/playbooks/app.yml");
    EXPECT_EQ(jail.setup[0].url, "");
    EXPECT_EQ(jail.setup[0].type, "ansible");
    EXPECT_EQ(jail.setup[0].vars, nlohmann::ordered_json::object());
}

TEST_F(CheckTest, DefaultsTheSetupTypeToAnsible) {
    EXPECT_EQ(web(setup(obj({{"file", s("/proj/playbooks/app.yml")}}))).setup.at(0).type,
              "ansible");
}

TEST_F(CheckTest, FallsBackToTheCurrentDirectoryWithAWarning) {
    auto result = run(jails({{"web", setup(obj({{"file", s("playbooks/cwd.yml")}}))}}));
    EXPECT_EQ(messages(result),
              Messages{"warning: 'file' in setup 'app' of jail 'web' names 'playbooks/cwd.yml', "
                       "which is not next to the config file ('/proj/playbooks/cwd.yml') but in "
                       "the current directory; using '/cwd/playbooks/cwd.yml', but paths are "
                       "relative to the config file: write file = \"../cwd/playbooks/cwd.yml\""});
    ASSERT_TRUE(result.config.has_value());
    EXPECT_EQ(result.config->jails.at(0).setup.at(0).file, "/cwd/playbooks/cwd.yml");
}

TEST_F(CheckTest, NamesBothPlacesWhenAPlaybookIsMissing) {
    EXPECT_EQ(web_problems(setup(obj({{"file", s("missing.yml")}}))),
              Messages{"error: 'file' in setup 'app' of jail 'web' names 'missing.yml', which "
                       "exists neither next to the config file ('/proj/missing.yml') nor in the "
                       "current directory ('/cwd/missing.yml')"});
    EXPECT_EQ(web_problems(setup(obj({{"file", s("/abs/missing.yml")}}))),
              Messages{"error: 'file' in setup 'app' of jail 'web' names '/abs/missing.yml', but "
                       "'/abs/missing.yml' does not exist"});
    EXPECT_EQ(web_problems(setup(obj({{"file", s("src")}}))),
              Messages{"error: 'file' in setup 'app' of jail 'web' names 'src', but '/proj/src' "
                       "is not a file"});
}

TEST_F(CheckTest, ExplainsFileAndUrlConfusion) {
    EXPECT_EQ(web_problems(setup(obj({{"file", s("https://github.com/o/r/blob/main/p.yml")}}))),
              Messages{"error: 'file' in setup 'app' of jail 'web' looks like a URL; use 'url' "
                       "instead of 'file'"});
    EXPECT_EQ(web_problems(setup(obj({{"url", s("playbooks/app.yml")}}))),
              Messages{"error: 'url' in setup 'app' of jail 'web' looks like a path; use 'file' "
                       "instead of 'url'"});
    EXPECT_EQ(web_problems(setup(obj({{"file", s("playbooks/app.yml")}, {"url", s("hub://a/1")}}))),
              Messages{"error: setup 'app' of jail 'web' has both 'file' and 'url'; keep one of "
                       "them"});
    EXPECT_EQ(web_problems(setup(obj({{"vars", obj({})}}))),
              Messages{"error: setup 'app' of jail 'web' needs 'file' (a local playbook) or 'url' "
                       "(hub://NAME/VERSION or a GitHub blob URL)"});
}

TEST_F(CheckTest, AcceptsHubAndGithubUrls) {
    EXPECT_EQ(web(setup(obj({{"url", s("hub://postgres/16@v1.1.0")}}))).setup.at(0).url,
              "hub://postgres/16@v1.1.0");
    const std::string blob = "https://github.com/me/plays/blob/0123abc/web/playbook.yml";
    EXPECT_EQ(web(setup(obj({{"url", s(blob)}}))).setup.at(0).url, blob);
}

TEST_F(CheckTest, RejectsUrlsThatCannotBeFetched) {
    EXPECT_EQ(web_problems(setup(obj({{"url", s("hub://postgres")}}))),
              Messages{"error: 'url' in setup 'app' of jail 'web' must look like "
                       "hub://NAME/VERSION or hub://NAME/VERSION@REF, not 'hub://postgres'"});
    EXPECT_EQ(web_problems(setup(obj({{"url", s("http://github.com/o/r/blob/m/p.yml")}}))),
              Messages{"error: 'url' in setup 'app' of jail 'web' must use https://, not "
                       "'http://github.com/o/r/blob/m/p.yml'"});
}

TEST_F(CheckTest, RejectsSetupTypesOtherThanAnsible) {
    EXPECT_EQ(web_problems(setup(obj({{"type", s("shell")}, {"url", s("hub://a/1")}}))),
              Messages{"error: 'type' in setup 'app' of jail 'web' must be \"ansible\", not "
                       "'shell'"});
}

TEST_F(CheckTest, ReadsTypedVarsLikeTheHubReadmes) {
    const auto jail =
        web(setup(obj({{"type", s("ansible")},
                       {"url", s("hub://postgres/16")},
                       {"vars",
                        obj({{"POSTGRES_DB", s("app")},
                             {"PACKAGES", arr({s("a")})},
                             {"PORT", i(5432)},
                             {"TUNING", obj({{"shared_buffers", s("1GB")}, {"on", b(true)}})},
                             {"RATIO", f(0.5)}})}})));
    EXPECT_EQ(jail.setup.at(0).vars.dump(),
              R"({"POSTGRES_DB":"app","PACKAGES":["a"],"PORT":5432,)"
              R"("TUNING":{"shared_buffers":"1GB","on":true},"RATIO":0.5})");
}

TEST_F(CheckTest, RejectsVarsThatAreNotNamedValues) {
    EXPECT_EQ(web_problems(setup(obj({{"url", s("hub://a/1")}, {"vars", obj({{"1X", s("v")}})}}))),
              Messages{"error: variable name '1X' in vars of setup 'app' of jail 'web' must be "
                       "letters, digits and '_', not starting with a digit"});
    EXPECT_EQ(web_problems(setup(obj({{"url", s("hub://a/1")}, {"vars", arr({s("x")})}}))),
              Messages{"error: 'vars' in setup 'app' of jail 'web' must be a section of NAME = "
                       "VALUE pairs, not a list"});
}

TEST_F(CheckTest, RejectsVarsThatAreNotUtf8Text) {
    const auto nested = obj({{"conf", obj({{"list", arr({s("ok"), s("\xc3(")})}})}});
    EXPECT_EQ(web_problems(setup(obj({{"url", s("hub://a/1")}, {"vars", nested}}))),
              Messages{"error: vars of setup 'app' of jail 'web' must be UTF-8 text, not "
                       "'\\xc3('"});
    const auto key = obj({{"conf", obj({{"\xff", s("v")}})}});
    EXPECT_EQ(web_problems(setup(obj({{"url", s("hub://a/1")}, {"vars", key}}))),
              Messages{"error: vars of setup 'app' of jail 'web' must be UTF-8 text, not the "
                       "key '\\xff'"});
    const auto reserved = obj({{"conf", arr({obj({{"__ansible_unsafe", s("v")}})})}});
    EXPECT_EQ(web_problems(setup(obj({{"url", s("hub://a/1")}, {"vars", reserved}}))),
              Messages{"error: vars of setup 'app' of jail 'web' must not use the key "
                       "'__ansible_unsafe', which Ansible reserves"});
}

TEST_F(CheckTest, KeepsSetupStepsInOrder) {
    const auto jail = web(obj({{"setup",
                                obj({{"second", obj({{"url", s("hub://a/1")}})},
                                     {"first", obj({{"url", s("hub://b/1")}})}})}}));
    ASSERT_EQ(jail.setup.size(), 2U);
    EXPECT_EQ(jail.setup[0].label, "second");
    EXPECT_EQ(jail.setup[1].label, "first");
}

TEST_F(CheckTest, ReadsTheBase) {
    const auto config = ok(obj(
        {{"base",
          obj({{"setup", obj({{"desk", obj({{"url", s("hub://xfce/rolling")}})}})},
               {"mount",
                obj({{"code", obj({{"host", s("~/code")}, {"target", s("/home/admin/code")}})}})},
               {"forward", obj({{"ssh2", obj({{"host", i(2022)}, {"target", i(22)}})}})}})}}));
    ASSERT_TRUE(config.base.has_value());
    EXPECT_EQ(config.base->setup.at(0).url, "hub://xfce/rolling");
    EXPECT_EQ(config.base->mounts.at(0),
              (model::BaseMount{"code", "/home/user/code", "/home/admin/code", {}}));
    EXPECT_EQ(config.base->forwards.at(0),
              (model::BaseForward{"ssh2", model::Proto::tcp, 2022, 22, {}}));
    EXPECT_FALSE(config.base->vm.cpus.has_value());
}

TEST_F(CheckTest, RejectsASecondBaseAndUnknownBaseKeys) {
    EXPECT_EQ(problems(obj({{"base", obj({})}, {"base", obj({})}})),
              (Messages{"error: a config may have only one top-level 'base'",
                        "note: the first 'base' is here"}));
    EXPECT_EQ(problems(obj({{"base", obj({{"mounts", obj({})}})}})),
              Messages{"error: unknown key 'mounts' in base (did you mean 'mount'?)"});
    EXPECT_EQ(problems(obj({{"base", s("x")}})),
              Messages{"error: 'base' at the top level must be a section like base { setup { ... "
                       "} }, not 'x'"});
    EXPECT_EQ(
        problems(obj(
            {{"base", obj({{"forward", obj({{"x", obj({{"host", i(9)}, {"jail", i(9)}})}})}})}})),
        (Messages{"error: unknown key 'jail' in forward 'x' of base",
                  "error: forward 'x' of base needs 'target' (the port it forwards to)"}));
}

TEST_F(CheckTest, ReadsVmOverrides) {
    constexpr std::uint64_t k_mib = 1024ULL * 1024ULL;
    const auto config = ok(vm(obj({{"cpus", i(4)}, {"memory", s("4G")}, {"disk", s("40G")}})));
    EXPECT_EQ(config.base->vm.cpus, 4);
    EXPECT_EQ(config.base->vm.memory_bytes, 4096 * k_mib);
    EXPECT_EQ(config.base->vm.disk_bytes, 40ULL * 1024ULL * k_mib);
    EXPECT_EQ(ok(vm(obj({{"memory", s("1.5G")}}))).base->vm.memory_bytes, 1536 * k_mib);
}

TEST_F(CheckTest, ReadsUnquotedSizesWithBinaryUnits) {
    // memory = 4096M; UCL reads 4096 * 10^6, QEMU users mean MiB.
    SourceSet sources;
    const SourceFile* file = sources.add("s.ucl", "memory = 4096M; disk = 20gb\n");
    const auto config = ok(vm(
        obj({{"memory", i(4096000000, {file, 1, 10})}, {"disk", i(21474836480, {file, 1, 24})}})));
    EXPECT_EQ(config.base->vm.memory_bytes, 4096ULL * 1024 * 1024);
    EXPECT_EQ(config.base->vm.disk_bytes, 20ULL * 1024 * 1024 * 1024);
}

TEST_F(CheckTest, RejectsBadVmOverrides) {
    EXPECT_EQ(problems(vm(obj({{"cpus", i(0)}}))),
              Messages{"error: 'cpus' in vm of base must be a whole number from 1 to 256, not 0"});
    EXPECT_EQ(
        problems(vm(obj({{"memory", s("lots")}}))),
        Messages{"error: 'memory' in vm of base must be a size like 4096M or 4G, not 'lots'"});
    EXPECT_EQ(problems(vm(obj({{"memory", s("64M")}}))),
              Messages{"error: 'memory' in vm of base must be a whole number of MiB from 128M to "
                       "1T, not '64M'"});
    EXPECT_EQ(problems(vm(obj({{"disk", s("100M")}}))),
              Messages{"error: 'disk' in vm of base must be a size of at least 1G, not '100M'"});
    // A bare number is ambiguous (QEMU's -m reads MiB, qemu-img bytes), as in the settings.
    EXPECT_EQ(problems(vm(obj({{"memory", i(4096)}}))),
              Messages{"error: 'memory' in vm of base needs a unit, like 4096M or 4G, not 4096"});
    EXPECT_EQ(problems(vm(obj({{"cpu", i(2)}}))),
              Messages{"error: unknown key 'cpu' in vm of base (did you mean 'cpus'?)"});
}

TEST_F(CheckTest, ComparesModelsWithoutLocations) {
    SourceSet sources;
    const SourceFile* file = sources.add("a.ucl", "irrelevant");
    const auto body = [&](Location loc, std::int64_t port) {
        ucl::Value forwards = ucl::Value::object(loc);
        forwards.insert("http", loc, obj({{"host", i(port, loc)}, {"jail", i(80, loc)}}));
        ucl::Value jail = ucl::Value::object(loc);
        jail.insert("forward", loc, forwards);
        ucl::Value root = ucl::Value::object(loc);
        root.insert("jail", loc, obj({{"web", jail}}));
        return root;
    };
    const auto with_locations = ok(body({file, 3, 7}, 8080));
    const auto without = ok(body({}, 8080));
    EXPECT_EQ(with_locations.jails.at(0).forwards.at(0).origin.location.line, 3U);
    EXPECT_EQ(with_locations, without);
    EXPECT_NE(with_locations, ok(body({}, 8081)));
}

TEST_F(CheckTest, GivesNoModelWhenThereIsAnError) {
    auto result = run(jails({{"web", obj({{"ip", s("x")}})}, {"ok", obj({})}}));
    EXPECT_TRUE(result.has_errors());
    EXPECT_FALSE(result.config.has_value());
}

TEST_F(CheckTest, SortsDiagnosticsKeepingNotesWithTheirError) {
    SourceSet sources;
    const SourceFile* a = sources.add("a.ucl", "");
    const SourceFile* b = sources.add("b.ucl", "");
    const std::vector<Diagnostic> input{
        {Severity::error, {a, 9, 1}, "late"},
        {Severity::note, {a, 1, 1}, "late's note"},
        {Severity::warning, {b, 1, 1}, "other file"},
        {Severity::error, {a, 2, 5}, "early"},
        {Severity::error, {a, 2, 3}, "earlier"},
    };
    std::vector<std::string> order;
    for (const auto& d : config::sorted(input)) {
        order.push_back(d.message);
    }
    EXPECT_EQ(order, (Messages{"earlier", "early", "late", "late's note", "other file"}));
}

} // namespace jrun::test
