// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/launch_spec.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace jrun::qemu {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// Return `argv` one option per line ("-flag value"), as kept in the golden files.
std::string render(const std::vector<std::string>& argv) {
    std::string out;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        out += argv[i];
        const bool has_value =
            argv[i].starts_with("-") && i + 1 < argv.size() && !argv[i + 1].starts_with("-");
        if (has_value) {
            out += " " + argv[++i];
        }
        out += "\n";
    }
    return out;
}

// A spec as the start command would fill it for `facts`, via the host decisions.
LaunchSpec spec_for(const HostFacts& facts, const std::string& home, QemuAccel accel) {
    LaunchSpec spec;
    spec.arch = facts.arch;
    spec.accel = choose_accel(facts, accel)->accel;
    spec.firmware = *find_firmware(facts, "");
    spec.vars_file = home + "/disks/efivars.fd";
    spec.memory_mib = 4096;
    spec.cpus = 2;
    spec.disk = home + "/disks/vm.qcow2";
    spec.seed_iso = home + "/cloud-init/cloud-init.iso";
    spec.ssh_port = 2222;
    spec.forwards = {{model::Proto::udp, 5353, 53},
                     {model::Proto::tcp, 8443, 443},
                     {model::Proto::tcp, 8080, 8080}};
    spec.shares = {{"/srv/www", "jrun_3f2a9c01de"}};
    spec.qmp_socket = home + "/run/qmp.sock";
    spec.pid_file = home + "/vm.pid";
    spec.console_log = home + "/logs/console.log";
    return spec;
}

HostFacts linux_facts(bool kvm) {
    HostFacts facts;
    facts.os = HostOs::linux_os;
    facts.arch = HostArch::x86_64;
    facts.kvm_opens = kvm;
    facts.cpu_has_vmx_svm = true;
    facts.existing_files = {"/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"};
    return facts;
}

HostFacts macos_facts() {
    HostFacts facts;
    facts.os = HostOs::macos;
    facts.arch = HostArch::aarch64;
    facts.existing_files = {"/opt/homebrew/share/qemu/edk2-aarch64-code.fd",
                            "/opt/homebrew/share/qemu/edk2-arm-vars.fd"};
    return facts;
}

HostFacts freebsd_facts() {
    HostFacts facts;
    facts.os = HostOs::freebsd;
    facts.arch = HostArch::x86_64;
    facts.existing_files = {"/usr/local/share/edk2-qemu/QEMU_UEFI-x86_64.fd"};
    return facts;
}

std::vector<std::string> argv_of(const LaunchSpec& spec) {
    auto argv = build_argv(spec);
    EXPECT_TRUE(argv.ok()) << (argv.ok() ? "" : argv.error().what + ": " + argv.error().why);
    return argv.ok() ? *argv : std::vector<std::string>{};
}

TEST(LaunchArgv, MatchesGoldenForLinuxX8664Kvm) {
    auto spec = spec_for(linux_facts(true), "/home/u/.jrun", QemuAccel::automatic);
    test::expect_golden("qemu/linux_x86_64_kvm.txt", render(argv_of(spec)));
}

TEST(LaunchArgv, MatchesGoldenForLinuxX8664Tcg) {
    auto spec = spec_for(linux_facts(false), "/home/u/.jrun", QemuAccel::automatic);
    test::expect_golden("qemu/linux_x86_64_tcg.txt", render(argv_of(spec)));
}

TEST(LaunchArgv, MatchesGoldenForMacosAarch64Hvf) {
    auto spec = spec_for(macos_facts(), "/Users/u/.jrun", QemuAccel::automatic);
    test::expect_golden("qemu/macos_aarch64_hvf.txt", render(argv_of(spec)));
}

TEST(LaunchArgv, MatchesGoldenForFreebsdX8664Tcg) {
    auto spec = spec_for(freebsd_facts(), "/home/u/.jrun", QemuAccel::automatic);
    spec.shares.clear();
    test::expect_golden("qemu/freebsd_x86_64_tcg.txt", render(argv_of(spec)));
}

TEST(LaunchArgv, MatchesGoldenForTtyMode) {
    auto spec = spec_for(linux_facts(true), "/home/u/.jrun", QemuAccel::automatic);
    spec.mode = Mode::tty;
    test::expect_golden("qemu/linux_x86_64_kvm_tty.txt", render(argv_of(spec)));
}

TEST(LaunchArgv, MatchesGoldenForGraphicMode) {
    auto spec = spec_for(macos_facts(), "/Users/u/.jrun", QemuAccel::automatic);
    spec.mode = Mode::graphic;
    spec.display = "cocoa";
    test::expect_golden("qemu/macos_aarch64_hvf_graphic.txt", render(argv_of(spec)));
}

