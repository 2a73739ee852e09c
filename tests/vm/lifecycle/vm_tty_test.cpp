// SPDX-License-Identifier: BSD-2-Clause
// The `vm` tier, tty mode: the real `jrun start --mode tty` on a pseudo-terminal boots the test
// guest under TCG with QEMU in the foreground, while its worker waits for SSH and runs the base
// setup; the state is saved and unlocked while the VM runs (the test's own ssh and `jrun
// status` work), and Ctrl-A x typed on the terminal ends QEMU and `jrun start` with exit 0.
// QEMU is killed whatever happens.
#include "lifecycle/jrun_driver.hpp"
#include "lifecycle/pty_jrun.hpp"
#include "lifecycle/vm_test.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

namespace jrun::vmtest {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::string_view k_setup_playbook = R"(- hosts: localhost
  gather_facts: false
  tasks:
    - name: Leave a mark
      ansible.builtin.copy:
        dest: /var/tmp/jrun-tty-setup
        content: "from the worker\n"
      become: true
)";

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Wait until `path` contains `text`, jrun exits, or `limit` passes; return the file's text.
std::string wait_for_log(PtyJrun& jrun,
                         const fs::path& path,
                         std::string_view text,
                         std::chrono::minutes limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    std::string log;
    while (std::chrono::steady_clock::now() < until && !jrun.poll_exit()) {
        log = read_text(path);
        if (log.find(text) != std::string::npos) {
            return log;
        }
        std::this_thread::sleep_for(500ms);
    }
    return read_text(path);
}

// Return true when nobody holds the state lock (flock, as jrun takes it).
bool state_lock_free(const fs::path& lock_file) {
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CLOEXEC); // NOLINT(*-vararg)
    if (fd < 0) {
        return true;
    }
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free;
}

class VmTty : public VmTest {};

TEST_F(VmTty, StartsOnATerminalPreparesTheGuestUnlocksAndQuitsWithCtrlAX) {
    StopGuard guard{driver};
    temp.write("mark.yml", std::string(k_setup_playbook));
    const auto base = temp.write("base.ucl",
                                 "base { setup { mark { type = \"ansible\"; file = \"mark.yml\"; "
                                 "} } }\n");
    PtyJrun jrun(driver.environment(), {"start", "--mode", "tty", "--base", base.string()});
    ASSERT_TRUE(jrun.started());
    const auto log_file = home / "logs" / "start.log";

    // The worker: SSH readiness, the base setup (Ansible, stdin not the terminal), the state
    // saved and unlocked, all while QEMU owns the terminal.
    const auto log = wait_for_log(jrun, log_file, "other jrun commands can use the VM", 15min);
    ASSERT_THAT(log, HasSubstr("other jrun commands can use the VM")) << "start.log:\n"
                                                                      << log << "\nterminal:\n"
                                                                      << jrun.screen();
    EXPECT_THAT(log, HasSubstr("SSH ready after"));
    EXPECT_THAT(log, HasSubstr("setup mark"));
    EXPECT_FALSE(jrun.poll_exit().has_value()) << jrun.screen();
    EXPECT_THAT(jrun.screen(), HasSubstr("logged to " + log_file.string()));

    // The VM is reachable, the state is saved and not locked, and other commands work.
    const int qemu = driver.qemu_pid();
    ASSERT_GT(qemu, 0);
    auto hello = driver.guest("cat /var/tmp/jrun-tty-setup");
    ASSERT_TRUE(hello.success()) << output(hello);
    EXPECT_EQ(hello.out, "from the worker\n");
    EXPECT_TRUE(state_lock_free(home / "state.lock"));
    const auto state = nlohmann::json::parse(read_text(home / "state.json"));
    EXPECT_EQ(state["vm"]["ssh_port"], ssh_port) << state.dump(2);
    EXPECT_EQ(state["host_keys"].size(), 1U) << state.dump(2);
    auto status = driver.jrun({"status"});
    EXPECT_TRUE(status.success()) << output(status);

    // The console is on the terminal (and in the console log); Ctrl-A x quits QEMU.
    EXPECT_FALSE(read_text(home / "logs" / "console.log").empty());
    jrun.type("\x01x");
    const auto code = jrun.wait_exit(std::chrono::seconds(60));
    ASSERT_TRUE(code.has_value()) << jrun.screen();
    EXPECT_EQ(*code, 0) << jrun.screen();
    EXPECT_NE(::kill(qemu, 0), 0);
    EXPECT_THAT(jrun.screen(), HasSubstr("QEMU exited (exit code 0)"));
    EXPECT_THAT(jrun.screen(), HasSubstr("The guest was prepared"));
}

} // namespace
} // namespace jrun::vmtest
