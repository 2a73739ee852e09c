// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/memory_file_system.hpp"

#include <algorithm>

namespace jrun::test {

namespace fs = std::filesystem;
using sys::FileKind;

namespace {

std::string key_of(const fs::path& path) {
    auto key = path.lexically_normal().generic_string();
    while (key.size() > 1 && key.back() == '/') {
        key.pop_back();
    }
    return key;
}

std::string parent_of(const std::string& key) {
    return fs::path(key).parent_path().generic_string();
}

Error io_error(const std::string& action, const std::string& key, std::string why) {
    return Error{ErrorKind::io, "cannot " + action + " '" + key + "'", std::move(why), {}};
}

constexpr const char* k_no_such = "No such file or directory";

class MemoryLockHolder final : public sys::FileLock::Holder {
public:
    MemoryLockHolder(std::shared_ptr<std::map<std::string, int>> locks, std::string key)
        : m_locks(std::move(locks)),
          m_key(std::move(key)) {}
    ~MemoryLockHolder() override { m_locks->erase(m_key); }
    MemoryLockHolder(const MemoryLockHolder&) = delete;
    MemoryLockHolder& operator=(const MemoryLockHolder&) = delete;
    MemoryLockHolder(MemoryLockHolder&&) = delete;
    MemoryLockHolder& operator=(MemoryLockHolder&&) = delete;

private:
    std::shared_ptr<std::map<std::string, int>> m_locks;
    std::string m_key;
};

} // namespace

MemoryFileSystem::MemoryFileSystem() {
    m_nodes["/"] = Node{FileKind::directory, {}, 0755};
}

void MemoryFileSystem::add_file(const fs::path& path, std::string bytes, unsigned mode) {
    const auto key = key_of(path);
    add_directory(parent_of(key));
    m_nodes[key] = Node{FileKind::regular, std::move(bytes), mode};
}

void MemoryFileSystem::add_directory(const fs::path& path) {
    (void)create_directories(path);
}

std::optional<std::string> MemoryFileSystem::contents(const fs::path& path) const {
    const auto it = m_nodes.find(key_of(path));
    if (it == m_nodes.end() || it->second.kind != FileKind::regular) {
        return std::nullopt;
    }
    return it->second.bytes;
}

std::optional<unsigned> MemoryFileSystem::mode(const fs::path& path) const {
    const auto it = m_nodes.find(key_of(path));
    if (it == m_nodes.end()) {
        return std::nullopt;
    }
    return it->second.mode;
}

std::vector<std::string> MemoryFileSystem::paths() const {
    std::vector<std::string> keys;
    for (const auto& [key, node] : m_nodes) {
        keys.push_back(key);
    }
    return keys;
}

void MemoryFileSystem::crash_before_rename(const fs::path& path) {
    m_crash_before_rename.insert(key_of(path));
}

void MemoryFileSystem::fail_next_write(const fs::path& path) {
    m_fail_next_write.insert(key_of(path));
}

sys::FileLock MemoryFileSystem::lock_as(const fs::path& path, int pid) {
    const auto key = key_of(path);
    add_file(key, std::to_string(pid) + "\n");
    return hold(key, pid);
}

sys::FileLock MemoryFileSystem::hold(const std::string& key, int pid) {
    (*m_locks)[key] = pid;
    return sys::FileLock(std::make_unique<MemoryLockHolder>(m_locks, key));
}

Status MemoryFileSystem::check_parent(const std::string& key, const std::string& action) const {
    const auto parent = parent_of(key);
    if (parent.empty()) {
        return {};
    }
    const auto it = m_nodes.find(parent);
    if (it == m_nodes.end()) {
        return io_error(action, key, k_no_such);
    }
    if (it->second.kind != FileKind::directory) {
        return io_error(action, key, "Not a directory");
    }
    return {};
}

std::vector<std::string> MemoryFileSystem::children(const std::string& key) const {
    std::vector<std::string> names;
    for (const auto& [other, node] : m_nodes) {
        if (other != key && parent_of(other) == key) {
            names.push_back(fs::path(other).filename().string());
        }
    }
    return names;
}

Result<std::string> MemoryFileSystem::read_file(const fs::path& path) {
    const auto key = key_of(path);
    const auto it = m_nodes.find(key);
    if (it == m_nodes.end()) {
        return io_error("read", key, k_no_such);
    }
    if (it->second.kind != FileKind::regular) {
        return io_error("read", key, "Is a directory");
    }
    return it->second.bytes;
}

Status
MemoryFileSystem::write_file_atomic(const fs::path& path, std::string_view bytes, unsigned mode) {
    const auto key = key_of(path);
    if (auto st = check_parent(key, "replace"); !st) {
        return st;
    }
    if (m_fail_next_write.erase(key) > 0) {
        return io_error("write", key, "No space left on device (simulated)");
    }
    const auto temp = key_of(
        fs::path(key).parent_path()
        / ("." + fs::path(key).filename().string() + ".tmp." + std::to_string(m_temp_counter++)));
    m_nodes[temp] = Node{FileKind::regular, std::string(bytes), mode};
    if (m_crash_before_rename.erase(key) > 0) {
        return io_error("replace", key, "simulated crash before rename");
    }
    if (auto st = rename(temp, key); !st) {
        return st;
    }
    ++m_atomic_writes;
    return {};
}

Result<FileKind> MemoryFileSystem::kind(const fs::path& path) {
    const auto it = m_nodes.find(key_of(path));
    return it == m_nodes.end() ? FileKind::missing : it->second.kind;
}

Status MemoryFileSystem::create_directories(const fs::path& path) {
    const auto key = key_of(path);
    if (key.empty()) {
        return {};
    }
    const auto it = m_nodes.find(key);
    if (it != m_nodes.end()) {
        return it->second.kind == FileKind::directory
                   ? Status{}
                   : io_error("create directory", key, "File exists");
    }
    if (auto st = create_directories(parent_of(key)); !st) {
        return st;
    }
    m_nodes[key] = Node{FileKind::directory, {}, 0755};
    return {};
}

Status MemoryFileSystem::remove(const fs::path& path) {
    const auto key = key_of(path);
    if (!children(key).empty()) {
        return io_error("remove", key, "Directory not empty");
    }
    m_nodes.erase(key);
    return {};
}

Status MemoryFileSystem::remove_all(const fs::path& path) {
    const auto key = key_of(path);
    const auto prefix = key == "/" ? key : key + "/";
    std::erase_if(m_nodes, [&](const auto& entry) {
        return entry.first == key || entry.first.starts_with(prefix);
    });
    if (key == "/") {
        m_nodes["/"] = Node{FileKind::directory, {}, 0755};
    }
    return {};
}

Status MemoryFileSystem::rename(const fs::path& from, const fs::path& to) {
    const auto from_key = key_of(from);
    const auto to_key = key_of(to);
    const auto it = m_nodes.find(from_key);
    if (it == m_nodes.end()) {
        return io_error("rename", from_key, k_no_such);
    }
    if (it->second.kind != FileKind::regular) {
        return io_error("rename", from_key, "only files can be renamed in MemoryFileSystem");
    }
    if (auto st = check_parent(to_key, "rename to"); !st) {
        return st;
    }
    if (const auto target = m_nodes.find(to_key);
        target != m_nodes.end() && target->second.kind == FileKind::directory) {
        return io_error("rename to", to_key, "Is a directory");
    }
    auto node = std::move(it->second);
    m_nodes.erase(it);
    m_nodes[to_key] = std::move(node);
    return {};
}

Result<std::vector<std::string>> MemoryFileSystem::list_dir(const fs::path& path) {
    const auto key = key_of(path);
    const auto it = m_nodes.find(key);
    if (it == m_nodes.end() || it->second.kind != FileKind::directory) {
        return io_error("list directory", key, it == m_nodes.end() ? k_no_such : "Not a directory");
    }
    auto names = children(key);
    std::sort(names.begin(), names.end());
    return names;
}

Result<sys::LockAttempt> MemoryFileSystem::try_lock(const fs::path& path) {
    const auto key = key_of(path);
    if (auto st = check_parent(key, "open lock file"); !st) {
        return st.error();
    }
    if (m_locks->count(key) > 0) {
        return sys::LockAttempt(sys::LockBusy{sys::parse_lock_pid(contents(key).value_or(""))});
    }
    m_nodes[key] = Node{FileKind::regular, std::to_string(m_pid) + "\n", 0644};
    return sys::LockAttempt(hold(key, m_pid));
}

} // namespace jrun::test
