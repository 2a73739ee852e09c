// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace jrun::sys {

// What a path names (symbolic links followed; `missing` also for a dangling link).
enum class FileKind { missing, regular, directory, other };

// An exclusive lock on a file, released at destruction (or by release()). Move-only.
class FileLock {
public:
    // Whatever keeps the lock held; destroying it releases the lock.
    class Holder {
    public:
        Holder() = default;
        virtual ~Holder() = default;
        Holder(const Holder&) = delete;
        Holder& operator=(const Holder&) = delete;
        Holder(Holder&&) = delete;
        Holder& operator=(Holder&&) = delete;
    };

    FileLock() = default;
    explicit FileLock(std::unique_ptr<Holder> holder)
        : m_holder(std::move(holder)) {}

    [[nodiscard]] bool held() const { return m_holder != nullptr; }
    void release() { m_holder.reset(); }

private:
    std::unique_ptr<Holder> m_holder;
};

// Another process holds the lock; `holder_pid` is its pid when the lock file names it.
struct LockBusy {
    std::optional<int> holder_pid;
};

// The outcome of FileSystem::try_lock: the lock, or who holds it.
using LockAttempt = std::variant<FileLock, LockBusy>;

// The local file system. Every file jrun reads or writes goes through this port.
// All failures are `io` Errors naming the path and the reason.
class FileSystem {
public:
    FileSystem() = default;
    virtual ~FileSystem() = default;
    FileSystem(const FileSystem&) = delete;
    FileSystem& operator=(const FileSystem&) = delete;
    FileSystem(FileSystem&&) = delete;
    FileSystem& operator=(FileSystem&&) = delete;

    // Return the whole contents of the file at `path`.
    [[nodiscard]] virtual Result<std::string> read_file(const std::filesystem::path& path) = 0;
    // Replace the file at `path` with `bytes` (permissions `mode`) so that after a crash it
    // holds either the old or the new bytes: write a temporary file in the same directory,
    // fsync it, rename it over `path`, fsync the directory. The directory must exist.
    [[nodiscard]] virtual Status
    write_file_atomic(const std::filesystem::path& path, std::string_view bytes, unsigned mode) = 0;
    // Return what `path` is; a missing path is not an error.
    [[nodiscard]] virtual Result<FileKind> kind(const std::filesystem::path& path) = 0;
    // Create `path` and its missing parents (existing directories are fine).
    [[nodiscard]] virtual Status create_directories(const std::filesystem::path& path) = 0;
    // Remove the file or empty directory at `path`; a missing path is fine.
    [[nodiscard]] virtual Status remove(const std::filesystem::path& path) = 0;
    // Remove `path` and everything below it; a missing path is fine.
    [[nodiscard]] virtual Status remove_all(const std::filesystem::path& path) = 0;
    // Rename `from` to `to`, replacing `to` (atomically, within one file system).
    [[nodiscard]] virtual Status rename(const std::filesystem::path& from,
                                        const std::filesystem::path& to) = 0;
    // Return the names of the entries of directory `path`, sorted.
    [[nodiscard]] virtual Result<std::vector<std::string>>
    list_dir(const std::filesystem::path& path) = 0;
    // Take an exclusive lock on the file at `path` (created if missing) without blocking, and
    // write this process's pid into it. When another process holds it, return LockBusy with
    // the pid found in the file.
    [[nodiscard]] virtual Result<LockAttempt> try_lock(const std::filesystem::path& path) = 0;

    // Return true when `path` exists (an unreadable path counts as missing).
    [[nodiscard]] bool exists(const std::filesystem::path& path) {
        auto found = kind(path);
        return found.ok() && *found != FileKind::missing;
    }
};

// Return the pid written in a lock file's `contents` (digits and optional whitespace).
[[nodiscard]] std::optional<int> parse_lock_pid(std::string_view contents);

} // namespace jrun::sys
