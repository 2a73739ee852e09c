// SPDX-License-Identifier: BSD-2-Clause
#include "apply/detail/run_context.hpp"

#include "render/script.hpp"
#include "util/strings.hpp"

namespace jrun::apply::detail {

namespace {

// Return the last `count` non-empty lines of `text`, for error messages.
std::string tail_lines(std::string_view text, std::size_t count) {
    auto lines = split(text, '\n');
    std::erase_if(lines, [](const std::string& line) { return trim(line).empty(); });
    if (lines.size() > count) {
        lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(count));
    }
    return join(lines, "\n");
}

Error script_error(std::string_view jail, const ssh::RemoteResult& result) {
    const auto report = render::parse_report(result.out);
    std::string where = jail.empty() ? "the host" : "jail '" + std::string(jail) + "'";
    std::string step =
        report.descriptions.empty() ? "the guest script" : report.descriptions.back();
    std::string why = tail_lines(result.err, 6);
    if (why.empty()) {
        why = "exit status " + std::to_string(result.exit_code);
    }
    return Error{ErrorKind::remote,
                 where + ": " + step,
                 why,
                 "fix the cause and run the same command again: finished steps are not redone"};
}

} // namespace

Status run_guest(RunContext& run, std::string_view jail, const std::string& script) {
    const auto on_line = [&](std::string_view line) {
        const auto parsed = render::parse_report_line(line);
        if (parsed && parsed->kind == "step") {
            run.ports.reporter.progress(jail, parsed->rest);
        }
    };
    auto result = run.ports.remote.run_script(script, on_line);
    if (!result.ok()) {
        return result.error();
    }
    if (!result->success()) {
        return script_error(jail, *result);
    }
    return {};
}

} // namespace jrun::apply::detail
