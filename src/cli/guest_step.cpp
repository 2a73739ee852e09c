// SPDX-License-Identifier: BSD-2-Clause
#include "cli/guest_step.hpp"

#include "render/script.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <ostream>

namespace jrun::cli {

namespace {

// "  host             | " — the label column of the executor's progress lines.
std::string column(std::string_view label) {
    std::string text = "  " + std::string(label);
    text.resize(std::max<std::size_t>(text.size(), 19), ' ');
    return text + "| ";
}

} // namespace

Status run_guest_step(Context& ctx,
                      ssh::Remote& remote,
                      std::string_view label,
                      const std::string& what,
                      const std::string& script) {
    const std::string prefix = column(label);
    ctx.out << prefix << what << '\n' << std::flush;
    auto result = remote.run_script(script, [&](std::string_view line) {
        const auto parsed = render::parse_report_line(line);
        if (parsed && parsed->kind == "step") {
            ctx.out << prefix << parsed->rest << '\n' << std::flush;
        }
    });
    if (!result.ok()) {
        return result.error();
    }
    if (result->success()) {
        return {};
    }
    const auto report = render::parse_report(result->out);
    return Error{ErrorKind::remote,
                 "cannot " + what + " on " + remote.describe()
                     + (report.descriptions.empty() ? "" : ": " + report.descriptions.back()),
                 std::string(trim(result->err)),
                 "fix the cause and run the same command again"};
}

} // namespace jrun::cli
