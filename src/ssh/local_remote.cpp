// SPDX-License-Identifier: BSD-2-Clause
#include "ssh/local_remote.hpp"

#include "ssh/detail/collect.hpp"

#include <cstdlib>

namespace jrun::ssh {

LocalRemote::LocalRemote(sys::ProcessRunner& runner, LocalRemoteOptions options)
    : m_runner(runner),
      m_options(std::move(options)) {}

sys::Command LocalRemote::plain_command(std::vector<std::string> argv) const {
    sys::Command command(std::move(argv));
    for (const auto& [name, value] : m_options.env) {
        command.set_env(name, value);
    }
    return command;
}

sys::Command LocalRemote::command_for(std::vector<std::string> argv) const {
    if (!m_options.become) {
        return plain_command(std::move(argv));
    }
    std::vector<std::string> wrapped{"doas", "env"};
    for (const auto& [name, value] : m_options.env) {
        auto& entry = wrapped.emplace_back(name);
        entry += '=';
        entry += value;
    }
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    return sys::Command(std::move(wrapped));
}

Result<RemoteResult> LocalRemote::run_script(std::string_view script, const LineSink& on_line) {
    auto command = command_for({"/bin/sh", "-s"});
    command.set_stdin(std::string(script));
    m_round_trips.fetch_add(1);
    auto done = detail::run_collecting(m_runner, command, on_line);
    if (!done) {
        return done.error();
    }
    return RemoteResult{
        detail::shell_exit_code(done->status), std::move(done->out), std::move(done->err)};
}

Result<int>
LocalRemote::run_interactive(const std::vector<std::string>& argv, bool /*tty*/, RunAs as) {
    auto words = argv;
    if (words.empty()) {
        const char* shell = std::getenv("SHELL");
        words.emplace_back(shell != nullptr && *shell != '\0' ? shell : "/bin/sh");
        as = RunAs::login_user;
    }
    auto command =
        as == RunAs::root ? command_for(std::move(words)) : plain_command(std::move(words));
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

} // namespace jrun::ssh
