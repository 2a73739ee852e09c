// SPDX-License-Identifier: BSD-2-Clause
#include "cli/ssh_args.hpp"

#include <algorithm>

namespace jrun::cli {

namespace {

constexpr const char* k_forms = "'jrun ssh [JAIL]' opens a shell; 'jrun ssh [JAIL] -- COMMAND "
                                "[ARG...]' runs a command";

Error usage_error(std::string what, std::string why) {
    return Error{ErrorKind::usage, std::move(what), std::move(why), k_forms};
}

} // namespace

Result<SshArgs> parse_ssh_args(std::span<const std::string> args) {
    const auto dashes = std::find(args.begin(), args.end(), "--");
    SshArgs parsed;
    for (auto it = args.begin(); it != dashes; ++it) {
        if (it->starts_with('-')) {
            return usage_error("unknown option '" + *it + "'", "'jrun ssh' takes no options");
        }
        if (parsed.jail) {
            return usage_error("too many arguments",
                               "'" + *it + "' after the jail name; put a command after '--'");
        }
        parsed.jail = *it;
    }
    if (dashes != args.end()) {
        parsed.command.assign(dashes + 1, args.end());
        if (parsed.command.empty()) {
            return usage_error("missing command", "nothing follows '--'");
        }
    }
    return parsed;
}

} // namespace jrun::cli
