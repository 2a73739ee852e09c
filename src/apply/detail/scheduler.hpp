// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Run jail tasks in parallel (at most `jobs` at once), each after the tasks it needs have
// succeeded; a task whose need failed is skipped. Rationale: a ready-queue rather than strict
// waves, so a slow jail holds back only its own dependents.

#include "util/result.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace jrun::apply::detail {

enum class TaskState { waiting, running, succeeded, failed, skipped };

struct TaskResult {
    TaskState state = TaskState::waiting;
    std::optional<Error> error;            // when failed
    std::optional<std::size_t> blocked_by; // when skipped: the need that failed or was skipped
};

// Run task i (0..needs.size()) by calling `work(i)`; `needs[i]` lists tasks that must succeed
// first (indices smaller or larger). After an `interrupted` error no new task starts.
[[nodiscard]] std::vector<TaskResult> run_tasks(const std::vector<std::vector<std::size_t>>& needs,
                                                unsigned jobs,
                                                const std::function<Status(std::size_t)>& work);

} // namespace jrun::apply::detail
