// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/fake_remote.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <cassert>

namespace jrun::test {

namespace {

// Pass `out` to `on_line` line by line (a final line without a newline too).
void stream_lines(const std::string& out, const ssh::LineSink& on_line) {
    if (!on_line || out.empty()) {
        return;
    }
    auto lines = split(out, '\n');
    if (out.back() == '\n') {
        lines.pop_back();
    }
    for (const auto& line : lines) {
        on_line(line);
    }
}

} // namespace

ssh::RemoteResult remote_exit(int code, std::string out, std::string err) {
    return ssh::RemoteResult{code, std::move(out), std::move(err)};
}

void FakeRemote::on_script(std::string needle, std::vector<Result<ssh::RemoteResult>> results) {
    assert(!results.empty() && "a rule needs at least one result");
    const std::lock_guard lock(m_mutex);
    m_rules.push_back(Rule{std::move(needle), std::move(results), 0});
}

void FakeRemote::on_script(std::string needle, Result<ssh::RemoteResult> result) {
    on_script(std::move(needle), std::vector<Result<ssh::RemoteResult>>{std::move(result)});
}

void FakeRemote::queue(Result<ssh::RemoteResult> result) {
    const std::lock_guard lock(m_mutex);
    m_queue.push_back(std::move(result));
}

void FakeRemote::set_default(Result<ssh::RemoteResult> result) {
    const std::lock_guard lock(m_mutex);
    m_default = std::move(result);
}

void FakeRemote::set_interactive_result(Result<int> result) {
    const std::lock_guard lock(m_mutex);
    m_interactive_result = std::move(result);
}

void FakeRemote::set_description(std::string description) {
    const std::lock_guard lock(m_mutex);
    m_description = std::move(description);
}

Result<ssh::RemoteResult> FakeRemote::answer(std::string_view script) {
    // Rationale: later rules win, so that a test can override a fixture's rule.
    const auto rule = std::find_if(m_rules.rbegin(), m_rules.rend(), [&](const Rule& r) {
        return script.find(r.needle) != std::string_view::npos;
    });
    if (rule != m_rules.rend()) {
        const auto index = std::min(rule->next++, rule->results.size() - 1);
        return rule->results[index];
    }
    if (m_queue_next < m_queue.size()) {
        return m_queue[m_queue_next++];
    }
    return m_default;
}

Result<ssh::RemoteResult> FakeRemote::run_script(std::string_view script,
                                                 const ssh::LineSink& on_line) {
    auto result = [&] {
        const std::lock_guard lock(m_mutex);
        m_scripts.emplace_back(script);
        return answer(script);
    }();
    if (result) {
        stream_lines(result->out, on_line);
    }
    return result;
}

Result<int>
FakeRemote::run_interactive(const std::vector<std::string>& argv, bool tty, ssh::RunAs as) {
    const std::lock_guard lock(m_mutex);
    m_interactive.push_back(argv);
    m_interactive_tty.push_back(tty);
    m_interactive_as.push_back(as);
    return m_interactive_result;
}

std::size_t FakeRemote::round_trips() const {
    const std::lock_guard lock(m_mutex);
    return m_scripts.size() + m_interactive.size();
}

std::string FakeRemote::describe() const {
    const std::lock_guard lock(m_mutex);
    return m_description;
}

std::vector<std::string> FakeRemote::scripts() const {
    const std::lock_guard lock(m_mutex);
    return m_scripts;
}

std::vector<std::vector<std::string>> FakeRemote::interactive() const {
    const std::lock_guard lock(m_mutex);
    return m_interactive;
}

std::vector<bool> FakeRemote::interactive_tty() const {
    const std::lock_guard lock(m_mutex);
    return m_interactive_tty;
}

std::vector<ssh::RunAs> FakeRemote::interactive_as() const {
    const std::lock_guard lock(m_mutex);
    return m_interactive_as;
}

} // namespace jrun::test
