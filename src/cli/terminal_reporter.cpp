// SPDX-License-Identifier: BSD-2-Clause
#include "cli/terminal_reporter.hpp"

#include "state/recorded_json.hpp"

namespace jrun::cli {

void TerminalReporter::prefix(std::string_view jail) {
    constexpr std::size_t k_width = 16;
    const std::string name = jail.empty() ? "host" : std::string(jail);
    m_out << "  " << name;
    for (std::size_t i = name.size(); i < k_width; ++i) {
        m_out << ' ';
    }
    m_out << " | ";
}

void TerminalReporter::progress(std::string_view jail, std::string_view text) {
    const std::lock_guard lock(m_mutex);
    prefix(jail);
    m_out << text << '\n' << std::flush;
}

void TerminalReporter::finished(std::string_view jail, const Error* error) {
    const std::lock_guard lock(m_mutex);
    const char* green = m_color ? "\033[32m" : "";
    const char* red = m_color ? "\033[31m" : "";
    const char* reset = m_color ? "\033[0m" : "";
    prefix(jail);
    if (error == nullptr) {
        m_out << green << "done" << reset << '\n';
    } else {
        m_out << red << "failed" << reset << ": " << error->what;
        if (!error->why.empty()) {
            m_out << ": " << error->why;
        }
        m_out << '\n';
    }
    m_out << std::flush;
}

Status StoreStateSink::save(const model::Recorded& recorded) {
    return m_store.save(state::to_json(recorded));
}

} // namespace jrun::cli
