// SPDX-License-Identifier: BSD-2-Clause
#include "state/state_store.hpp"

#include "util/strings.hpp"

#include <variant>

namespace jrun::state {

namespace fs = std::filesystem;

namespace {

// Rationale: JRUN_HOME also holds SSH keys; the state names host paths and addresses that
// other users of the machine have no need to read.
constexpr unsigned k_state_mode = 0600;

constexpr const char* k_recover_hint =
    "the file was left as it is: fix it, or move it aside to start from an empty state (jails "
    "already running in the VM will be reported as unmanaged)";

// Return "<what>" for a parse error message: the text after "parse error ...: ", if any.
std::string parse_error_reason(const std::string& message) {
    const auto at = message.find("parse error");
    const auto colon = at == std::string::npos ? std::string::npos : message.find(": ", at);
    return colon == std::string::npos ? message : message.substr(colon + 2);
}

// Return the 1-based line and column of byte offset `byte` (1-based, as nlohmann reports it).
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    const auto end = std::min(byte > 0 ? byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

} // namespace

fs::path lock_file_for(const fs::path& state_file) {
    auto lock = state_file;
    lock.replace_extension(".lock");
    return lock;
}

StateStore::StateStore(sys::FileSystem& fs, StateStoreOptions options)
    : m_fs(fs),
      m_options(std::move(options)),
      m_lock_file(lock_file_for(m_options.state_file)),
      m_backup_file(m_options.state_file.string() + ".bak") {
    if (m_options.home.empty()) {
        m_options.home = m_options.state_file.parent_path();
    }
    if (m_options.writer.empty()) {
        m_options.writer = std::string("jrun ") + JRUN_VERSION;
    }
}

std::string StateStore::shown(const fs::path& path) const {
    const auto& home = m_options.user_home;
    if (!home.empty()) {
        const auto relative = path.lexically_relative(home);
        if (!relative.empty() && *relative.begin() != "..") {
            return "'" + (relative == "." ? fs::path("~") : fs::path("~") / relative).string()
                   + "'";
        }
    }
    return "'" + path.string() + "'";
}

Result<sys::FileLock> StateStore::lock() {
    if (auto st = m_fs.create_directories(m_lock_file.parent_path()); !st) {
        return st.error();
    }
    auto attempt = m_fs.try_lock(m_lock_file);
    if (!attempt) {
        return attempt.error();
    }
    if (auto* lock = std::get_if<sys::FileLock>(&*attempt)) {
        return std::move(*lock);
    }
    const auto holder = std::get<sys::LockBusy>(*attempt).holder_pid;
    const auto who =
        holder ? "another jrun (pid " + std::to_string(*holder) + ")" : std::string("another jrun");
    return Error{ErrorKind::io,
                 who + " is working on " + shown(m_options.home),
                 {},
                 "wait for it or, if no jrun is running, remove " + shown(m_lock_file)};
}

Error StateStore::corrupt(std::string what, std::string why) const {
    std::string hint = k_recover_hint;
    if (m_fs.exists(m_backup_file)) {
        hint += "; the state before the last save is in " + shown(m_backup_file);
    }
    return Error{ErrorKind::io, std::move(what), std::move(why), std::move(hint)};
}

Result<nlohmann::ordered_json> StateStore::parse(const std::string& text) const {
    const auto name = "state file " + shown(m_options.state_file);
    if (trim(text).empty()) {
        return corrupt(name + " is empty", "it was probably truncated");
    }
    try {
        return nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::ordered_json::parse_error& e) {
        const auto [line, column] = line_and_column(text, e.byte);
        return corrupt(name + " is not valid JSON (line " + std::to_string(line) + ", column "
                           + std::to_string(column) + ")",
                       parse_error_reason(e.what()));
    }
}

Result<nlohmann::ordered_json> StateStore::load() {
    auto kind = m_fs.kind(m_options.state_file);
    if (!kind) {
        return kind.error();
    }
    if (*kind == sys::FileKind::missing) {
        return nlohmann::ordered_json::object();
    }
    auto text = m_fs.read_file(m_options.state_file);
    if (!text) {
        return text.error();
    }
    auto document = parse(*text);
    if (!document) {
        return document.error();
    }
    const auto name = "state file " + shown(m_options.state_file);
    auto envelope = open_envelope(std::move(*document));
    if (!envelope) {
        return corrupt(name + " is not a jrun state file", envelope.error().why);
    }
    auto body = migrate(std::move(*envelope), m_options.schema);
    if (!body) {
        const auto& error = body.error();
        return error.hint.empty()
                   ? corrupt("cannot read " + name, error.why)
                   : Error{ErrorKind::io, "cannot read " + name, error.why, error.hint};
    }
    return body;
}

Result<std::string> StateStore::serialise(const nlohmann::ordered_json& body) const {
    if (!body.is_object()) {
        return Error{ErrorKind::internal, "cannot save the state", "its body is not an object", {}};
    }
    // Rationale: ordered_json so that "version" and "writer" come first in the file, where a
    // person (or an older jrun's error message) looks for them; the body's keys stay sorted.
    nlohmann::ordered_json document;
    document["version"] = m_options.schema.version;
    document["writer"] = m_options.writer;
    for (const auto& [key, value] : body.items()) {
        if (key != "version" && key != "writer") {
            document[key] = value;
        }
    }
    try {
        return document.dump(2) + "\n";
    } catch (const nlohmann::ordered_json::type_error& e) {
        return Error{ErrorKind::io, "cannot save the state", e.what(), {}};
    }
}

Status StateStore::keep_backup(const std::string& next_bytes, bool& unchanged) {
    unchanged = false;
    auto kind = m_fs.kind(m_options.state_file);
    if (!kind) {
        return kind.error();
    }
    if (*kind != sys::FileKind::regular) {
        return {};
    }
    auto current = m_fs.read_file(m_options.state_file);
    if (!current) {
        return current.error();
    }
    if (*current == next_bytes) {
        unchanged = true;
        return {};
    }
    // Rationale: the copy is written (atomically) before the state file is replaced, so a crash
    // at any point leaves state.json whole: the old one or the new one.
    return m_fs.write_file_atomic(m_backup_file, *current, k_state_mode);
}

Status StateStore::save(const nlohmann::ordered_json& body) {
    auto bytes = serialise(body);
    if (!bytes) {
        return bytes.error();
    }
    if (auto st = m_fs.create_directories(m_options.state_file.parent_path()); !st) {
        return st;
    }
    bool unchanged = false;
    if (auto st = keep_backup(*bytes, unchanged); !st || unchanged) {
        return st;
    }
    return m_fs.write_file_atomic(m_options.state_file, *bytes, k_state_mode);
}

} // namespace jrun::state
