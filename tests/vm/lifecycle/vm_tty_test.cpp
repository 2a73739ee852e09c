// SPDX-License-Identifier: BSD-2-Clause
// The `vm` tier, tty mode: the real `jrun start --mode tty` on a pseudo-terminal boots the test
// guest under TCG with QEMU in the foreground, while its worker waits for SSH and runs the base
// setup; the state is saved and unlocked while the VM runs (the test's own ssh and `jrun
// status` work), and Ctrl-A x typed on the terminal ends QEMU and `jrun start` with exit 0.
// QEMU is killed whatever happens.
#include "lifecycle/jrun_driver.hpp"
#include "support/support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace jrun::vmtest {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path guest_dir() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
    const char* dir = std::getenv("JRUN_VM_GUEST_DIR");
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
    const char* fallback = std::getenv("JRUN_VM_GUEST_DIR_DEFAULT");
    return fs::path(dir != nullptr ? dir : fallback != nullptr ? fallback : "") / "full";
}

void skip_unless_possible() {
    if (::geteuid() != 0) {
        std::cout << "SKIP: the vm tier needs root (the guest is built with debootstrap)\n";
        std::exit(77); // NOLINT(concurrency-mt-unsafe): before any thread starts
    }
    if (!fs::exists(guest_dir() / "disk.raw")) {
        std::cout << "SKIP: no test guest at " << guest_dir() << " (vm_guest_setup skipped)\n";
        std::exit(77); // NOLINT(concurrency-mt-unsafe)
    }
}

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

std::string output(const sys::Completed& done) {
    return "exit " + done.status.describe() + "\nstdout:\n" + done.out + "\nstderr:\n" + done.err;
}

// `jrun ARGS...` on a pseudo-terminal. A thread keeps draining the terminal (QEMU blocks on a
// full pty otherwise). Destroying it kills the process group (jrun and its foreground QEMU).
class PtyJrun {
public:
    PtyJrun(const std::map<std::string, std::string>& env, const std::vector<std::string>& args) {
        std::vector<std::string> words{JRUN_BINARY};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<std::string> entries;
        for (const auto& [name, value] : env) {
            entries.push_back(name + "=" + value);
        }
        entries.emplace_back("TERM=dumb");
        std::vector<char*> argv = pointers(words);
        std::vector<char*> envp = pointers(entries);
        winsize size{24, 80, 0, 0};
        m_pid = ::forkpty(&m_master, nullptr, nullptr, &size);
        if (m_pid == 0) {
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        m_reader = std::thread([this] { drain(); });
    }
    ~PtyJrun() {
        if (!m_exit && m_pid > 0) {
            ::kill(-m_pid, SIGKILL);
            int status = 0;
            ::waitpid(m_pid, &status, 0);
        }
        m_stop.store(true);
        m_reader.join();
        ::close(m_master);
    }
    PtyJrun(const PtyJrun&) = delete;
    PtyJrun& operator=(const PtyJrun&) = delete;

    [[nodiscard]] bool started() const { return m_pid > 0; }
    void type(std::string_view bytes) const {
        (void)!::write(m_master, bytes.data(), bytes.size());
    }
    [[nodiscard]] std::string screen() {
        const std::lock_guard lock(m_mutex);
        return m_screen;
    }
    // Return jrun's exit code once it exited (-signal when killed), nullopt while it runs.
    std::optional<int> poll_exit() {
        if (!m_exit) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
            }
        }
        return m_exit;
    }
    // Wait up to `limit` for jrun to exit.
    std::optional<int> wait_exit(std::chrono::seconds limit) {
        const auto until = std::chrono::steady_clock::now() + limit;
        while (!poll_exit() && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(100ms);
        }
        return m_exit;
    }

private:
    static std::vector<char*> pointers(std::vector<std::string>& words) {
        std::vector<char*> out;
        for (auto& word : words) {
            out.push_back(word.data());
        }
        out.push_back(nullptr);
        return out;
    }
    void drain() {
        std::array<char, 4096> buffer{};
        while (!m_stop.load()) {
            pollfd fd{m_master, POLLIN, 0};
            if (::poll(&fd, 1, 100) <= 0) {
                continue;
            }
            const auto n = ::read(m_master, buffer.data(), buffer.size());
            if (n <= 0) {
                std::this_thread::sleep_for(100ms); // the slave side closed: jrun has exited
                continue;
            }
            const std::lock_guard lock(m_mutex);
            m_screen.append(buffer.data(), static_cast<std::size_t>(n));
        }
    }

    int m_master = -1;
    pid_t m_pid = -1;
    std::optional<int> m_exit;
    std::thread m_reader;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::string m_screen;
};

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

// Stops the VM when the test ends, however it ends.
struct StopGuard {
    explicit StopGuard(JrunDriver& stopped)
        : driver(stopped) {}
    ~StopGuard() { driver.ensure_stopped(); }
    JrunDriver& driver;
    StopGuard(const StopGuard&) = delete;
    StopGuard& operator=(const StopGuard&) = delete;
};

class VmTty : public ::testing::Test {
protected:
    test::TempDir temp;
    fs::path home = temp.path() / "home";
    std::uint16_t ssh_port = free_port();
    fs::path pid_file =
        guest_dir().parent_path() / "running" / (std::to_string(::getpid()) + ".pid");
    JrunDriver driver{home, guest_dir(), pid_file, ssh_port};

    void SetUp() override {
        skip_unless_possible();
        fs::create_directories(pid_file.parent_path());
    }
};

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
