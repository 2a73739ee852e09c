// SPDX-License-Identifier: BSD-2-Clause
#include "cli/state_io.hpp"

#include "state/recorded_json.hpp"

namespace jrun::cli {

state::StateStore
open_state_store(sys::FileSystem& fs, const Settings& settings, const std::string& user_home) {
    state::StateStoreOptions options;
    options.state_file = settings.state_file;
    options.home = settings.home;
    options.user_home = user_home;
    return {fs, std::move(options)};
}

void print_error(Context& ctx, const Error& error) {
    print_error(ctx, error.what, error.why, error.hint);
}

namespace {

// The Python implementation (0.9) also writes `"version": 1`, with QEMU wiring at the top level.
bool written_by_python_jailrun(const nlohmann::ordered_json& body) {
    return body.contains("launched_fwds") || body.contains("launched_shares");
}

} // namespace

std::optional<model::Recorded> load_recorded(Context& ctx, state::StateStore& store) {
    auto body = store.load();
    if (!body) {
        print_error(ctx, body.error());
        return std::nullopt;
    }
    auto recorded = state::from_json(*body);
    if (!recorded) {
        Error error = recorded.error();
        error.what = "state file '" + store.state_file().string() + "' does not match its schema";
        error.hint = written_by_python_jailrun(*body)
                         ? "it was written by the Python implementation (jailrun 0.9), whose "
                           "state jrun cannot import yet: use another JRUN_HOME, or move the "
                           "file aside (jails already in the VM then show as unmanaged)"
                         : "the file was left as it is: fix the named field, or move the file "
                           "aside to start from an empty state";
        print_error(ctx, error);
        return std::nullopt;
    }
    return std::move(*recorded);
}

} // namespace jrun::cli