TEST(LaunchArgv, UsesKvmGicMaxOnAarch64Linux) {
    auto spec = spec_for(macos_facts(), "/home/u/.jrun", QemuAccel::tcg);
    spec.accel = Accel::kvm;
    EXPECT_THAT(argv_of(spec), Contains("virt,accel=kvm,gic-version=max"));
}

TEST(LaunchArgv, UsesAnExplicitBinaryAndRestrictedNetwork) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.binary = "/opt/qemu/bin/qemu-system-x86_64";
    spec.restrict_network = true;
    spec.forwards.clear();
    const auto argv = argv_of(spec);
    ASSERT_FALSE(argv.empty());
    EXPECT_EQ(argv.front(), "/opt/qemu/bin/qemu-system-x86_64");
    EXPECT_THAT(argv, Contains("user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:2222-:22"));
}

TEST(LaunchArgv, BindsForwardsToTheConfiguredHost) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.bind_host = "0.0.0.0";
    spec.forwards = {{model::Proto::tcp, 8080, 80}};
    EXPECT_THAT(argv_of(spec),
                Contains("user,id=net0,hostfwd=tcp:0.0.0.0:2222-:22,hostfwd=tcp:0.0.0.0:8080-:80"));
}

TEST(LaunchArgv, OmitsTheSeedIsoWhenThereIsNone) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.seed_iso.clear();
    for (const auto& word : argv_of(spec)) {
        EXPECT_THAT(word, Not(HasSubstr("media=cdrom")));
    }
}

// Hostile paths: a comma would split a QEMU option list; each must reach QEMU as one value.
TEST(LaunchArgv, DoublesCommasInEveryOptionListPath) {
    const std::string home = "/tmp/a,b/x=y,file=/etc/passwd";
    auto spec = spec_for(linux_facts(true), home, QemuAccel::automatic);
    spec.shares = {{"/srv/a,readonly=on", "jrun_0123456789"}};
    spec.name = "vm,debug-threads=on";
    const auto argv = argv_of(spec);
    const std::string esc = "/tmp/a,,b/x=y,,file=/etc/passwd";
    EXPECT_THAT(argv, Contains("guest=vm,,debug-threads=on"));
    EXPECT_THAT(argv, Contains("if=virtio,file=" + esc + "/disks/vm.qcow2,format=qcow2"));
    EXPECT_THAT(argv,
                Contains("file=" + esc + "/cloud-init/cloud-init.iso,format=raw,media=cdrom"));
    EXPECT_THAT(argv, Contains("if=pflash,format=raw,unit=1,file=" + esc + "/disks/efivars.fd"));
    EXPECT_THAT(
        argv, Contains("local,id=fs_jrun_0123456789,path=/srv/a,,readonly=on,security_model=none"));
    EXPECT_THAT(argv, Contains("file,id=console,path=" + esc + "/logs/console.log"));
}

TEST(LaunchArgv, PassesPidfileAndBiosVerbatimBecauseQemuDoesNotSplitThem) {
    auto spec = spec_for(freebsd_facts(), "/tmp/a,b", QemuAccel::automatic);
    spec.shares.clear();
    spec.firmware = {"/opt/fw,1/OVMF.fd", ""};
    const auto argv = argv_of(spec);
    auto after = [&](const std::string& flag) {
        auto it = std::find(argv.begin(), argv.end(), flag);
        return it != argv.end() && it + 1 != argv.end() ? *(it + 1) : std::string("<none>");
    };
    EXPECT_EQ(after("-pidfile"), "/tmp/a,b/vm.pid");
    EXPECT_EQ(after("-bios"), "/opt/fw,1/OVMF.fd");
}

TEST(LaunchArgv, EscapesTheQmpSocketPath) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.qmp_socket = "/run/x,server=off/qmp.sock";
    EXPECT_THAT(argv_of(spec),
                Contains("socket,id=qmp,path=/run/x,,server=off/qmp.sock,server=on,wait=off"));
}

// Return the error build_argv gives for `spec` (or an empty Error when it succeeds).
Error error_of(const LaunchSpec& spec) {
    auto argv = build_argv(spec);
    return argv.ok() ? Error{} : argv.error();
}

