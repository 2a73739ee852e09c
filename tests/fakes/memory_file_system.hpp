// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/file_system.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace jrun::test {

// A FileSystem in memory, stricter than most real ones (a write needs its directory to exist),
// with fault injection: a crash between the temporary write and the rename of
// write_file_atomic, and write failures. Paths are normalised lexically; "/" always exists.
class MemoryFileSystem final : public sys::FileSystem {
public:
    MemoryFileSystem();

    // Test setup: create a file (and its parent directories) or a directory.
    void add_file(const std::filesystem::path& path, std::string bytes, unsigned mode = 0644);
    void add_directory(const std::filesystem::path& path);
    // Return the bytes of the file at `path` (nullopt when there is no such file).
    [[nodiscard]] std::optional<std::string> contents(const std::filesystem::path& path) const;
    // Return the permissions of the file at `path` (nullopt when there is no such file).
    [[nodiscard]] std::optional<unsigned> mode(const std::filesystem::path& path) const;
    // Return every path that exists, sorted (to assert that nothing stray was left behind).
    [[nodiscard]] std::vector<std::string> paths() const;

    // Make the next write_file_atomic() to `path` stop as a crash would: the temporary file is
    // written, the rename never happens, and the call fails with `io`.
    void crash_before_rename(const std::filesystem::path& path);
    // Make the next write_file_atomic() to `path` fail with `io` (disk full) and write nothing.
    void fail_next_write(const std::filesystem::path& path);
    // Set the pid that try_lock() writes into lock files (default 4242).
    void set_pid(int pid) { m_pid = pid; }
    // Take the lock at `path` as another process `pid` would; it is held until the returned
    // FileLock is released.
    [[nodiscard]] sys::FileLock lock_as(const std::filesystem::path& path, int pid);
    // Return how many write_file_atomic() calls completed.
    [[nodiscard]] std::size_t atomic_writes() const { return m_atomic_writes; }

    [[nodiscard]] Result<std::string> read_file(const std::filesystem::path& path) override;
    [[nodiscard]] Status write_file_atomic(const std::filesystem::path& path,
                                           std::string_view bytes,
                                           unsigned mode) override;
    [[nodiscard]] Result<sys::FileKind> kind(const std::filesystem::path& path) override;
    [[nodiscard]] Status create_directories(const std::filesystem::path& path) override;
    [[nodiscard]] Status remove(const std::filesystem::path& path) override;
    [[nodiscard]] Status remove_all(const std::filesystem::path& path) override;
    [[nodiscard]] Status rename(const std::filesystem::path& from,
                                const std::filesystem::path& to) override;
    [[nodiscard]] Result<std::vector<std::string>>
    list_dir(const std::filesystem::path& path) override;
    [[nodiscard]] Result<sys::LockAttempt> try_lock(const std::filesystem::path& path) override;

private:
    struct Node {
        sys::FileKind kind = sys::FileKind::regular;
        std::string bytes;
        unsigned mode = 0644;
    };
    using Locks = std::map<std::string, int>;

    [[nodiscard]] Status check_parent(const std::string& key, const std::string& action) const;
    [[nodiscard]] std::vector<std::string> children(const std::string& key) const;
    [[nodiscard]] sys::FileLock hold(const std::string& key, int pid);

    std::map<std::string, Node> m_nodes;
    std::set<std::string> m_crash_before_rename;
    std::set<std::string> m_fail_next_write;
    std::shared_ptr<Locks> m_locks = std::make_shared<Locks>();
    std::size_t m_atomic_writes = 0;
    std::size_t m_temp_counter = 0;
    int m_pid = 4242;
};

} // namespace jrun::test
