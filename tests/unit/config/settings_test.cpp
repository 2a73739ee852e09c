// SPDX-License-Identifier: BSD-2-Clause
#include "config/settings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace jrun::config {

namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

HostFacts host(std::uint32_t cpus = 4, std::string machine = "x86_64") {
    return {"/home/u", "/work/project", cpus, std::move(machine)};
}

SettingsLoad load(const Environment& env, const SourceFile* file = nullptr) {
    return load_settings(env, file, host());
}

// Return the one diagnostic of `result`, failing the test if there is not exactly one.
Diagnostic only_diagnostic(const SettingsLoad& result) {
    EXPECT_EQ(result.diagnostics.size(), 1U);
    return result.diagnostics.empty() ? Diagnostic{} : result.diagnostics.front();
}

} // namespace

TEST(Settings, DefaultsLiveUnderHomeDotJrun) {
    const auto result = load({});
    ASSERT_TRUE(result.settings);
    EXPECT_THAT(result.diagnostics, IsEmpty());
    const Settings& s = *result.settings;
    EXPECT_EQ(s.home, "/home/u/.jrun");
    EXPECT_EQ(s.env_file, "/home/u/.jrun/.env");
    EXPECT_EQ(s.ssh_dir, "/home/u/.jrun/ssh");
    EXPECT_EQ(s.state_file, "/home/u/.jrun/state.json");
    EXPECT_EQ(s.pid_file, "/home/u/.jrun/vm.pid");
    EXPECT_EQ(s.ssh_port, 2222);
    EXPECT_EQ(s.ssh_user, "admin");
    EXPECT_EQ(s.qemu_memory, 4096ULL << 20);
    EXPECT_EQ(s.qemu_disk_size, 20ULL << 30);
    EXPECT_EQ(s.bsd_version, "15.0");
    EXPECT_EQ(s.bsd_release_tag, "RELEASE");
    EXPECT_TRUE(s.mesh_network);
    EXPECT_FALSE(s.target.has_value());
    EXPECT_EQ(ssh_key_path(s), "/home/u/.jrun/ssh/id_ed25519");
}

TEST(Settings, EveryPathDefaultFollowsJrunHome) {
    const auto result = load({{"JRUN_HOME", "~/second"}});
    ASSERT_TRUE(result.settings);
    const Settings& s = *result.settings;
    for (const std::string* path : {&s.env_file,
                                    &s.ssh_dir,
                                    &s.log_dir,
                                    &s.disk_dir,
                                    &s.cloud_dir,
                                    &s.playbook_cache_dir,
                                    &s.pid_file,
                                    &s.state_file}) {
        EXPECT_EQ(path->rfind("/home/u/second/", 0), 0U) << *path;
    }
    EXPECT_EQ(result.origins.at("JRUN_HOME").source, SettingSource::environment);
    EXPECT_EQ(result.origins.at("JRUN_SSH_DIR").source, SettingSource::default_value);
}

TEST(Settings, RelativeJrunHomeIsRelativeToTheCurrentDirectory) {
    const auto result = load({{"JRUN_HOME", ".jrun-test"}});
    ASSERT_TRUE(result.settings);
    EXPECT_EQ(result.settings->home, "/work/project/.jrun-test");
    EXPECT_EQ(resolve_home({{"JRUN_HOME", ".jrun-test"}}, host()), "/work/project/.jrun-test");
}

TEST(Settings, EnvFileLocationFollowsJrunHomeUnlessNamed) {
    EXPECT_EQ(env_file_location({}, host()).path, "/home/u/.jrun/.env");
    EXPECT_FALSE(env_file_location({}, host()).is_explicit);
    EXPECT_EQ(env_file_location({{"JRUN_HOME", "/srv/j"}}, host()).path, "/srv/j/.env");
    const auto named = env_file_location({{"jrun_env_file", "conf/jrun.env"}}, host());
    EXPECT_EQ(named.path, "/work/project/conf/jrun.env");
    EXPECT_TRUE(named.is_explicit);
}

