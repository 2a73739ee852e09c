// SPDX-License-Identifier: BSD-2-Clause
// The hostile-string suite, guest side: for each payload, one jail with the payload in every
// field that accepts it (cmd, dir, env, user, healthcheck test, mount paths, labels, name),
// checked by config::check, rendered, and run by the real /bin/sh against the fake FreeBSD
// host. Nothing may run (no file named `pwned` appears), the scripts must be valid sh, and
// every value must reach the command that uses it byte for byte: daemon(8) and timeout(1) are
// recording stubs, and the fake's mount table shows the mounted path.
#include "hostile_config.hpp"
#include "hostile_run.hpp"
#include "jail/fake_host.hpp"
#include "model/recorded.hpp"
#include "render/files_jail.hpp"
#include "render/guest.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jrun::test::hostile {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The fields whose values reach a guest script, in the order they are tried; of the two forms
// of a path, the first accepted one is used.
const std::vector<std::string> k_script_fields{"jail_name",
                                               "cmd",
                                               "dir_under_srv",
                                               "dir",
                                               "env_value",
                                               "env_name",
                                               "user",
                                               "healthcheck_test",
                                               "mount_jail_under_mnt",
                                               "mount_jail",
                                               "mount_host",
                                               "forward_label",
                                               "mount_label",
                                               "exec_label",
                                               "setup_label"};

const Field& field_named(const std::string& name) {
    const auto& all = fields();
    return *std::find_if(all.begin(), all.end(), [&](const Field& f) { return f.name == name; });
}

// Return the fields of the one jail that takes `payload` wherever a field accepts it.
JailFields
hostile_fields(const Workspace& workspace, std::size_t index, std::vector<std::string>& used) {
    const std::string& payload = payloads().at(index);
    JailFields out;
    for (const auto& name : k_script_fields) {
        const bool second_form = name == "dir" || name == "mount_jail";
        const std::string first_form = name == "dir" ? "dir_under_srv" : "mount_jail_under_mnt";
        if (second_form && std::find(used.begin(), used.end(), first_form) != used.end()) {
            continue;
        }
        const Field& field = field_named(name);
        JailFields single;
        (void)field.set(single, workspace, index, payload);
        if (workspace.check(single).config) {
            (void)field.set(out, workspace, index, payload);
            used.push_back(name);
        }
    }
    return out;
}

render::JailWork work_for(const model::Jail& jail) {
    render::JailWork work;
    work.desired = &jail;
    work.name = jail.name;
    work.private_name = model::private_name_for(jail.name);
    work.ip = jail.ip.value_or("");
    return work;
}

std::vector<std::string> tags_of(const model::Jail& jail) {
    std::vector<std::string> tags;
    for (const auto& mount : jail.mounts) {
        tags.push_back(model::share_tag_for(mount.host));
    }
    return tags;
}

sys::Completed run_wrapper(const std::string& script, const std::filesystem::path& root) {
    auto command = sys::Command({"/bin/sh", "-s"}).set_env("JRUN_ROOT", root.string());
    command.set_stdin(script);
    sys::RealProcessRunner runner;
    const auto done = runner.run(command);
    EXPECT_TRUE(done.ok());
    return done.ok() ? done.value() : sys::Completed{};
}

// Expect `words` (recorded in the exec's directory) to run `command` with the exec's
// environment: `/usr/bin/env PATH=... NAME=VALUE /bin/sh -c COMMAND`.
void expect_shell_call(const std::vector<std::string>& words,
                       const std::string& dir,
                       const model::Exec& exec,
                       const std::string& command) {
    ASSERT_FALSE(words.empty());
    EXPECT_EQ(words.front(), dir);
    const auto env = env_call(words);
    ASSERT_TRUE(env.has_value());
    ASSERT_EQ(env->assignments.size(), 1 + exec.env.size());
    for (std::size_t i = 0; i < exec.env.size(); ++i) {
        EXPECT_EQ(env->assignments[i + 1], exec.env[i].name + "=" + exec.env[i].value);
    }
    ASSERT_FALSE(env->command.empty());
    EXPECT_EQ(env->command.front(), "/bin/sh");
    const auto args = std::span(env->command).subspan(1);
    EXPECT_EQ(sh_command_string(args), command) << "sh would not run it as its command";
}

