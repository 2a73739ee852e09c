// SPDX-License-Identifier: BSD-2-Clause
// The hostile-string suite, the other ways out: setup vars rendered into Ansible's extra-vars
// file (every string marked unsafe, nothing templated, every value intact), and the words of
// `jrun cmd` run through the remote command line by a real /bin/sh with a recording `jexec`.
#include "hostile_config.hpp"
#include "hostile_run.hpp"
#include "model/recorded.hpp"
#include "provision/ansible_files.hpp"
#include "render/guest.hpp"
#include "ssh/ssh_config.hpp"
#include "sys/real_process_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace jrun::test::hostile {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// Return the vars fragment with `payload` as a value, in a list, nested in objects and as a
// nested key; and as a top-level name when `as_name`.
std::string hostile_vars(const std::string& payload, bool as_name) {
    const auto q = ucl_string(payload);
    std::string out = "greeting = " + q + "; list = [\"a\", " + q + "]; conf { " + q
                      + " = \"k\"; deep { value = " + q + "; } }";
    return as_name ? out + " " + q + " = \"top\";" : out;
}

// Return `json` with every {"__ansible_unsafe": S} replaced by S; count strings not so marked.
nlohmann::ordered_json unwrap(const nlohmann::ordered_json& json, int& unmarked) {
    if (json.is_string()) {
        ++unmarked;
        return json;
    }
    if (json.is_object() && json.size() == 1 && json.contains("__ansible_unsafe")
        && json.at("__ansible_unsafe").is_string()) {
        return json.at("__ansible_unsafe");
    }
    if (!json.is_structured()) {
        return json;
    }
    auto out = json.is_array() ? nlohmann::ordered_json::array() : nlohmann::ordered_json::object();
    for (const auto& [key, element] : json.items()) {
        if (json.is_array()) {
            out.push_back(unwrap(element, unmarked));
        } else {
            out[key] = unwrap(element, unmarked);
        }
    }
    return out;
}

// Return the checked vars of the hostile fragment for payload `index` (nullopt: refused).
std::optional<nlohmann::ordered_json>
checked_vars(const Workspace& workspace, std::size_t index, std::string& diagnostics) {
    const std::string& payload = payloads().at(index);
    JailFields name_probe;
    name_probe.vars = ucl_string(payload) + " = \"top\";";
    JailFields values;
    values.vars = hostile_vars(payload, workspace.check(name_probe).config.has_value());
    const auto checked = workspace.check(values);
    diagnostics = checked.all;
    if (!checked.config) {
        return std::nullopt;
    }
    return checked.config->jails.at(0).setup.at(0).vars;
}

class HostileVars : public ::testing::TestWithParam<std::size_t> {};