TEST(Settings, HostFactsGiveArchCpusAndJobs) {
    const auto arm = load_settings({}, nullptr, host(16, "arm64"));
    ASSERT_TRUE(arm.settings);
    EXPECT_EQ(arm.settings->bsd_arch, Arch::aarch64);
    EXPECT_EQ(arm.settings->qemu_cpus, 8U);
    EXPECT_TRUE(arm.settings->qemu_cpus_auto);
    EXPECT_EQ(arm.settings->jobs, 8U);
    const auto small = load_settings({}, nullptr, host(2));
    EXPECT_EQ(small.settings->bsd_arch, Arch::amd64);
    EXPECT_EQ(small.settings->qemu_cpus, 1U);
    EXPECT_EQ(small.settings->jobs, 2U);
}

TEST(Settings, AutoCpusAndJobsFollowTheDocumentedFormulas) {
    EXPECT_EQ(auto_qemu_cpus(1), 1U);
    EXPECT_EQ(auto_qemu_cpus(2), 1U);
    EXPECT_EQ(auto_qemu_cpus(3), 2U);
    EXPECT_EQ(auto_qemu_cpus(8), 4U);
    EXPECT_EQ(auto_qemu_cpus(64), 8U);
    EXPECT_EQ(default_jobs(0), 1U);
    EXPECT_EQ(default_jobs(6), 6U);
    EXPECT_EQ(default_jobs(32), 8U);
}

TEST(Settings, EnvironmentOverridesEnvFile) {
    const SourceFile file{"/home/u/.jrun/.env", "JRUN_SSH_PORT=2300\nJRUN_SSH_USER=ops\n"};
    const auto result = load({{"JRUN_SSH_PORT", "2400"}}, &file);
    ASSERT_TRUE(result.settings);
    EXPECT_EQ(result.settings->ssh_port, 2400);
    EXPECT_EQ(result.settings->ssh_user, "ops");
    EXPECT_EQ(result.origins.at("JRUN_SSH_PORT").source, SettingSource::environment);
    const auto& user = result.origins.at("JRUN_SSH_USER");
    EXPECT_EQ(user.source, SettingSource::env_file);
    EXPECT_EQ(user.location.line, 2U);
}

TEST(Settings, OverriddenBadFileValueIsNotAnError) {
    const SourceFile file{"f.env", "JRUN_SSH_PORT=nope\n"};
    const auto result = load({{"JRUN_SSH_PORT", "2400"}}, &file);
    ASSERT_TRUE(result.settings);
    EXPECT_THAT(result.diagnostics, IsEmpty());
}

TEST(Settings, LaterFileAssignmentWins) {
    const SourceFile file{"f.env", "JRUN_JOBS=nope\nJRUN_JOBS=3\n"};
    const auto result = load({}, &file);
    ASSERT_TRUE(result.settings);
    EXPECT_EQ(result.settings->jobs, 3U);
}

TEST(Settings, NamesAreCaseInsensitive) {
    const SourceFile file{"f.env", "jrun_qemu_memory=2G\n"};
    const auto result = load({{"jrun_ssh_port", "2201"}, {"Jrun_Debug", "yes"}}, &file);
    ASSERT_TRUE(result.settings);
    EXPECT_EQ(result.settings->ssh_port, 2201);
    EXPECT_TRUE(result.settings->debug);
    EXPECT_EQ(result.settings->qemu_memory, 2ULL << 30);
    EXPECT_EQ(result.origins.at("JRUN_SSH_PORT").spelling, "jrun_ssh_port");
}

TEST(Settings, UpperCaseSpellingWinsAndTheOtherIsReported) {
    const auto result = load({{"JRUN_SSH_PORT", "2201"}, {"jrun_ssh_port", "2202"}});
    ASSERT_TRUE(result.settings);
    EXPECT_EQ(result.settings->ssh_port, 2201);
    const auto diag = only_diagnostic(result);
    EXPECT_EQ(diag.severity, Severity::warning);
    EXPECT_EQ(diag.message, "'jrun_ssh_port' is ignored: 'JRUN_SSH_PORT' is also set");
}

TEST(Settings, InvalidEnvironmentValueNamesTheVariableAndTheEnvironment) {
    const auto result = load({{"JRUN_SSH_PORT", "70000"}});
    EXPECT_FALSE(result.settings);
    const auto diag = only_diagnostic(result);
    EXPECT_EQ(diag.severity, Severity::error);
    EXPECT_EQ(render_diagnostic(diag),
              "environment: error: invalid JRUN_SSH_PORT '70000': expected a port number 1..65535");
}