TEST(LaunchArgv, RejectsRelativePathsSoNoProtocolPrefixIsRead) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.disk = "nbd:evil.example:10809";
    const auto error = error_of(spec);
    EXPECT_EQ(error.kind, ErrorKind::config);
    EXPECT_EQ(error.what, "cannot pass the disk image path 'nbd:evil.example:10809' to QEMU");
    EXPECT_EQ(error.why, "it is not absolute");
}

TEST(LaunchArgv, RejectsControlCharactersInPaths) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.shares = {{"/srv/a\nb", "jrun_0123456789"}};
    EXPECT_THAT(error_of(spec).why, HasSubstr("control character"));
    spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.pid_file = std::string("/h/vm\0.pid", 10);
    EXPECT_THAT(error_of(spec).what, HasSubstr("pid file"));
}

TEST(LaunchArgv, RejectsASocketPathTooLongForSunPath) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.qmp_socket = "/" + std::string(110, 'x') + "/qmp.sock";
    const auto error = error_of(spec);
    EXPECT_THAT(error.why, HasSubstr("Unix socket path"));
    EXPECT_THAT(error.hint, HasSubstr("JRUN_HOME"));
}

TEST(LaunchArgv, RejectsANonIpv4BindHost) {
    for (const char* host : {"localhost", "::1", "127.0.0.1,hostfwd=tcp::1-:1", "127.1"}) {
        auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
        spec.bind_host = host;
        EXPECT_THAT(error_of(spec).why, HasSubstr("IPv4")) << host;
    }
}

TEST(LaunchArgv, RejectsUnsafeShareTags) {
    for (const char* tag : {"", "a,b", "jrun tag", "9lives", "tag=x"}) {
        auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
        spec.shares = {{"/srv", tag}};
        EXPECT_EQ(error_of(spec).kind, ErrorKind::config) << tag;
        EXPECT_THAT(error_of(spec).what, HasSubstr("mount tag")) << tag;
    }
}

TEST(LaunchArgv, RejectsADuplicateShareTag) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.shares = {{"/a", "jrun_x"}, {"/b", "jrun_x"}};
    EXPECT_EQ(error_of(spec).what, "cannot use the mount tag 'jrun_x' twice");
}

TEST(LaunchArgv, RejectsAHostPortUsedTwiceOrClashingWithSsh) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.forwards = {{model::Proto::tcp, 2222, 22}};
    EXPECT_EQ(error_of(spec).what, "cannot forward host port tcp/2222 twice");
    spec.forwards = {{model::Proto::udp, 2222, 53}, {model::Proto::udp, 2222, 54}};
    EXPECT_EQ(error_of(spec).what, "cannot forward host port udp/2222 twice");
    spec.forwards = {{model::Proto::udp, 2222, 53}}; // another protocol: fine
    EXPECT_TRUE(build_argv(spec).ok());
}

TEST(LaunchArgv, RejectsZeroMemoryCpusAndPorts) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.cpus = 0;
    EXPECT_EQ(error_of(spec).kind, ErrorKind::config);
    spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.forwards = {{model::Proto::tcp, 0, 80}};
    EXPECT_EQ(error_of(spec).what, "cannot forward port 0");
}

TEST(LaunchArgv, RequiresAVarsFileForPflashAndADisplayForGraphicMode) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.vars_file.clear();
    EXPECT_THAT(error_of(spec).what, HasSubstr("EFI variable store"));
    spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.mode = Mode::graphic;
    EXPECT_THAT(error_of(spec).what, HasSubstr("display"));
}

TEST(LaunchArgv, LogsTheConsoleInEveryModeWithTheCommaEscaped) {
    for (auto mode : {Mode::server, Mode::tty, Mode::graphic}) {
        auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
        spec.mode = mode;
        spec.display = "gtk";
        spec.console_log = "/h/a,b/console.log";
        EXPECT_THAT(render(argv_of(spec)), HasSubstr("=/h/a,,b/console.log\n")) << to_string(mode);
        spec.console_log = "logs/console.log";
        EXPECT_THAT(error_of(spec).what, HasSubstr("console log")) << to_string(mode);
    }
}

TEST(LaunchArgv, TtyModeKeepsTheQmpSocketAndPidFileAndNeverDaemonizes) {
    auto spec = spec_for(linux_facts(true), "/h", QemuAccel::automatic);
    spec.mode = Mode::tty;
    const auto argv = argv_of(spec);
    EXPECT_THAT(argv, Contains("chardev=qmp,mode=control"));
    EXPECT_THAT(argv, Contains("-pidfile"));
    EXPECT_THAT(argv, Not(Contains("-daemonize")));
    EXPECT_THAT(argv, Not(Contains("-nographic")));
}

} // namespace
} // namespace jrun::qemu