TEST_P(HostileVars, ArriveIntactAndMarkedUnsafeInTheExtraVars) {
    const std::string& payload = payloads().at(GetParam());
    const Workspace workspace;
    std::string diagnostics;
    const auto vars = checked_vars(workspace, GetParam(), diagnostics);
    if (!is_utf8(payload) || payload == "__ansible_unsafe") {
        EXPECT_FALSE(vars.has_value()) << "JSON cannot carry it intact";
        EXPECT_THAT(diagnostics, ::testing::HasSubstr("vars of setup 'deps' of jail 'web' must"));
        return;
    }
    ASSERT_TRUE(vars.has_value()) << diagnostics;
    EXPECT_EQ(vars->at("greeting"), payload);
    EXPECT_EQ(vars->at("list").at(1), payload);
    EXPECT_EQ(vars->at("conf").at("deep").at("value"), payload);
    EXPECT_EQ(vars->at("conf").begin().key(), payload);
    const auto rendered = provision::render_extra_vars(*vars);
    ASSERT_TRUE(rendered.ok()) << rendered.error().what;
    const auto parsed = nlohmann::ordered_json::parse(*rendered, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << *rendered;
    int unmarked = 0;
    EXPECT_EQ(unwrap(parsed, unmarked), *vars);
    EXPECT_EQ(unmarked, 0) << "strings not marked unsafe in\n" << *rendered;
}

INSTANTIATE_TEST_SUITE_P(Payloads,
                         HostileVars,
                         ::testing::Range<std::size_t>(0, payloads().size()),
                         payload_name);

// Ansible's own JSON decoder (ansible-core's AnsibleJSONDecoder, as `-e @file` uses it) reads
// every string of every payload's extra-vars file as unsafe text, equal to the config's value.
TEST(HostileVarsInAnsible, EveryStringIsUnsafeTextEqualToTheConfigValue) {
    const Workspace workspace;
    std::string listing;
    for (std::size_t i = 0; i < payloads().size(); ++i) {
        std::string diagnostics;
        const auto vars = checked_vars(workspace, i, diagnostics);
        if (!vars) {
            continue;
        }
        const auto rendered = provision::render_extra_vars(*vars);
        ASSERT_TRUE(rendered.ok());
        const auto base = workspace.path() / ("vars-" + std::to_string(i));
        std::ofstream(base.string() + ".json") << *rendered;
        std::ofstream(base.string() + ".expected") << vars->dump();
        listing += base.string() + "\n";
    }
    static constexpr std::string_view k_check = R"(
import json, sys
try:
    from ansible.parsing.ajson import AnsibleJSONDecoder
    from ansible.utils.unsafe_proxy import AnsibleUnsafe
except ImportError:
    print("ansible-core is not importable"); sys.exit(77)
def plain(v):
    if isinstance(v, str):
        if not isinstance(v, AnsibleUnsafe): raise SystemExit("not unsafe: %r" % v)
        return str(v)
    if isinstance(v, list): return [plain(x) for x in v]
    if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
    return v
bad = 0
for base in sys.stdin.read().split("\n"):
    if not base: continue
    got = plain(json.load(open(base + ".json", encoding="utf-8"), cls=AnsibleJSONDecoder))
    want = json.load(open(base + ".expected", encoding="utf-8"))
    if got != want:
        bad += 1; print("differs:", base)
print("checked")
sys.exit(1 if bad else 0)
)";
    auto command = sys::Command({"/usr/bin/python3", "-c", std::string(k_check)});
    command.set_stdin(listing);
    sys::RealProcessRunner runner;
    const auto done = runner.run(command);
    ASSERT_TRUE(done.ok());
    if (done.value().status == sys::ExitStatus::exited(77)) {
        GTEST_SKIP() << done.value().out;
    }
    EXPECT_TRUE(done.value().success()) << done.value().out << done.value().err;
    EXPECT_EQ(done.value().out, "checked\n");
}

// Run `line` with /bin/sh in `dir` with a recording `jexec` and a pass-through `doas` first on
// PATH; return the words jexec got.
std::vector<std::string> run_remote(const std::string& line, const std::filesystem::path& dir) {
    const auto record = dir / "jexec-words";
    write_recorder(dir / "bin/jexec", record);
    std::ofstream(dir / "bin/doas") << "#!/bin/sh\nexec \"$@\"\n";
    std::filesystem::permissions(dir / "bin/doas", std::filesystem::perms::owner_all);
    auto command = sys::Command({"/bin/sh", "-c", line})
                       .set_env("PATH", (dir / "bin").string() + ":/usr/bin:/bin")
                       .set_cwd(dir);
    sys::RealProcessRunner runner;
    const auto done = runner.run(command);
    EXPECT_TRUE(done.ok() && done.value().success()) << (done.ok() ? done.value().err : "");
    if (!std::filesystem::exists(record)) {
        return {};
    }
    auto words = recorded_words(record);
    words.erase(words.begin()); // the working directory
    return words;
}

class HostileArgv : public ::testing::TestWithParam<std::size_t> {};

TEST_P(HostileArgv, CmdWordsArriveIntactThroughTheRemoteCommandLine) {
    const std::string& payload = payloads().at(GetParam());
    if (payload.find('\0') != std::string::npos) {
        GTEST_SKIP() << "no argv word can hold a NUL byte";
    }
    const TempDir dir;
    const std::string priv = model::private_name_for("web");
    const std::vector<std::string> argv{payload, "--", "x" + payload + "y"};
    std::vector<std::string> expected{priv};
    expected.insert(expected.end(), argv.begin(), argv.end());
    for (const bool become : {false, true}) {
        SCOPED_TRACE(become ? "through doas" : "as root");
        ssh::SshConfig config;
        config.target.user = become ? "admin" : "root";
        config.become = become;
        const auto line = ssh::remote_command(config, render::jexec_argv(priv, argv));
        EXPECT_EQ(line.starts_with("doas "), become);
        EXPECT_THAT(run_remote(line, dir.path()), ElementsAreArray(expected));
    }
    EXPECT_THAT(pwned_files({dir.path()}), ElementsAre());
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::current_path() / "pwned"));
}

INSTANTIATE_TEST_SUITE_P(Payloads,
                         HostileArgv,
                         ::testing::Range<std::size_t>(0, payloads().size()),
                         payload_name);

} // namespace
} // namespace jrun::test::hostile