TEST(Settings, InvalidFileValuePointsAtFileLineAndColumn) {
    const SourceFile file{"/p/.env", "# settings\nexport JRUN_QEMU_MEMORY=\"4096\"\n"};
    const auto result = load({}, &file);
    EXPECT_FALSE(result.settings);
    const auto diag = only_diagnostic(result);
    EXPECT_EQ(format_location(diag.location), "/p/.env:2:25");
    EXPECT_THAT(diag.message, HasSubstr("invalid JRUN_QEMU_MEMORY '4096': expected a size"));
    EXPECT_THAT(diag.message, HasSubstr("add a unit, e.g. '4096M'"));
}

TEST(Settings, ReportsEveryInvalidValueAtOnce) {
    const auto result = load({{"JRUN_DEBUG", "maybe"},
                              {"JRUN_QEMU_CPUS", "0"},
                              {"JRUN_BSD_ARCH", "i386"},
                              {"JRUN_QEMU_ACCEL", "whpx"},
                              {"JRUN_BSD_RELEASE_TAG", "STABLE"},
                              {"JRUN_SSH_USER", "Root"},
                              {"JRUN_TARGET", "ssh://host"}});
    EXPECT_FALSE(result.settings);
    EXPECT_EQ(result.diagnostics.size(), 7U);
}

TEST(Settings, ChecksEachValueType) {
    struct Case {
        const char* name;
        const char* value;
        bool ok;
    };
    const std::string key(64, 'A');
    const std::vector<Case> cases{
        {"JRUN_QEMU_CPUS", "auto", true},
        {"JRUN_QEMU_CPUS", "256", true},
        {"JRUN_QEMU_CPUS", "257", false},
        {"JRUN_QEMU_MEMORY", "32M", false},
        {"JRUN_QEMU_MEMORY", "128M", true},
        {"JRUN_QEMU_MEMORY", "1536K", false},
        {"JRUN_QEMU_MEMORY", "2T", false},
        {"JRUN_QEMU_DISK_SIZE", "30g", true},
        {"JRUN_QEMU_DISK_SIZE", "512M", false},
        {"JRUN_MESH_NETWORK", "off", true},
        {"JRUN_BSD_ARCH", "arm64", true},
        {"JRUN_BSD_RELEASE_TAG", "RC2", true},
        {"JRUN_BSD_VERSION", "15", false},
        {"JRUN_VM_HOST", "localhost", true},
        {"JRUN_VM_HOST", "10.0.0.300", false},
        {"JRUN_RELAY_PEER_PORT", "0", false},
        {"JRUN_RELAY_URL", "relay.jail.run", false},
        {"JRUN_HUB_URL", "http://127.0.0.1:8080/hub", true},
        {"JRUN_HUB_URL", "file:///srv/hub", true},
        {"JRUN_HUB_URL", "file://srv/hub", false},
        {"JRUN_HUB_URL", "file:///srv/../etc", false},
        {"JRUN_HUB_URL", "ftp://hub.example", false},
        {"JRUN_ANSIBLE_PLAYBOOK", "ansible-playbook-3", true},
        {"JRUN_ANSIBLE_PLAYBOOK", "/opt/ansible/bin/ansible-playbook", true},
        {"JRUN_ANSIBLE_PLAYBOOK", "ansible; rm -rf", false},
        {"JRUN_RELAY_PUBKEY", "abc", false},
        {"JRUN_RELAY_PUBKEY", key.c_str(), true},
        {"JRUN_JOBS", "65", false},
        {"JRUN_SSH_KEY", "keys/id", false},
        {"JRUN_SSH_KEY", "~/.ssh/id_rsa", true},
        {"JRUN_VM_PYTHON_INTERPRETER", "py; rm", false},
        {"JRUN_IMAGE", "ftp://x/y", false},
        {"JRUN_IMAGE", "./img.raw.xz", true},
        {"JRUN_TARGET", "", true},
        {"JRUN_QEMU_BIOS", "", true},
    };
    for (const auto& c : cases) {
        const auto result = load({{c.name, c.value}});
        EXPECT_EQ(result.settings.has_value(), c.ok) << c.name << '=' << c.value;
    }
}

