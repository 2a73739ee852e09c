// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ssh/remote.hpp"

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace jrun::test {

// Return a RemoteResult that exited with `code` after writing `out` and `err`.
[[nodiscard]] ssh::RemoteResult remote_exit(int code, std::string out = {}, std::string err = {});

// A Remote that runs nothing: it records every script and interactive argv and answers with
// scripted results. Thread-safe (waves run scripts concurrently).
//
// A script is answered by the latest rule whose needle it contains (`on_script`), else by the
// next queued result (`queue`), else by the default (exit 0, no output). The stdout of an answer
// goes to the LineSink line by line, as a real remote's would.
class FakeRemote final : public ssh::Remote {
public:
    // Answer scripts containing `needle` with `results`, one per call, the last one repeating.
    void on_script(std::string needle, std::vector<Result<ssh::RemoteResult>> results);
    void on_script(std::string needle, Result<ssh::RemoteResult> result);
    // Answer the next script that no rule matches with `result` (first queued, first used).
    void queue(Result<ssh::RemoteResult> result);
    void set_default(Result<ssh::RemoteResult> result);
    // Answer every interactive command with `result` (initially 0).
    void set_interactive_result(Result<int> result);
    // Set what describe() returns (initially "fake host").
    void set_description(std::string description);

    [[nodiscard]] Result<ssh::RemoteResult> run_script(std::string_view script,
                                                       const ssh::LineSink& on_line = {}) override;
    [[nodiscard]] Result<int>
    run_interactive(const std::vector<std::string>& argv, bool tty, ssh::RunAs as) override;
    [[nodiscard]] std::size_t round_trips() const override;
    [[nodiscard]] std::string describe() const override;

    // Every script run so far, in order.
    [[nodiscard]] std::vector<std::string> scripts() const;
    // Every interactive argv run so far, in order, and whether it asked for a tty.
    [[nodiscard]] std::vector<std::vector<std::string>> interactive() const;
    [[nodiscard]] std::vector<bool> interactive_tty() const;
    // Who each interactive argv ran as, in order.
    [[nodiscard]] std::vector<ssh::RunAs> interactive_as() const;

private:
    struct Rule {
        std::string needle;
        std::vector<Result<ssh::RemoteResult>> results;
        std::size_t next = 0;
    };

    [[nodiscard]] Result<ssh::RemoteResult> answer(std::string_view script);

    mutable std::mutex m_mutex;
    std::vector<Rule> m_rules;
    std::vector<Result<ssh::RemoteResult>> m_queue;
    std::size_t m_queue_next = 0;
    Result<ssh::RemoteResult> m_default = remote_exit(0);
    Result<int> m_interactive_result = 0;
    std::string m_description = "fake host";
    std::vector<std::string> m_scripts;
    std::vector<std::vector<std::string>> m_interactive;
    std::vector<bool> m_interactive_tty;
    std::vector<ssh::RunAs> m_interactive_as;
};

} // namespace jrun::test
