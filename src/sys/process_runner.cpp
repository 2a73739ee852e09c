// SPDX-License-Identifier: BSD-2-Clause
#include "sys/process_runner.hpp"

#include "util/strings.hpp"

#include <array>
#include <csignal>
#include <utility>

namespace jrun::sys {

namespace {

constexpr std::size_t k_tail_lines = 5;
constexpr std::size_t k_tail_chars = 600;

// Return the last few non-empty lines of `text`, joined with "; " and capped in length.
std::string tail_of(std::string_view text) {
    std::vector<std::string> lines;
    for (const auto& line : split(text, '\n')) {
        if (!trim(line).empty()) {
            lines.emplace_back(trim(line));
        }
    }
    const auto first = lines.size() > k_tail_lines ? lines.size() - k_tail_lines : 0;
    std::vector<std::string> kept(lines.begin() + static_cast<std::ptrdiff_t>(first), lines.end());
    std::string tail = join(kept, "; ");
    if (tail.size() > k_tail_chars) {
        tail = "..." + tail.substr(tail.size() - k_tail_chars);
    }
    return tail;
}

} // namespace

std::string ExitStatus::describe() const {
    if (m_signal != 0) {
        return "killed by " + signal_name(m_signal);
    }
    return "exit code " + std::to_string(m_code);
}

Error failure_error(const Command& command, const Completed& completed) {
    std::string why = completed.status.describe();
    const auto tail = tail_of(trim(completed.err).empty() ? completed.out : completed.err);
    if (!tail.empty()) {
        why += ": " + tail;
    }
    return Error{ErrorKind::process, "'" + command.display() + "' failed", why, {}};
}

Result<Completed> require_success(const Command& command, Result<Completed> result) {
    if (result.ok() && !result->success()) {
        return failure_error(command, *result);
    }
    return result;
}

std::string signal_name(int signal_number) {
    static constexpr std::array<std::pair<int, const char*>, 14> k_names{{
        {SIGHUP, "SIGHUP"},
        {SIGINT, "SIGINT"},
        {SIGQUIT, "SIGQUIT"},
        {SIGILL, "SIGILL"},
        {SIGABRT, "SIGABRT"},
        {SIGBUS, "SIGBUS"},
        {SIGFPE, "SIGFPE"},
        {SIGKILL, "SIGKILL"},
        {SIGUSR1, "SIGUSR1"},
        {SIGSEGV, "SIGSEGV"},
        {SIGUSR2, "SIGUSR2"},
        {SIGPIPE, "SIGPIPE"},
        {SIGALRM, "SIGALRM"},
        {SIGTERM, "SIGTERM"},
    }};
    for (const auto& [number, name] : k_names) {
        if (number == signal_number) {
            return name;
        }
    }
    return "signal " + std::to_string(signal_number);
}

std::string describe_duration(std::chrono::milliseconds limit) {
    const auto ms = limit.count();
    if (ms < 1000) {
        return std::to_string(ms) + " ms";
    }
    if (ms % 60000 == 0) {
        return std::to_string(ms / 60000) + " min";
    }
    if (ms % 1000 == 0) {
        return std::to_string(ms / 1000) + " s";
    }
    return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + " s";
}

} // namespace jrun::sys
