// SPDX-License-Identifier: BSD-2-Clause
#include "provision/ansible_output.hpp"

#include "util/strings.hpp"

#include <nlohmann/json.hpp>

namespace jrun::provision {

namespace {

constexpr std::size_t k_max_error_lines = 12;
constexpr std::size_t k_max_detail = 2000;

// Return the text between `[` at `open` and the matching `]` that ends the bracket (the last
// `]` before `stop`), or nullopt.
std::optional<std::string> bracketed(std::string_view line, std::string_view head) {
    if (!line.starts_with(head)) {
        return std::nullopt;
    }
    std::string_view rest = line.substr(head.size());
    while (!rest.empty() && (rest.back() == '*' || rest.back() == ' ')) {
        rest.remove_suffix(1);
    }
    if (rest.empty() || rest.back() != ']') {
        return std::nullopt;
    }
    rest.remove_suffix(1);
    return std::string(rest);
}

std::string text_of(const nlohmann::json& result, const char* key) {
    const auto it = result.find(key);
    if (it == result.end() || it->is_null()) {
        return {};
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string clip(std::string text) {
    text = std::string(trim(text));
    if (text.size() > k_max_detail) {
        text = "..." + text.substr(text.size() - k_max_detail);
    }
    return text;
}

// Ansible's `msg`, plus the command's own words (stderr, else stdout) when there are any.
std::string message_of(std::string_view json_text) {
    const auto result = nlohmann::json::parse(json_text, nullptr, false);
    if (result.is_discarded() || !result.is_object()) {
        return clip(std::string(json_text));
    }
    std::string message = clip(text_of(result, "msg"));
    std::string detail = clip(text_of(result, "stderr"));
    if (detail.empty()) {
        detail = clip(text_of(result, "stdout"));
    }
    if (message.empty()) {
        return detail.empty() ? clip(result.dump()) : detail;
    }
    return detail.empty() ? message : message + ": " + detail;
}

} // namespace

std::optional<std::string> parse_task_line(std::string_view line) {
    if (auto task = bracketed(line, "TASK [")) {
        return task;
    }
    return bracketed(line, "RUNNING HANDLER [");
}

std::optional<TaskFailure> parse_failure_line(std::string_view line, const std::string& task) {
    const bool fatal = line.starts_with("fatal: [");
    if (!fatal && !line.starts_with("failed: [")) {
        return std::nullopt;
    }
    const auto arrow = line.find(" => ");
    const std::size_t open = line.find('[');
    const std::size_t close = line.find(']', open);
    if (arrow == std::string_view::npos || close == std::string_view::npos || close > arrow) {
        return std::nullopt;
    }
    TaskFailure failure{task, std::string(line.substr(open + 1, close - open - 1)), {}, false};
    const std::string_view between = trim(line.substr(close + 1, arrow - close - 1));
    failure.unreachable = between.find("UNREACHABLE!") != std::string_view::npos;
    if (!fatal && between.starts_with("(item=")) {
        failure.task += " " + std::string(between);
    }
    failure.message = message_of(line.substr(arrow + 4));
    return failure;
}

std::optional<std::string> OutputParser::feed(std::string_view line) {
    if (auto task = parse_task_line(line)) {
        m_task = *task;
        m_in_error = false;
        return task;
    }
    if (auto failure = parse_failure_line(line, m_task)) {
        m_failure = std::move(failure);
        return std::nullopt;
    }
    if (trim(line) == "...ignoring") {
        m_failure.reset();
    } else if (line.starts_with("ERROR! ")) {
        m_in_error = true;
        m_error_lines.clear();
    }
    if (m_in_error && m_error_lines.size() < k_max_error_lines) {
        m_error_lines.emplace_back(line);
    }
    return std::nullopt;
}

std::string OutputParser::error_text() const {
    std::string out = std::string(trim(join(m_error_lines, "\n")));
    if (out.starts_with("ERROR! ")) {
        out = out.substr(7);
    }
    return out;
}

} // namespace jrun::provision
