// SPDX-License-Identifier: BSD-2-Clause
// The `vm` tier: the real jrun binary boots the Debian test guest under TCG and goes through
// start -> status -> SSH (an independent client, then `jrun ssh` with a command, a piped script
// and a terminal) -> base mount (9p, both directions) -> base forward added live (same QEMU) ->
// stop (ACPI) -> start again (state kept) -> a new base mount restarts the VM (announced) ->
// purge. One boot per start; QEMU is stopped even when an expectation fails.
#include "lifecycle/jrun_driver.hpp"
#include "lifecycle/vm_test.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace jrun::vmtest {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

nlohmann::json read_state(const fs::path& home) {
    std::ifstream in(home / "state.json");
    return nlohmann::json::parse(in);
}

// A base setup playbook (Ansible as the SSH user, root through doas) that leaves a mark.
constexpr std::string_view k_setup_playbook = R"(- hosts: localhost
  gather_facts: false
  tasks:
    - name: Leave a mark
      ansible.builtin.copy:
        dest: /var/tmp/jrun-base-setup
        content: "{{ MARK }}\n"
      become: true
)";

std::string base_config(const fs::path& share, std::uint16_t forward_port) {
    std::string text = "base {\n  mount { data { host = \"" + share.string()
                       + "\"; target = \"/mnt/data\"; } }\n"
                         "  setup { mark { type = \"ansible\"; file = \"mark.yml\"; vars { MARK = "
                         "\"set up\"; } } }\n";
    if (forward_port != 0) {
        text +=
            "  forward { web { host = " + std::to_string(forward_port) + "; target = 8000; } }\n";
    }
    return text + "}\n";
}

// Run `command` in the guest with `jrun ssh -- sh -c COMMAND` (as the login user).
sys::Completed in_guest(JrunDriver& driver, const std::string& command) {
    return driver.jrun({"ssh", "--", "sh", "-c", command});
}

class VmLifecycle : public VmTest {
protected:
    fs::path share = temp.path() / "share";
    std::uint16_t web_port = free_port();

    void SetUp() override {
        VmTest::SetUp();
        fs::create_directories(share);
    }
};

