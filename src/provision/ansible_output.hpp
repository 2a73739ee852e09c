// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Reading ansible-playbook's default callback output, line by line, as it streams.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jrun::provision {

// The task that made a run fail, as the default callback reported it.
struct TaskFailure {
    std::string task;    // "Install packages", "(item=b)" appended for a loop item
    std::string host;    // the inventory host ("localhost")
    std::string message; // Ansible's `msg`, with the command's stderr (or stdout) when it has one
    bool unreachable = false;
    bool operator==(const TaskFailure&) const = default;
};

// Return the task name of a `TASK [name] ***` or `RUNNING HANDLER [name] ***` line.
[[nodiscard]] std::optional<std::string> parse_task_line(std::string_view line);

// Return the failure of a `fatal: [host]: FAILED! => {json}`, `fatal: [host]: UNREACHABLE! =>
// {json}` or `failed: [host] (item=x) => {json}` line; `task` is the current task.
[[nodiscard]] std::optional<TaskFailure> parse_failure_line(std::string_view line,
                                                            const std::string& task);

// Follow a run's output: the current task, the last failure that was not ignored, and the
// `ERROR!` text Ansible prints before it runs anything (syntax errors, missing files).
class OutputParser {
public:
    // Feed one line (without its newline); return the task name when the line starts a task.
    std::optional<std::string> feed(std::string_view line);

    [[nodiscard]] const std::optional<TaskFailure>& failure() const { return m_failure; }
    [[nodiscard]] const std::string& current_task() const { return m_task; }
    // Return the `ERROR! ...` paragraph, or "".
    [[nodiscard]] std::string error_text() const;

private:
    std::string m_task;
    std::optional<TaskFailure> m_failure;
    std::vector<std::string> m_error_lines;
    bool m_in_error = false;
};

} // namespace jrun::provision
