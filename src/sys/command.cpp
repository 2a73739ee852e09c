// SPDX-License-Identifier: BSD-2-Clause
#include "sys/command.hpp"

#include "util/strings.hpp"

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX

namespace jrun::sys {

Command& Command::arg(std::string word) {
    m_argv.push_back(std::move(word));
    return *this;
}

Command& Command::args(std::span<const std::string> words) {
    m_argv.insert(m_argv.end(), words.begin(), words.end());
    return *this;
}

Command& Command::set_env(std::string name, std::string value) {
    m_env_unset.erase(name);
    m_env_set[std::move(name)] = std::move(value);
    return *this;
}

Command& Command::unset_env(std::string name) {
    m_env_set.erase(name);
    m_env_unset.insert(std::move(name));
    return *this;
}

Command& Command::clear_env() {
    m_inherit_env = false;
    return *this;
}

Command& Command::set_cwd(std::filesystem::path dir) {
    m_cwd = std::move(dir);
    return *this;
}

Command& Command::set_stdin(std::string bytes) {
    m_stdin = std::move(bytes);
    m_stdin_mode = Input::bytes;
    return *this;
}

Command& Command::set_stdin_mode(Input mode) {
    m_stdin_mode = mode;
    return *this;
}

Command& Command::set_stdout(Output target) {
    m_stdout = std::move(target);
    return *this;
}

Command& Command::set_stderr(Output target) {
    m_stderr = std::move(target);
    return *this;
}

Command& Command::set_timeout(std::chrono::milliseconds limit) {
    m_timeout = limit;
    return *this;
}

Command& Command::set_foreground(bool foreground) {
    m_foreground = foreground;
    return *this;
}

std::string Command::display() const {
    return shell_join(m_argv);
}

std::vector<std::string> Command::environment(std::span<const std::string> parent) const {
    std::map<std::string, std::string> merged;
    if (m_inherit_env) {
        for (const auto& entry : parent) {
            const auto eq = entry.find('=');
            if (eq != std::string::npos) {
                merged.emplace(entry.substr(0, eq), entry.substr(eq + 1));
            }
        }
    }
    for (const auto& name : m_env_unset) {
        merged.erase(name);
    }
    for (const auto& [name, value] : m_env_set) {
        merged[name] = value;
    }
    std::vector<std::string> entries;
    entries.reserve(merged.size());
    for (const auto& [name, value] : merged) {
        std::string entry = name;
        entry += '=';
        entry += value;
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::vector<std::string> current_environment() {
    std::vector<std::string> entries;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        entries.emplace_back(*entry);
    }
    return entries;
}

} // namespace jrun::sys
