// SPDX-License-Identifier: BSD-2-Clause
#include "cli/vm_runtime.hpp"

#include "cli/state_io.hpp"
#include "state/recorded_json.hpp"
#include "sys/unix_stream.hpp"

#include <unistd.h>

#include <iostream>
#include <ostream>

namespace jrun::cli {

namespace {

std::string user_home(const Context& ctx) {
    auto it = ctx.env.find("HOME");
    return it == ctx.env.end() ? std::string() : it->second;
}

// Return the readiness login argv; an unusable one (a JRUN_HOME too long for the control
// socket...) is reported and leaves the probe failing, so `start` names the problem and stops.
std::vector<std::string> login_argv(Context& ctx, const Settings& settings) {
    auto argv = vm::vm_login_argv(settings);
    if (!argv) {
        print_error(ctx, argv.error());
        return {"false"};
    }
    return std::move(*argv);
}

} // namespace

VmRuntime::VmRuntime(Context& ctx, const Settings& settings)
    : m_runner(sys::RealProcessRunnerOptions{&m_signals, std::chrono::milliseconds(1000)}),
      m_http(&m_signals),
      m_paths(vm::vm_paths(settings)),
      m_ssh(m_runner, login_argv(ctx, settings)),
      m_ports{m_runner,
              m_fs,
              m_clock,
              [](const std::string& path) { return sys::connect_unix(path); },
              m_ssh,
              vm::real_port_check(m_runner, settings.vm_host),
              &vm::kill_process,
              [&ctx](std::string_view line) { ctx.err << "> " << line << '\n'; },
              &m_signals} {}

std::optional<LockedState> lock_state(Context& ctx, sys::FileSystem& fs, const Settings& settings) {
    LockedState locked{open_state_store(fs, settings, user_home(ctx)), {}, {}};
    auto lock = locked.store.lock();
    if (!lock) {
        print_error(ctx, lock.error());
        return std::nullopt;
    }
    locked.lock = std::move(*lock);
    auto recorded = load_recorded(ctx, locked.store);
    if (!recorded) {
        return std::nullopt;
    }
    locked.recorded = std::move(*recorded);
    return locked;
}

bool save_state(Context& ctx, LockedState& locked) {
    auto status = locked.store.save(state::to_json(locked.recorded));
    if (!status) {
        print_error(ctx, status.error());
        return false;
    }
    return true;
}

std::optional<Settings> vm_settings(Context& ctx) {
    auto loaded = load_effective_settings(ctx);
    if (!loaded) {
        return std::nullopt;
    }
    return *loaded->load.settings;
}

} // namespace jrun::cli
