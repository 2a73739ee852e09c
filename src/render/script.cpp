// SPDX-License-Identifier: BSD-2-Clause
#include "render/script.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>

namespace jrun::render {

namespace {

// Rationale: `set -eu` stops at the first failing command; the EXIT trap then names the step
// that failed, so jrun can say where a guest script broke without parsing its stderr.
constexpr std::string_view k_preamble = R"(set -eu
: "${JRUN_ROOT:=}"
jrun_step=start
jrun_status=0
trap 'jrun_status=$?; [ "$jrun_status" -eq 0 ] || printf "@jrun failed %s %s\n" "$jrun_step" "$jrun_status"' EXIT
# jrun_install TMP DEST MODE: put TMP in place of DEST unless both hold the same bytes.
# Returns 0 when DEST changed, so callers can reload what reads it.
jrun_install() {
    if [ -f "$2" ] && cmp -s "$1" "$2"; then
        rm -f "$1"
        chmod "$3" "$2"
        return 1
    fi
    chmod "$3" "$1"
    mv -f "$1" "$2"
    printf '@jrun changed %s\n' "${2#"$JRUN_ROOT"}"
}
)";

bool is_step_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alnum || c == '_' || c == '.' || c == ':' || c == '-';
    });
}

[[maybe_unused]] bool is_mode(std::string_view mode) { // only asserted
    return (mode.size() == 3 || mode.size() == 4)
           && std::all_of(mode.begin(), mode.end(), [](char c) { return c >= '0' && c <= '7'; });
}

// Replace control characters so that a description stays on its report line.
std::string one_line(std::string_view text) {
    std::string out(text);
    std::replace_if(
        out.begin(),
        out.end(),
        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; },
        ' ');
    return out;
}

// Return a here-document delimiter that is not a line of `content`.
std::string heredoc_delimiter(std::string_view content) {
    const auto lines = split(content, '\n');
    std::string delimiter = "JRUN_EOF";
    for (int n = 1; std::find(lines.begin(), lines.end(), delimiter) != lines.end(); ++n) {
        delimiter = "JRUN_EOF_" + std::to_string(n);
    }
    return delimiter;
}

} // namespace

Script::Script(std::string_view title) {
    m_body = "#!/bin/sh\n# jrun: " + one_line(title) + "\n";
    m_body += k_preamble;
}

Script& Script::step(std::string_view id, std::string_view description) {
    assert(is_step_id(id));
    const std::string safe_id = is_step_id(id) ? std::string(id) : "step";
    m_body += "\njrun_step=" + safe_id + "\nprintf '@jrun step %s %s\\n' " + safe_id + " "
              + quote(one_line(description)) + "\n";
    return *this;
}

Script& Script::line(std::string_view sh) {
    m_body += sh;
    m_body += '\n';
    return *this;
}

Script& Script::run(std::span<const std::string> argv) {
    return line(shell_join(argv));
}

Script& Script::run(std::initializer_list<std::string_view> argv) {
    std::vector<std::string> words(argv.begin(), argv.end());
    return run(words);
}

Script& Script::write_file(std::string_view path,
                           std::string_view content,
                           std::string_view mode,
                           std::string_view on_change) {
    assert(!path.empty() && path.front() == '/' && is_mode(mode));
    std::string text(content);
    if (!text.empty() && text.back() != '\n') {
        text += '\n';
    }
    const auto delimiter = heredoc_delimiter(text);
    const auto dest = guest_path(path);
    m_body += "jrun_tmp=" + guest_path(std::string(path) + ".jrun-new") + "\n";
    m_body += "cat > \"$jrun_tmp\" <<'" + delimiter + "'\n" + text + delimiter + "\n";
    const std::string install = "jrun_install \"$jrun_tmp\" " + dest + " " + std::string(mode);
    if (on_change.empty()) {
        m_body += install + " || :\n";
    } else {
        m_body += "if " + install + "; then\n" + std::string(on_change) + "\nfi\n";
    }
    return *this;
}

std::string Script::text() const {
    return m_body;
}

std::string quote(std::string_view word) {
    return shell_quote(word);
}

std::string guest_path(std::string_view path) {
    return "\"$JRUN_ROOT\"" + shell_quote(path);
}

std::optional<ReportLine> parse_report_line(std::string_view line) {
    constexpr std::string_view k_prefix = "@jrun ";
    if (!starts_with(line, k_prefix)) {
        return std::nullopt;
    }
    line.remove_prefix(k_prefix.size());
    ReportLine parsed;
    const auto kind_end = line.find(' ');
    parsed.kind = std::string(line.substr(0, kind_end));
    if (kind_end != std::string_view::npos) {
        const auto rest = line.substr(kind_end + 1);
        const auto first_end = rest.find(' ');
        parsed.first = std::string(rest.substr(0, first_end));
        if (first_end != std::string_view::npos) {
            parsed.rest = std::string(rest.substr(first_end + 1));
        }
    }
    return parsed;
}

namespace {

void add_to_report(const ReportLine& line, ScriptReport& report) {
    if (line.kind == "step") {
        report.steps.push_back(line.first);
        report.descriptions.push_back(line.rest);
    } else if (line.kind == "changed") {
        report.changed.push_back(line.rest.empty() ? line.first : line.first + " " + line.rest);
    } else if (line.kind == "data") {
        report.data.emplace_back(line.first, line.rest);
    } else if (line.kind == "failed") {
        report.failed_step = line.first;
        int status = 0;
        std::from_chars(line.rest.data(), line.rest.data() + line.rest.size(), status);
        report.failed_status = status;
    }
}

} // namespace

ScriptReport parse_report(std::string_view out) {
    ScriptReport report;
    for (const auto& line : split(out, '\n')) {
        if (const auto parsed = parse_report_line(line)) {
            add_to_report(*parsed, report);
        }
    }
    return report;
}

} // namespace jrun::render
