// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/process_runner.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace jrun::test {

// Return a Completed that exited with `code` after writing `out` and `err`.
[[nodiscard]] sys::Completed exited(int code, std::string out = {}, std::string err = {});
// Return a Completed killed by `signal_number`.
[[nodiscard]] sys::Completed killed(int signal_number, std::string err = {});

// What happened to one child started through FakeProcessRunner::spawn.
struct FakeSpawn {
    sys::Command command;
    std::string stdin_written; // bytes given through Child::write_stdin
    bool stdin_closed = false;
    std::vector<int> signals; // signals sent through Child::send_signal
    bool waited = false;
    bool detached = false;
    bool destroyed = false; // the Child object is gone (killed unless waited or detached)
};

// A ProcessRunner that runs nothing: it records every command (ninja's `commands_ran`) and
// answers with scripted results, chosen by argv pattern.
// An Error result of kind `process` is returned by spawn() (the program could not be started);
// other Errors are returned by the child's wait(), as a real timeout would be.
class FakeProcessRunner final : public sys::ProcessRunner {
public:
    using Responder = std::function<Result<sys::Completed>(const sys::Command&)>;

    // Answer commands whose argv starts with `pattern` (`*` matches any one word) with
    // `results`, one per call, the last one repeating. Rules added later are tried first.
    void on(std::vector<std::string> pattern, std::vector<Result<sys::Completed>> results);
    void on(std::vector<std::string> pattern, Result<sys::Completed> result);
    // Answer commands for which `matches` is true by calling `respond`.
    void on_match(std::function<bool(const sys::Command&)> matches, Responder respond);
    // Answer commands that no rule matches with `result` (initially: exit 0, no output).
    void set_default(Result<sys::Completed> result);

    [[nodiscard]] Result<sys::Completed> run(const sys::Command& command) override;
    [[nodiscard]] Result<std::unique_ptr<sys::Child>> spawn(const sys::Command& command) override;

    // Return every command run or spawned so far as its display string, in order.
    [[nodiscard]] std::vector<std::string> ran() const;

    // Every command run or spawned so far, in order.
    std::vector<sys::Command> commands_ran;
    // One entry per spawn() that started a child, in order.
    std::vector<std::shared_ptr<FakeSpawn>> spawned;

private:
    struct Rule {
        std::function<bool(const sys::Command&)> matches;
        Responder respond;
    };

    [[nodiscard]] Result<sys::Completed> answer(const sys::Command& command);

    std::vector<Rule> m_rules;
    Result<sys::Completed> m_default = exited(0);
    int m_next_pid = 1000;
};

// Return true when `argv` starts with `pattern`, where `*` matches any one word.
[[nodiscard]] bool argv_matches(const std::vector<std::string>& pattern,
                                const std::vector<std::string>& argv);

} // namespace jrun::test