TEST_F(VmLifecycle, StartSshShareForwardStopStartPurge) {
    StopGuard guard{driver};
    temp.write("mark.yml", std::string(k_setup_playbook));
    const auto first = temp.write("base1.ucl", base_config(share, 0));
    const auto second = temp.write("base2.ucl", base_config(share, web_port));

    // Start: image overlay, keys, seed, SeaBIOS, launch, console + SSH readiness.
    auto started = driver.jrun({"start", "--base", first.string()});
    ASSERT_TRUE(started.success()) << output(started);
    EXPECT_THAT(started.out, HasSubstr("SSH ready after"));
    auto state = read_state(home);
    EXPECT_EQ(state["vm"]["ssh_port"], ssh_port) << state.dump(2);
    ASSERT_EQ(state["host_keys"].size(), 1U) << state.dump(2);

    // Status: QEMU answers over QMP; its pid, the SSH port, no forward yet.
    auto status = driver.jrun({"status"});
    ASSERT_TRUE(status.success()) << output(status);
    EXPECT_THAT(status.out,
                HasSubstr("vm: running (pid " + std::to_string(driver.qemu_pid()) + "), ssh "
                          + "127.0.0.1:" + std::to_string(ssh_port) + ", forwards -\n"));

    // SSH with the pinned host key (strict checking) and jrun's key, by an independent client.
    auto hello = driver.guest("echo hello-from-guest");
    ASSERT_TRUE(hello.success()) << output(hello);
    EXPECT_EQ(hello.out, "hello-from-guest\n");

    // `jrun ssh -- COMMAND`: the login user, words intact, the exit code passed through, and
    // no terminal asked for (stdin and stdout are not terminals here).
    auto who = driver.jrun({"ssh", "--", "printf", "%s|", "$(id -un)", "a b"});
    ASSERT_TRUE(who.success()) << output(who);
    EXPECT_EQ(who.out, "$(id -un)|a b|");
    auto user = driver.jrun({"ssh", "--", "id", "-un"});
    EXPECT_EQ(user.out, "admin\n") << output(user);
    auto seven = in_guest(driver, "exit 7");
    EXPECT_EQ(seven.status.code(), 7) << output(seven);
    EXPECT_THAT(seven.err, ::testing::Not(HasSubstr("Pseudo-terminal")));

    // `jrun ssh` with a script on stdin: the login shell runs it, without a terminal.
    auto piped = driver.jrun_with_input({"ssh"}, "test -t 0 || echo no-terminal\nid -un\n");
    ASSERT_TRUE(piped.success()) << output(piped);
    EXPECT_EQ(piped.out, "no-terminal\nadmin\n");
    EXPECT_THAT(piped.err, ::testing::Not(HasSubstr("Pseudo-terminal")));

    // `jrun ssh` at a terminal: the shell has one, and what is typed reaches it. The marker is
    // computed remotely, so the terminal's echo of the typed line cannot match it.
    auto typed = driver.jrun_in_pty({"ssh"}, "test -t 0 && echo on-a-tty-$((6*7)); exit\n");
    EXPECT_TRUE(typed.success()) << output(typed);
    EXPECT_THAT(typed.out, HasSubstr("on-a-tty-42"));

    // The base setup playbook ran once, as root through doas, with its vars.
    EXPECT_THAT(started.out, HasSubstr("setup mark"));
    auto marked =
        in_guest(driver, "cat /var/tmp/jrun-base-setup && stat -c %U /var/tmp/jrun-base-setup");
    ASSERT_TRUE(marked.success()) << output(marked) << started.out << started.err;
    EXPECT_EQ(marked.out, "set up\nroot\n");

    // The base mount as a 9p share, read and written from both sides.
    const std::string tag = state["vm"]["shares"][0]["tag"];
    { std::ofstream(share / "from-host.txt") << "host says hi\n"; }
    auto mounted = in_guest(driver,
                            "doas mkdir -p /mnt/data && doas mount -t 9p -o "
                            "trans=virtio,version=9p2000.L "
                                + tag
                                + " /mnt/data && "
                                  "cat /mnt/data/from-host.txt && "
                                  "echo guest says hi | doas tee /mnt/data/from-guest.txt");
    ASSERT_TRUE(mounted.success()) << output(mounted);
    EXPECT_THAT(mounted.out, HasSubstr("host says hi"));
    EXPECT_EQ(test::read_file(share / "from-guest.txt"), "guest says hi\n");

    // A base forward added live: same QEMU process, the host port reaches the guest's server.
    const int pid_before = driver.qemu_pid();
    auto served = in_guest(driver,
                           "cd /tmp && echo served-by-guest > index.html && "
                           "(setsid python3 -m http.server 8000 >/dev/null 2>&1 &) ; sleep 3");
    ASSERT_TRUE(served.success()) << output(served);
    auto rewired = driver.jrun({"start", "--base", second.string()});
    ASSERT_TRUE(rewired.success()) << output(rewired);
    EXPECT_THAT(rewired.out, HasSubstr("already running"));
    EXPECT_THAT(rewired.out, ::testing::Not(HasSubstr("setup mark"))); // unchanged: not run again
    EXPECT_EQ(driver.qemu_pid(), pid_before);
    EXPECT_THAT(tcp_exchange(web_port, "GET /index.html HTTP/1.0\r\n\r\n"),
                HasSubstr("served-by-guest"));
    EXPECT_EQ(read_state(home)["vm"]["forwards"].size(), 1U);
    auto wired = driver.jrun({"status", "--json"});
    ASSERT_TRUE(wired.success()) << output(wired);
    const auto wired_json = nlohmann::json::parse(wired.out);
    EXPECT_EQ(wired_json["vm"]["running"], true) << wired.out;
    EXPECT_EQ(wired_json["vm"]["pid"], pid_before) << wired.out;
    EXPECT_EQ(wired_json["vm"]["forwards"][0], std::to_string(web_port) + "->8000/tcp")
        << wired.out;

    // Stop: ACPI power-down; disk and state stay.
    auto stopped = driver.jrun({"stop", "-y"});
    ASSERT_TRUE(stopped.success()) << output(stopped);
    EXPECT_THAT(stopped.out, HasSubstr("powered off"));
    EXPECT_NE(::kill(pid_before, 0), 0);
    EXPECT_TRUE(fs::exists(home / "disks" / "vm.qcow2"));
    EXPECT_TRUE(fs::exists(home / "state.json"));
    auto stopped_status = driver.jrun({"status"});
    ASSERT_TRUE(stopped_status.success()) << output(stopped_status);
    EXPECT_EQ(stopped_status.out, "vm: stopped ('jrun start' boots it)\n");

    // Start again: the same disk, host key and wiring; the forward comes back at launch.
    auto again = driver.jrun({"start"});
    ASSERT_TRUE(again.success()) << output(again);
    EXPECT_THAT(again.err, ::testing::Not(HasSubstr("Downloaded")));
    auto hello_again = in_guest(driver, "test -f /tmp/index.html || echo rebooted");
    ASSERT_TRUE(hello_again.success()) << output(hello_again);
    EXPECT_EQ(read_state(home)["vm"]["forwards"].size(), 1U);

    // A second base mount on the running VM: QEMU cannot add a 9p share live, so the VM
    // restarts with it (a new QEMU), announced before it happens; the forward stays.
    const auto more = temp.path() / "more";
    fs::create_directories(more);
    { std::ofstream(more / "more.txt") << "more from the host\n"; }
    auto text = base_config(share, web_port);
    text.insert(text.find("  setup"),
                "  mount { more { host = \"" + more.string() + "\"; target = \"/mnt/more\"; } }\n");
    const auto third = temp.write("base3.ucl", text);
    const int pid_running = driver.qemu_pid();
    auto reshared = driver.jrun({"start", "--base", third.string()});
    ASSERT_TRUE(reshared.success()) << output(reshared);
    EXPECT_THAT(reshared.out + reshared.err,
                HasSubstr("restarting the VM to share " + more.string()));
    EXPECT_NE(driver.qemu_pid(), pid_running);
    EXPECT_NE(::kill(pid_running, 0), 0);
    const auto reshared_state = read_state(home);
    ASSERT_EQ(reshared_state["vm"]["shares"].size(), 2U) << reshared_state.dump(2);
    EXPECT_EQ(reshared_state["vm"]["forwards"].size(), 1U) << reshared_state.dump(2);
    std::string more_tag;
    for (const auto& entry : reshared_state["vm"]["shares"]) {
        if (entry["host"] == more.string()) {
            more_tag = entry["tag"];
        }
    }
    auto more_mounted = in_guest(driver,
                                 "doas mkdir -p /mnt/more && doas mount -t 9p -o "
                                 "trans=virtio,version=9p2000.L "
                                     + more_tag + " /mnt/more && cat /mnt/more/more.txt");
    ASSERT_TRUE(more_mounted.success()) << output(more_mounted);
    EXPECT_EQ(more_mounted.out, "more from the host\n");

    // Purge: VM, disk, keys, state gone; the image stays.
    auto purged = driver.jrun({"purge", "-y"});
    ASSERT_TRUE(purged.success()) << output(purged);
    EXPECT_FALSE(fs::exists(home / "state.json"));
    EXPECT_FALSE(fs::exists(home / "disks" / "vm.qcow2"));
    EXPECT_FALSE(fs::exists(home / "ssh" / "known_hosts"));
    EXPECT_TRUE(fs::exists(guest_dir() / "disk.raw"));
}

} // namespace
} // namespace jrun::vmtest
