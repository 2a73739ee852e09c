// SPDX-License-Identifier: BSD-2-Clause
#include "ssh/ssh_remote.hpp"

#include "ssh/detail/collect.hpp"
#include "ssh/detail/ssh_errors.hpp"
#include "util/strings.hpp"

#include <array>

namespace jrun::ssh {

namespace {

constexpr int k_ssh_failed = 255;
const std::array<std::string, 2> k_remote_shell{"/bin/sh", "-s"};

} // namespace

Result<std::unique_ptr<SshRemote>> SshRemote::create(SshConfig config, sys::ProcessRunner& runner) {
    if (auto st = check_ssh_config(config); !st) {
        return st.error();
    }
    // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): the constructor is private
    return std::unique_ptr<SshRemote>(new SshRemote(std::move(config), runner));
}

SshRemote::SshRemote(SshConfig config, sys::ProcessRunner& runner)
    : m_config(std::move(config)),
      m_runner(runner) {}

// Rationale: SHELL=/bin/sh because ssh runs a ProxyCommand with $SHELL, and jrun writes it in sh.
sys::Command SshRemote::ssh_command(const SshCall& call) const {
    sys::Command command(ssh_argv(m_config, call).value()); // checked in create()
    command.set_env("SHELL", "/bin/sh");
    return command;
}

Result<RemoteResult> SshRemote::run_script(std::string_view script, const LineSink& on_line) {
    if (auto st = connect(); !st) {
        return st.error();
    }
    auto command = ssh_command({{"-T"}, remote_command(m_config, k_remote_shell)});
    command.set_stdin(std::string(script));
    m_round_trips.fetch_add(1);
    return to_remote_result(detail::run_collecting(m_runner, command, on_line));
}

Result<int> SshRemote::run_interactive(const std::vector<std::string>& argv, bool tty, RunAs as) {
    if (auto st = connect(); !st) {
        return st.error();
    }
    const auto line = interactive_line(argv, as);
    auto command = ssh_command({{tty ? "-t" : "-T"}, line});
    command.set_stdin_mode(sys::Input::inherit)
        .set_stdout(sys::Output::inherit())
        .set_stderr(sys::Output::inherit())
        .set_foreground();
    m_round_trips.fetch_add(1);
    auto done = m_runner.run(command);
    if (!done) {
        return done.error();
    }
    return detail::shell_exit_code(done->status);
}

std::string SshRemote::interactive_line(const std::vector<std::string>& argv, RunAs as) const {
    if (argv.empty()) {
        return {};
    }
    return as == RunAs::root ? remote_command(m_config, argv) : shell_join(argv);
}

std::string SshRemote::describe() const {
    auto text = describe_endpoint(m_config.target);
    if (m_config.jump) {
        text += " via " + describe_endpoint(*m_config.jump);
    }
    return text;
}

Status SshRemote::connect() {
    const std::lock_guard lock(m_master_mutex);
    if (m_connected) {
        return {};
    }
    if (!master_answers()) {
        if (auto st = start_master(); !st) {
            return st;
        }
    }
    m_connected = true;
    return {};
}

bool SshRemote::master_answers() {
    auto checked = m_runner.run(ssh_command({{"-O", "check"}, {}}));
    return checked && checked->success();
}

Status SshRemote::start_master() {
    auto started = m_runner.run(ssh_command({{"-N", "-f"}, {}}));
    if (!started) {
        return started.error();
    }
    if (!started->success()) {
        return detail::connection_error(m_config, started->err);
    }
    if (!master_answers()) {
        return Error{ErrorKind::remote,
                     "cannot share one SSH connection to " + describe(),
                     "ssh connected but no control master answers on "
                         + m_config.control_dir.string(),
                     "Create the directory (it must exist and be writable) and try again."};
    }
    return {};
}

Status SshRemote::close() {
    const std::lock_guard lock(m_master_mutex);
    m_connected = false;
    auto done = m_runner.run(ssh_command({{"-O", "exit"}, {}}));
    if (!done) {
        return done.error();
    }
    const bool none_running = done->err.find("Control socket connect") != std::string::npos;
    if (done->success() || none_running) {
        return {};
    }
    return detail::connection_error(m_config, done->err);
}

Result<RemoteResult> SshRemote::to_remote_result(Result<sys::Completed> completed) const {
    if (!completed) {
        return completed.error();
    }
    if (completed->status.code() == k_ssh_failed) {
        return detail::connection_error(m_config, completed->err);
    }
    return RemoteResult{detail::shell_exit_code(completed->status),
                        std::move(completed->out),
                        std::move(completed->err)};
}

} // namespace jrun::ssh
