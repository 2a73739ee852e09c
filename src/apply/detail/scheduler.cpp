// SPDX-License-Identifier: BSD-2-Clause
#include "apply/detail/scheduler.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace jrun::apply::detail {

namespace {

class Scheduler {
public:
    Scheduler(const std::vector<std::vector<std::size_t>>& needs,
              unsigned jobs,
              const std::function<Status(std::size_t)>& work)
        : m_needs(needs),
          m_jobs(std::max(jobs, 1U)),
          m_work(work),
          m_results(needs.size()) {}

    std::vector<TaskResult> run() {
        std::vector<std::thread> threads;
        {
            std::unique_lock lock(m_mutex);
            for (;;) {
                skip_blocked();
                launch_ready(threads);
                if (m_running == 0) {
                    break;
                }
                m_changed.wait(lock);
            }
        }
        for (auto& thread : threads) {
            thread.join();
        }
        return m_results;
    }

private:
    // Mark waiting tasks whose need failed or was skipped (repeats until nothing changes, so a
    // skip reaches every transitive dependent).
    void skip_blocked() {
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t i = 0; i < m_results.size(); ++i) {
                if (m_results[i].state != TaskState::waiting) {
                    continue;
                }
                for (const auto need : m_needs[i]) {
                    const auto state = m_results[need].state;
                    if (state == TaskState::failed || state == TaskState::skipped) {
                        m_results[i].state = TaskState::skipped;
                        m_results[i].blocked_by = need;
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    bool ready(std::size_t i) const {
        return m_results[i].state == TaskState::waiting
               && std::all_of(m_needs[i].begin(), m_needs[i].end(), [&](std::size_t need) {
                      return m_results[need].state == TaskState::succeeded;
                  });
    }

    void launch_ready(std::vector<std::thread>& threads) {
        for (std::size_t i = 0; i < m_results.size() && m_running < m_jobs && !m_interrupted; ++i) {
            if (ready(i)) {
                m_results[i].state = TaskState::running;
                ++m_running;
                threads.emplace_back([this, i] { execute(i); });
            }
        }
    }

    void execute(std::size_t i) {
        auto status = m_work(i);
        const std::lock_guard lock(m_mutex);
        if (status.ok()) {
            m_results[i].state = TaskState::succeeded;
        } else {
            m_results[i].state = TaskState::failed;
            m_results[i].error = status.error();
            m_interrupted = m_interrupted || status.error().kind == ErrorKind::interrupted;
        }
        --m_running;
        m_changed.notify_one();
    }

    const std::vector<std::vector<std::size_t>>& m_needs;
    unsigned m_jobs;
    const std::function<Status(std::size_t)>& m_work;
    std::vector<TaskResult> m_results;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    unsigned m_running = 0;
    bool m_interrupted = false;
};

} // namespace

std::vector<TaskResult> run_tasks(const std::vector<std::vector<std::size_t>>& needs,
                                  unsigned jobs,
                                  const std::function<Status(std::size_t)>& work) {
    return Scheduler(needs, jobs, work).run();
}

} // namespace jrun::apply::detail
