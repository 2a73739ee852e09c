// SPDX-License-Identifier: BSD-2-Clause
// The real ports behind the VM commands (start, stop, purge, doctor) and what they share:
// settings, the state lock, confirmation.
#pragma once

#include "cli/cli.hpp"
#include "cli/confirm.hpp"
#include "cli/settings_io.hpp"
#include "image/blob_files.hpp"
#include "model/recorded.hpp"
#include "net/curl_http_client.hpp"
#include "state/state_store.hpp"
#include "sys/clock.hpp"
#include "sys/real_file_system.hpp"
#include "sys/real_process_runner.hpp"
#include "sys/signals.hpp"
#include "vm/lifecycle.hpp"
#include "vm/paths.hpp"
#include "vm/real_ports.hpp"

#include <memory>
#include <optional>

namespace jrun::cli {

// Every real port of the VM lifecycle, for one command run.
class VmRuntime {
public:
    VmRuntime(Context& ctx, const Settings& settings);

    [[nodiscard]] vm::VmPorts& ports() { return m_ports; }
    [[nodiscard]] vm::ImageAccess image() { return {m_http, m_blobs}; }
    [[nodiscard]] sys::FileSystem& fs() { return m_fs; }
    [[nodiscard]] const vm::VmPaths& paths() const { return m_paths; }

private:
    sys::RealSignals m_signals;
    sys::RealProcessRunner m_runner;
    sys::RealFileSystem m_fs;
    sys::RealClock m_clock;
    net::CurlHttpClient m_http;
    image::RealBlobFiles m_blobs;
    vm::VmPaths m_paths;
    vm::RealSshProbe m_ssh;
    vm::VmPorts m_ports;
};

// The state of this instance, locked for the whole command.
struct LockedState {
    state::StateStore store;
    sys::FileLock lock;
    model::Recorded recorded;
};

// Take the state lock and read the state; print why and return nullopt when either fails.
[[nodiscard]] std::optional<LockedState>
lock_state(Context& ctx, sys::FileSystem& fs, const Settings& settings);

// Save `locked.recorded`; print why and return false when it fails.
[[nodiscard]] bool save_state(Context& ctx, LockedState& locked);

// Return true when the arguments are only -y/--yes (setting `yes`); print why otherwise.
[[nodiscard]] bool parse_yes(Context& ctx, std::string_view usage, bool& yes);

// Stop the VM (the state lock held); print the outcome. Return the exit code.
[[nodiscard]] int stop_locked_vm(Context& ctx, VmRuntime& runtime);

// Return the effective settings, or nullopt after printing why.
[[nodiscard]] std::optional<Settings> vm_settings(Context& ctx);

} // namespace jrun::cli
