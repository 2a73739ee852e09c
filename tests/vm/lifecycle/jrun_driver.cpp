// SPDX-License-Identifier: BSD-2-Clause
#include "lifecycle/jrun_driver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

namespace jrun::vmtest {

namespace {

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name); // NOLINT(concurrency-mt-unsafe): single-threaded test
    return value != nullptr ? value : fallback;
}

} // namespace

JrunDriver::JrunDriver(std::filesystem::path home,
                       std::filesystem::path guest_dir,
                       std::filesystem::path pid_file,
                       std::uint16_t ssh_port)
    : m_home(std::move(home)),
      m_guest_dir(std::move(guest_dir)),
      m_pid_file(std::move(pid_file)),
      m_ssh_port(ssh_port) {
    // Only the settings differ from a user's `jrun start`: the image, TCG, a small VM, SeaBIOS
    // (the Debian guest boots with extlinux, not UEFI) and the guest's Python.
    m_env = {{"PATH", env_or("PATH", "/usr/bin:/bin")},
             {"HOME", m_home.string()},
             {"JRUN_HOME", m_home.string()},
             {"JRUN_PID_FILE", m_pid_file.string()},
             {"JRUN_IMAGE", (m_guest_dir / "disk.raw").string()},
             {"JRUN_QEMU_ACCEL", "tcg"},
             {"JRUN_QEMU_MEMORY", "512M"},
             {"JRUN_QEMU_CPUS", "2"},
             {"JRUN_QEMU_DISK_SIZE", "3G"},
             {"JRUN_QEMU_BIOS", "/usr/share/seabios/bios-256k.bin"},
             {"JRUN_VM_PYTHON_INTERPRETER", "python3.11"},
             {"JRUN_SSH_PORT", std::to_string(m_ssh_port)},
             {"NO_COLOR", "1"}};
}

sys::Completed JrunDriver::jrun(const std::vector<std::string>& args) {
    return jrun_with_input(args, {});
}

sys::Completed JrunDriver::jrun_with_input(const std::vector<std::string>& args,
                                           std::string input) {
    sys::Command command({JRUN_BINARY});
    command.args(args).clear_env().set_timeout(std::chrono::minutes(20));
    if (!input.empty()) {
        command.set_stdin(std::move(input));
    }
    for (const auto& [name, value] : m_env) {
        command.set_env(name, value);
    }
    auto done = m_runner.run(command);
    if (!done) {
        return {sys::ExitStatus::exited(255), {}, done.error().what + ": " + done.error().why};
    }
    return *done;
}

sys::Completed JrunDriver::guest(const std::string& command) {
    const auto ssh = m_home / "ssh";
    auto done = m_runner.run(sys::Command({"ssh",
                                           "-F",
                                           "/dev/null",
                                           "-o",
                                           "BatchMode=yes",
                                           "-o",
                                           "StrictHostKeyChecking=yes",
                                           "-o",
                                           "UserKnownHostsFile=" + (ssh / "known_hosts").string(),
                                           "-o",
                                           "GlobalKnownHostsFile=/dev/null",
                                           "-o",
                                           "IdentitiesOnly=yes",
                                           "-i",
                                           (ssh / "id_ed25519").string(),
                                           "-p",
                                           std::to_string(m_ssh_port),
                                           "-l",
                                           "admin",
                                           "127.0.0.1",
                                           "--",
                                           command})
                                 .set_timeout(std::chrono::minutes(2)));
    if (!done) {
        return {sys::ExitStatus::exited(255), {}, done.error().what + ": " + done.error().why};
    }
    return *done;
}

int JrunDriver::qemu_pid() const {
    std::ifstream in(m_pid_file);
    int pid = -1;
    in >> pid;
    return in ? pid : -1;
}

void JrunDriver::ensure_stopped() {
    const int pid = qemu_pid();
    (void)jrun({"stop", "-y"});
    if (pid > 0 && ::kill(pid, 0) == 0) {
        ::kill(pid, SIGKILL);
    }
}

std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string tcp_exchange(std::uint16_t port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval limit{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    std::string reply;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0
        && ::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
        std::array<char, 4096> buffer{};
        ssize_t n = 0;
        while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) {
            reply.append(buffer.data(), static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return reply;
}

} // namespace jrun::vmtest