// Expect the start wrapper to hand daemon(8) `-u USER` and `env ... /bin/sh -c CMD`, in the
// exec's directory.
void expect_start_wrapper(const model::Exec& exec,
                          const std::filesystem::path& root,
                          const std::filesystem::path& scratch) {
    const auto record = scratch / "daemon-words";
    write_recorder(root / "usr/sbin/daemon", record);
    const auto paths = render::exec_paths(exec.label);
    const auto started = run_wrapper(read_file(root.string() + paths.start), root);
    ASSERT_TRUE(started.success()) << started.err;
    const auto words = recorded_words(record);
    const auto user = std::find(words.begin(), words.end(), "-u");
    ASSERT_NE(user, words.end());
    ASSERT_NE(user + 1, words.end());
    EXPECT_EQ(*(user + 1), exec.user.value_or(""));
    expect_shell_call(words, root.string() + exec.dir, exec, exec.cmd);
}

// Expect the health wrapper to hand timeout(1) `env ... /bin/sh -c TEST`, in the exec's
// directory.
void expect_health_wrapper(const model::Exec& exec,
                           const std::filesystem::path& root,
                           const std::filesystem::path& scratch) {
    const auto record = scratch / "timeout-words";
    write_recorder(scratch / "bin/timeout", record);
    std::string health = read_file(root.string() + render::exec_paths(exec.label).check);
    const auto at = health.find("/usr/bin/timeout");
    ASSERT_NE(at, std::string::npos);
    health.replace(at, 16, (scratch / "bin/timeout").string());
    (void)run_wrapper(health, root);
    expect_shell_call(
        recorded_words(record), root.string() + exec.dir, exec, exec.healthcheck.value().test);
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += word + " ";
    }
    return out;
}

class HostileScripts : public ::testing::TestWithParam<std::size_t> {};

TEST_P(HostileScripts, RunNothingAndDeliverEveryValueIntact) {
    const Workspace workspace;
    std::vector<std::string> used;
    const auto checked = workspace.check(hostile_fields(workspace, GetParam(), used));
    ASSERT_TRUE(checked.config.has_value()) << checked.all;
    ::testing::Test::RecordProperty("fields", joined(used));
    const model::Jail& jail = checked.config->jails.at(0);
    const auto work = work_for(jail);
    const auto prepare = render::jail_prepare_script(work);
    const auto supervise = render::jail_supervise_script(work);
    EXPECT_EQ(syntax_errors(prepare), "");
    EXPECT_EQ(syntax_errors(supervise), "");

    FakeHost host(tags_of(jail));
    const auto prepared = host.script(prepare);
    ASSERT_TRUE(prepared.success()) << prepared.err << host.log();
    const auto supervised = host.script(supervise);
    ASSERT_TRUE(supervised.success()) << supervised.err << host.log();
    const auto paths = render::jail_paths(work.private_name);
    const auto root = host.at(paths.root);
    EXPECT_THAT(host.sh("mount -p -t nullfs"),
                HasSubstr(paths.root + jail.mounts.at(0).jail + "\tnullfs\t"));
    const auto files = render::exec_paths(jail.execs.at(0).label);
    for (const auto& file : {files.start, files.stop, files.check}) {
        EXPECT_EQ(syntax_errors(read_file(root.string() + file)), "") << file;
    }
    expect_start_wrapper(jail.execs.at(0), root, workspace.path());
    expect_health_wrapper(jail.execs.at(0), root, workspace.path());

    EXPECT_THAT(pwned_files({workspace.path(), host.state().parent_path()}), ElementsAre());
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::current_path() / "pwned"));
    EXPECT_FALSE(std::filesystem::exists(source_dir() / "pwned"));
}

INSTANTIATE_TEST_SUITE_P(Payloads,
                         HostileScripts,
                         ::testing::Range<std::size_t>(0, payloads().size()),
                         payload_name);

} // namespace
} // namespace jrun::test::hostile
