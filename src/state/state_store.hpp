// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "state/schema.hpp"
#include "sys/file_system.hpp"
#include "util/result.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace jrun::state {

struct StateStoreOptions {
    // The state file, e.g. ~/.jrun/state.json (JRUN_STATE_FILE). The lock is the same path with
    // the extension `.lock` (state.lock), the previous copy the same path plus `.bak`.
    std::filesystem::path state_file;
    // JRUN_HOME, named in messages; empty: the state file's directory.
    std::filesystem::path home;
    // The user's home directory: paths below it are shown as `~/...`; empty: never.
    std::filesystem::path user_home;
    // Recorded in every saved file as "writer"; empty: "jrun <this version>".
    std::string writer;
    Schema schema = current_schema();
};

// The recorded-state file (SPEC §6): a JSON object {"version": N, "writer": "jrun x.y.z", ...}
// written atomically under an exclusive lock. A missing file is an empty state; a corrupt,
// truncated or newer file is an error and is never overwritten or emptied silently.
// The body (everything but "version" and "writer") is the caller's schema; this layer only
// checks and upgrades the version.
class StateStore {
public:
    StateStore(sys::FileSystem& fs, StateStoreOptions options);

    [[nodiscard]] const std::filesystem::path& state_file() const { return m_options.state_file; }
    [[nodiscard]] const std::filesystem::path& lock_file() const { return m_lock_file; }
    [[nodiscard]] const std::filesystem::path& backup_file() const { return m_backup_file; }

    // Take the exclusive lock that every changing command holds for its whole run (creating
    // JRUN_HOME when needed). Fails with `io` when another jrun holds it: "another jrun (pid N)
    // is working on '<home>'", with a hint naming the lock file.
    [[nodiscard]] Result<sys::FileLock> lock();
    // Return the recorded body, upgraded to the current version (an empty object when there is
    // no state file). Fails with `io`, leaving the file untouched, when it cannot be read, is
    // not valid JSON, is not a state file, or is newer than this jrun; the hint says how to
    // recover. Needs no lock.
    [[nodiscard]] Result<nlohmann::ordered_json> load();
    // Replace the recorded state with `body` (a JSON object): keep the current file as the
    // `.bak` copy, then write the new one atomically. Saving an unchanged state writes nothing.
    // Call it with the lock held. Fails with `io`, or `internal` when `body` is not an object.
    [[nodiscard]] Status save(const nlohmann::ordered_json& body);

    // Return the bytes save() would write for `body`.
    [[nodiscard]] Result<std::string> serialise(const nlohmann::ordered_json& body) const;

private:
    [[nodiscard]] std::string shown(const std::filesystem::path& path) const;
    [[nodiscard]] Result<nlohmann::ordered_json> parse(const std::string& text) const;
    [[nodiscard]] Error corrupt(std::string what, std::string why) const;
    [[nodiscard]] Status keep_backup(const std::string& next_bytes, bool& unchanged);

    sys::FileSystem& m_fs;
    StateStoreOptions m_options;
    std::filesystem::path m_lock_file;
    std::filesystem::path m_backup_file;
};

// Return the lock file that goes with `state_file` (its extension replaced by `.lock`).
[[nodiscard]] std::filesystem::path lock_file_for(const std::filesystem::path& state_file);

} // namespace jrun::state
