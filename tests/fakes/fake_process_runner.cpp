// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_process_runner.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace jrun::test {

namespace {

// Blank the streams that `command` does not capture, as the real runner would.
Result<sys::Completed> as_captured(const sys::Command& command, Result<sys::Completed> result) {
    if (!result) {
        return result;
    }
    if (command.stdout_target().mode != sys::Output::Mode::capture) {
        result->out.clear();
    }
    if (command.stderr_target().mode != sys::Output::Mode::capture) {
        result->err.clear();
    }
    return result;
}

class FakeChild final : public sys::Child {
public:
    FakeChild(int pid, std::shared_ptr<FakeSpawn> record, Result<sys::Completed> result)
        : m_pid(pid),
          m_record(std::move(record)),
          m_result(std::move(result)) {}
    ~FakeChild() override { m_record->destroyed = true; }
    FakeChild(const FakeChild&) = delete;
    FakeChild& operator=(const FakeChild&) = delete;
    FakeChild(FakeChild&&) = delete;
    FakeChild& operator=(FakeChild&&) = delete;

    [[nodiscard]] int pid() const override { return m_pid; }

    [[nodiscard]] Status write_stdin(std::string_view bytes) override {
        if (m_record->command.stdin_mode() != sys::Input::pipe || m_record->stdin_closed) {
            return Error{ErrorKind::io, "cannot write to the child's stdin", "it is closed", {}};
        }
        m_record->stdin_written.append(bytes);
        return {};
    }

    void close_stdin() override { m_record->stdin_closed = true; }

    [[nodiscard]] Result<sys::OutputChunk>
    read_output(std::chrono::milliseconds /*limit*/) override {
        if (!m_result) {
            return m_result.error();
        }
        return sys::OutputChunk{
            std::exchange(m_result->out, {}), std::exchange(m_result->err, {}), true};
    }

    [[nodiscard]] Result<std::optional<sys::ExitStatus>> try_wait() override {
        if (!m_result) {
            return m_result.error();
        }
        return std::optional<sys::ExitStatus>(m_result->status);
    }

    [[nodiscard]] Result<sys::Completed> wait() override {
        m_record->waited = true;
        return m_result;
    }

    [[nodiscard]] Status send_signal(int signal_number) override {
        m_record->signals.push_back(signal_number);
        return {};
    }

    int detach() override {
        m_record->detached = true;
        return m_pid;
    }

private:
    int m_pid;
    std::shared_ptr<FakeSpawn> m_record;
    Result<sys::Completed> m_result;
};

} // namespace

sys::Completed exited(int code, std::string out, std::string err) {
    return sys::Completed{sys::ExitStatus::exited(code), std::move(out), std::move(err)};
}

sys::Completed killed(int signal_number, std::string err) {
    return sys::Completed{sys::ExitStatus::signalled(signal_number), {}, std::move(err)};
}

bool argv_matches(const std::vector<std::string>& pattern, const std::vector<std::string>& argv) {
    if (pattern.size() > argv.size()) {
        return false;
    }
    return std::equal(pattern.begin(),
                      pattern.end(),
                      argv.begin(),
                      [](const std::string& want, const std::string& word) {
                          return want == "*" || want == word;
                      });
}

void FakeProcessRunner::on(std::vector<std::string> pattern,
                           std::vector<Result<sys::Completed>> results) {
    assert(!results.empty() && "a rule needs at least one result");
    auto queue = std::make_shared<std::vector<Result<sys::Completed>>>(std::move(results));
    auto next = std::make_shared<std::size_t>(0);
    on_match([pattern = std::move(pattern)](
                 const sys::Command& command) { return argv_matches(pattern, command.argv()); },
             [queue, next](const sys::Command&) -> Result<sys::Completed> {
                 const auto index = std::min(*next, queue->size() - 1);
                 *next += 1;
                 return (*queue)[index];
             });
}

void FakeProcessRunner::on(std::vector<std::string> pattern, Result<sys::Completed> result) {
    on(std::move(pattern), std::vector<Result<sys::Completed>>{std::move(result)});
}

void FakeProcessRunner::on_match(std::function<bool(const sys::Command&)> matches,
                                 Responder respond) {
    m_rules.push_back(Rule{std::move(matches), std::move(respond)});
}

void FakeProcessRunner::set_default(Result<sys::Completed> result) {
    m_default = std::move(result);
}

Result<sys::Completed> FakeProcessRunner::answer(const sys::Command& command) {
    commands_ran.push_back(command);
    // Rationale: later rules win, so that a test can override a fixture's rule.
    const auto rule = std::find_if(
        m_rules.rbegin(), m_rules.rend(), [&](const Rule& r) { return r.matches(command); });
    if (rule != m_rules.rend()) {
        return as_captured(command, rule->respond(command));
    }
    return as_captured(command, m_default);
}

Result<sys::Completed> FakeProcessRunner::run(const sys::Command& command) {
    return answer(command);
}

Result<std::unique_ptr<sys::Child>> FakeProcessRunner::spawn(const sys::Command& command) {
    auto result = answer(command);
    if (!result && result.error().kind == ErrorKind::process) {
        return result.error();
    }
    auto record =
        std::make_shared<FakeSpawn>(FakeSpawn{command, {}, false, {}, false, false, false});
    spawned.push_back(record);
    return std::unique_ptr<sys::Child>(
        std::make_unique<FakeChild>(m_next_pid++, std::move(record), std::move(result)));
}

std::vector<std::string> FakeProcessRunner::ran() const {
    std::vector<std::string> lines;
    lines.reserve(commands_ran.size());
    for (const auto& command : commands_ran) {
        lines.push_back(command.display());
    }
    return lines;
}

} // namespace jrun::test