TEST(Settings, ParsedValuesReachTheStruct) {
    const auto result = load({{"JRUN_QEMU_CPUS", "3"},
                              {"JRUN_QEMU_ACCEL", "tcg"},
                              {"JRUN_TARGET", "ssh://ops@build.example.org:2022"},
                              {"JRUN_IMAGE", "img/freebsd.raw.xz"},
                              {"JRUN_BSD_RELEASE_TAG", "rc1"},
                              {"JRUN_SSH_KEY", "/keys/id"}});
    ASSERT_TRUE(result.settings);
    const Settings& s = *result.settings;
    EXPECT_EQ(s.qemu_cpus, 3U);
    EXPECT_FALSE(s.qemu_cpus_auto);
    EXPECT_EQ(s.qemu_accel, QemuAccel::tcg);
    ASSERT_TRUE(s.target);
    EXPECT_EQ(s.target->user, "ops");
    EXPECT_EQ(s.target->port, 2022);
    EXPECT_EQ(s.image, "/work/project/img/freebsd.raw.xz");
    EXPECT_EQ(s.bsd_release_tag, "RC1");
    EXPECT_EQ(ssh_key_path(s), "/keys/id");
}

TEST(Settings, UnknownVariableWarnsWithSuggestion) {
    const auto result = load({{"JRUN_SSH_PROT", "2222"}});
    ASSERT_TRUE(result.settings);
    const auto diag = only_diagnostic(result);
    EXPECT_EQ(diag.severity, Severity::warning);
    EXPECT_EQ(diag.message, "unknown setting 'JRUN_SSH_PROT' (did you mean 'JRUN_SSH_PORT'?)");
}

TEST(Settings, UnknownVariableInFileWarnsAtItsLine) {
    const SourceFile file{"f.env", "\njrun_memory=1G\nOTHER_TOOL=1\n"};
    const auto result = load({}, &file);
    ASSERT_TRUE(result.settings);
    const auto diag = only_diagnostic(result);
    EXPECT_EQ(diag.location.line, 2U);
    EXPECT_THAT(diag.message, HasSubstr("unknown setting 'jrun_memory'"));
}

TEST(Settings, UnknownVariableFarFromAnyNameGetsNoGuess) {
    const auto result = load({{"JRUN_XYZZY_PLUGH", "1"}});
    EXPECT_EQ(only_diagnostic(result).message,
              "unknown setting 'JRUN_XYZZY_PLUGH' (run 'jrun config settings' for the list)");
}

TEST(Settings, TestSuiteVariablesAreNotReported) {
    const auto result = load({{"JRUN_SOURCE_DIR", "/src"},
                              {"JRUN_UPDATE_GOLDEN", "1"},
                              {"JRUN_TEST_FREEBSD_IMAGE", "/img"}});
    EXPECT_THAT(result.diagnostics, IsEmpty());
}

TEST(Settings, JrunHomeInEnvFileIsIgnoredWithAWarning) {
    const SourceFile file{"f.env", "JRUN_HOME=/elsewhere\n"};
    const auto result = load({}, &file);
    ASSERT_TRUE(result.settings);
    EXPECT_EQ(result.settings->home, "/home/u/.jrun");
    const auto diag = only_diagnostic(result);
    EXPECT_EQ(diag.severity, Severity::warning);
    EXPECT_THAT(diag.message, HasSubstr("JRUN_HOME has no effect in an env file"));
}

TEST(Settings, EnvFileSyntaxErrorsAreReported) {
    const SourceFile file{"f.env", "JRUN_SSH_PORT='2222\n"};
    const auto result = load({}, &file);
    EXPECT_FALSE(result.settings);
    EXPECT_THAT(only_diagnostic(result).message, HasSubstr("unterminated"));
}

TEST(Settings, EnvFileInterpolatesFromTheEnvironment) {
    const SourceFile file{"f.env", "JRUN_IMAGE=${IMAGES}/fbsd.raw.xz\n"};
    const auto result = load({{"IMAGES", "/data/img"}}, &file);
    ASSERT_TRUE(result.settings);
    EXPECT_EQ(result.settings->image, "/data/img/fbsd.raw.xz");
}

