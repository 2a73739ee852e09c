// SPDX-License-Identifier: BSD-2-Clause
#include "support/loopback_sshd.hpp"

#include "support/support.hpp"
#include "sys/real_process_runner.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace jrun::test {

namespace {

constexpr int k_skipped = 77;

std::string current_user() {
    const passwd* entry = ::getpwuid(::geteuid());
    return entry != nullptr ? entry->pw_name : "root";
}

bool on_path(const std::string& program) {
    const auto probe = sys::RealProcessRunner().run(
        sys::Command({"/bin/sh", "-c", "command -v \"$1\"", "sh", program}));
    return probe && probe->success();
}

// Run the fixture script with `args`; return its stdout, or fail the test with its stderr.
std::string run_fixture(std::vector<std::string> args) {
    std::vector<std::string> argv{"/bin/sh", sshd_fixture_script().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    sys::Command command(std::move(argv));
    command.set_timeout(std::chrono::seconds(30));
    auto done = sys::RealProcessRunner().run(command);
    if (!done || !done->success()) {
        ADD_FAILURE() << "sshd-fixture.sh " << join(args, " ")
                      << " failed: " << (done ? done->err : done.error().why);
        return {};
    }
    return done->out;
}

} // namespace

std::filesystem::path sshd_fixture_script() {
    return source_dir() / "tests" / "support" / "sshd-fixture.sh";
}

void require_sshd() {
    std::string missing;
    if (::access("/usr/sbin/sshd", X_OK) != 0) {
        missing = "/usr/sbin/sshd";
    } else if (!on_path("ssh")) {
        missing = "ssh";
    } else if (!on_path("ssh-keygen")) {
        missing = "ssh-keygen";
    }
    if (!missing.empty()) {
        std::cout << "SKIPPED: " << missing << " is not installed (openssh-client/server)\n";
        std::exit(k_skipped);
    }
}

LoopbackSshd::LoopbackSshd(std::filesystem::path dir, std::vector<std::string> config_lines)
    : m_dir(std::move(dir)),
      m_config_lines(std::move(config_lines)),
      m_user(current_user()) {
    start();
}

LoopbackSshd::~LoopbackSshd() {
    stop();
}

void LoopbackSshd::start() {
    std::vector<std::string> args{"start", m_dir.string()};
    args.insert(args.end(), m_config_lines.begin(), m_config_lines.end());
    const auto out = std::string(trim(run_fixture(args)));
    m_running = !out.empty();
    m_port = m_running ? static_cast<std::uint16_t>(std::stoul(out)) : 0;
}

void LoopbackSshd::stop() {
    if (m_running) {
        (void)run_fixture({"stop", m_dir.string()});
        m_running = false;
    }
}

void LoopbackSshd::restart(bool new_host_key) {
    stop();
    if (new_host_key) {
        (void)run_fixture({"rekey", m_dir.string()});
    }
    start();
}

std::size_t LoopbackSshd::accepted_logins() const {
    const auto log = read_file(log_path());
    std::size_t count = 0;
    for (auto at = log.find("Accepted publickey"); at != std::string::npos;
         at = log.find("Accepted publickey", at + 1)) {
        ++count;
    }
    return count;
}

} // namespace jrun::test
