// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A rendered guest script (SPEC §8): POSIX sh, sent on stdin over the SSH connection, one round
// trip per script. The builder quotes every value that is not jrun's own text, writes files
// idempotently (only when their content differs) and reports progress in a parseable form:
//
//   @jrun step ID DESCRIPTION     a step starts
//   @jrun changed PATH            a file was (re)written
//   @jrun data KEY VALUE          a value reported to jrun (probes)
//   @jrun failed ID STATUS        the script stopped in step ID with exit status STATUS
//
// Paths are FreeBSD paths; every file touched by an ordinary command is prefixed with
// "$JRUN_ROOT" (empty on FreeBSD; the fake userland's root in tests, see tests/fakebsd/README.md).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jrun::render {

class Script {
public:
    // Start a script; `title` is a comment line for humans reading a debug log.
    explicit Script(std::string_view title);

    // Begin step `id` (letters, digits, `_.:-` only; checked) described by `description`
    // (any text: control characters are replaced so the report stays one line).
    Script& step(std::string_view id, std::string_view description);

    // Append trusted shell text written by jrun itself, never a config value.
    Script& line(std::string_view sh);

    // Append a command whose words are each quoted.
    Script& run(std::span<const std::string> argv);
    Script& run(std::initializer_list<std::string_view> argv);

    // Write `content` to guest path `path` (absolute) with octal `mode` when it differs from
    // what is there, then run the trusted `on_change` shell text (may be empty). The content
    // travels in a quoted here-document, so nothing in it is expanded.
    Script& write_file(std::string_view path,
                       std::string_view content,
                       std::string_view mode,
                       std::string_view on_change = {});

    // Return the whole script.
    [[nodiscard]] std::string text() const;

private:
    std::string m_body;
};

// Return `word` quoted for sh (single quotes; `'` as '\'').
[[nodiscard]] std::string quote(std::string_view word);

// Return the sh expression for guest path `path` under "$JRUN_ROOT": "$JRUN_ROOT"'/etc/x'.
[[nodiscard]] std::string guest_path(std::string_view path);

// What a script reported on stdout (see the protocol above).
struct ScriptReport {
    std::vector<std::string> steps;   // ids in the order they started
    std::vector<std::string> changed; // paths written
    std::vector<std::pair<std::string, std::string>> data;
    std::optional<std::string> failed_step; // set when the script reported a failure
    int failed_status = 0;
    // Return the description of the last step started, for messages.
    std::vector<std::string> descriptions;
};

// Parse the protocol lines of `out`; other lines are ignored.
[[nodiscard]] ScriptReport parse_report(std::string_view out);

// Parse one protocol line; nullopt when `line` is not one. Used to stream progress.
struct ReportLine {
    std::string kind; // "step", "changed", "data", "failed"
    std::string first;
    std::string rest;
};
[[nodiscard]] std::optional<ReportLine> parse_report_line(std::string_view line);

} // namespace jrun::render