TEST(Settings, MissingHomeDirectoryIsAnErrorUnlessJrunHomeIsSet) {
    const HostFacts homeless{"", "/", 1, "x86_64"};
    EXPECT_FALSE(load_settings({}, nullptr, homeless).settings);
    EXPECT_TRUE(load_settings({{"JRUN_HOME", "/var/jrun"}}, nullptr, homeless).settings);
}

TEST(Settings, EverySettingHasAnOriginAndADisplayedValue) {
    const auto result = load({});
    ASSERT_TRUE(result.settings);
    const auto values = setting_values(*result.settings);
    ASSERT_EQ(values.size(), setting_infos().size());
    for (const auto& info : setting_infos()) {
        EXPECT_EQ(result.origins.count(info.name), 1U) << info.name;
    }
    const auto find = [&](std::string_view name) {
        return std::find_if(
                   values.begin(), values.end(), [&](const auto& v) { return v.first == name; })
            ->second;
    };
    EXPECT_EQ(find("JRUN_QEMU_MEMORY"), "4G");
    EXPECT_EQ(find("JRUN_QEMU_CPUS"), "auto (2)");
    EXPECT_EQ(find("JRUN_TARGET"), "");
    EXPECT_EQ(find("JRUN_BSD_ARCH"), "amd64");
}

// The image URLs of reference-behaviour §3, as the Python test_settings checks them.
TEST(FreebsdImage, Amd64Release) {
    const auto image = freebsd_image("15.0", "RELEASE", Arch::amd64);
    EXPECT_EQ(image.file_name, "FreeBSD-15.0-RELEASE-amd64-BASIC-CLOUDINIT-zfs.raw.xz");
    EXPECT_EQ(image.url,
              "https://download.freebsd.org/releases/VM-IMAGES/15.0-RELEASE/amd64/Latest/"
              "FreeBSD-15.0-RELEASE-amd64-BASIC-CLOUDINIT-zfs.raw.xz");
    EXPECT_EQ(image.checksum_url,
              "https://download.freebsd.org/releases/VM-IMAGES/15.0-RELEASE/amd64/Latest/"
              "CHECKSUM.SHA512");
}

TEST(FreebsdImage, Aarch64UsesTheArm64PlatformPairInTheName) {
    const auto image = freebsd_image("15.0", "RELEASE", Arch::aarch64);
    EXPECT_EQ(image.url,
              "https://download.freebsd.org/releases/VM-IMAGES/15.0-RELEASE/aarch64/Latest/"
              "FreeBSD-15.0-RELEASE-arm64-aarch64-BASIC-CLOUDINIT-zfs.raw.xz");
    EXPECT_EQ(image.checksum_url,
              "https://download.freebsd.org/releases/VM-IMAGES/15.0-RELEASE/aarch64/Latest/"
              "CHECKSUM.SHA512");
}

TEST(FreebsdImage, ReleaseCandidateTagAppearsInDirectoryAndName) {
    const auto image = freebsd_image("14.3", "RC1", Arch::amd64);
    EXPECT_EQ(image.url,
              "https://download.freebsd.org/releases/VM-IMAGES/14.3-RC1/amd64/Latest/"
              "FreeBSD-14.3-RC1-amd64-BASIC-CLOUDINIT-zfs.raw.xz");
    const auto arm = freebsd_image("15.0", "BETA2", Arch::aarch64);
    EXPECT_EQ(arm.file_name, "FreeBSD-15.0-BETA2-arm64-aarch64-BASIC-CLOUDINIT-zfs.raw.xz");
}

TEST(FreebsdImage, FollowsTheSettings) {
    const auto result = load_settings(
        {{"JRUN_BSD_VERSION", "14.2"}, {"JRUN_BSD_RELEASE_TAG", "rc3"}}, nullptr, host(4, "arm64"));
    ASSERT_TRUE(result.settings);
    EXPECT_EQ(freebsd_image(*result.settings).file_name,
              "FreeBSD-14.2-RC3-arm64-aarch64-BASIC-CLOUDINIT-zfs.raw.xz");
}

} // namespace jrun::config
