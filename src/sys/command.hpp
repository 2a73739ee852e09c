// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace jrun::sys {

// Where a child's standard input comes from.
enum class Input {
    null,    // /dev/null (the default: a child never steals jrun's terminal by accident)
    bytes,   // the bytes given to Command::set_stdin, then end of file
    pipe,    // a pipe the caller writes to through Child::write_stdin
    inherit, // jrun's own stdin (interactive commands)
};

// Where a child's stdout or stderr goes.
struct Output {
    enum class Mode {
        capture, // collected into Completed (the default)
        inherit, // jrun's own stream
        discard, // /dev/null
        file,    // the file at `path` (created 0644; appended to or truncated)
    };
    Mode mode = Mode::capture;
    std::filesystem::path path;
    bool append = true;

    static Output capture() { return {}; }
    static Output inherit() { return {Mode::inherit, {}, true}; }
    static Output discard() { return {Mode::discard, {}, true}; }
    static Output to_file(std::filesystem::path path, bool append = true) {
        return {Mode::file, std::move(path), append};
    }
};

// Describe one program to run: argv (never a shell string), environment changes, working
// directory, stdin, where output goes and a timeout. Build it with the chainable setters:
//   Command({"zfs", "list", "-H"}).set_env("LC_ALL", "C").set_timeout(std::chrono::seconds(5))
class Command {
public:
    Command() = default;
    explicit Command(std::vector<std::string> argv)
        : m_argv(std::move(argv)) {}

    // Append one argument, or several.
    Command& arg(std::string word);
    Command& args(std::span<const std::string> words);
    // Set `name` to `value` in the child's environment.
    Command& set_env(std::string name, std::string value);
    // Remove `name` from the child's environment.
    Command& unset_env(std::string name);
    // Start from an empty environment instead of jrun's (set_env still applies).
    Command& clear_env();
    // Run the child in `dir`.
    Command& set_cwd(std::filesystem::path dir);
    // Give the child `bytes` on stdin, then end of file.
    Command& set_stdin(std::string bytes);
    Command& set_stdin_mode(Input mode);
    Command& set_stdout(Output target);
    Command& set_stderr(Output target);
    // Kill the child's process group when it runs longer than `limit` (ErrorKind::timeout).
    Command& set_timeout(std::chrono::milliseconds limit);
    // Keep the child in jrun's process group, so that it can use the terminal (interactive
    // `ssh`); otherwise it gets its own group, and a terminal's Ctrl-C reaches only jrun.
    Command& set_foreground(bool foreground = true);

    [[nodiscard]] const std::vector<std::string>& argv() const { return m_argv; }
    [[nodiscard]] const std::map<std::string, std::string>& env_overrides() const {
        return m_env_set;
    }
    [[nodiscard]] const std::set<std::string>& env_removals() const { return m_env_unset; }
    [[nodiscard]] bool inherits_env() const { return m_inherit_env; }
    [[nodiscard]] const std::optional<std::filesystem::path>& cwd() const { return m_cwd; }
    [[nodiscard]] Input stdin_mode() const { return m_stdin_mode; }
    [[nodiscard]] const std::string& stdin_bytes() const { return m_stdin; }
    [[nodiscard]] const Output& stdout_target() const { return m_stdout; }
    [[nodiscard]] const Output& stderr_target() const { return m_stderr; }
    [[nodiscard]] const std::optional<std::chrono::milliseconds>& timeout() const {
        return m_timeout;
    }
    [[nodiscard]] bool foreground() const { return m_foreground; }

    // Return argv as one shell-quoted line, for messages and logs (never for execution).
    [[nodiscard]] std::string display() const;
    // Return the child's environment as NAME=value entries, given jrun's own `parent` entries.
    [[nodiscard]] std::vector<std::string> environment(std::span<const std::string> parent) const;

private:
    std::vector<std::string> m_argv;
    std::map<std::string, std::string> m_env_set;
    std::set<std::string> m_env_unset;
    bool m_inherit_env = true;
    std::optional<std::filesystem::path> m_cwd;
    Input m_stdin_mode = Input::null;
    std::string m_stdin;
    Output m_stdout;
    Output m_stderr;
    std::optional<std::chrono::milliseconds> m_timeout;
    bool m_foreground = false;
};

// Return jrun's own environment as NAME=value entries.
[[nodiscard]] std::vector<std::string> current_environment();

} // namespace jrun::sys
