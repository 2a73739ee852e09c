// SPDX-License-Identifier: BSD-2-Clause
#include "cli/jail_lookup.hpp"

#include "util/strings.hpp"

namespace jrun::cli {

const model::RecordedJail*
find_recorded_jail(Context& ctx, const model::Recorded& recorded, const std::string& name) {
    if (const auto it = recorded.jails.find(name); it != recorded.jails.end()) {
        return &it->second;
    }
    std::vector<std::string_view> known;
    for (const auto& [jail, entry] : recorded.jails) {
        known.push_back(jail);
    }
    const auto suggestion = closest_match(name, known);
    print_error(ctx,
                "no jail '" + name + "'",
                suggestion ? "did you mean '" + *suggestion + "'?" : "it is not in state",
                "'jrun status' lists the jails");
    return nullptr;
}

} // namespace jrun::cli
