// SPDX-License-Identifier: BSD-2-Clause
#include "sys/real_file_system.hpp"

#include "sys/fd.hpp"
#include "util/strings.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>

namespace jrun::sys {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_read_chunk = std::size_t{64} * 1024;

std::string quoted(const fs::path& path) {
    return "'" + path.string() + "'";
}

Error fs_error(const std::string& action, const fs::path& path, std::error_code ec) {
    return Error{ErrorKind::io, "cannot " + action + " " + quoted(path), ec.message(), {}};
}

Status write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno_error("write failed", errno);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

Result<std::string> read_all(int fd) {
    std::string contents;
    std::array<char, k_read_chunk> buffer{};
    for (;;) {
        const auto n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno_error("read failed", errno);
        }
        if (n == 0) {
            return contents;
        }
        contents.append(buffer.data(), static_cast<std::size_t>(n));
    }
}

// Return a name for a temporary file beside `path` that no other writer uses.
fs::path temp_path_for(const fs::path& path) {
    static std::atomic<unsigned> counter{0};
    const auto name = "." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "."
                      + std::to_string(counter++);
    return path.parent_path() / name;
}

// Write `bytes` to the new file `temp` with permissions `mode`, and flush it to disk.
Status write_temp(const fs::path& temp, std::string_view bytes, unsigned mode) {
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd) {
        return errno_error("cannot create " + quoted(temp), errno);
    }
    // Rationale: fchmod, not the open() mode, so that the umask does not change `mode`.
    if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) {
        return errno_error("cannot set the mode of " + quoted(temp), errno);
    }
    if (auto st = write_all(fd.get(), bytes); !st) {
        return Error{ErrorKind::io, "cannot write " + quoted(temp), st.error().why, {}};
    }
    if (::fsync(fd.get()) != 0) {
        return errno_error("cannot flush " + quoted(temp), errno);
    }
    if (::close(fd.release()) != 0) {
        return errno_error("cannot close " + quoted(temp), errno);
    }
    return {};
}

Status fsync_directory(const fs::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) {
        return errno_error("cannot open directory " + quoted(dir), errno);
    }
    // Rationale: some file systems refuse fsync on a directory (EINVAL); the rename is then as
    // durable as that file system makes it, which is all we can do.
    if (::fsync(fd.get()) != 0 && errno != EINVAL) {
        return errno_error("cannot flush directory " + quoted(dir), errno);
    }
    return {};
}

// Release the lock (by closing the file) after clearing the pid written into it.
class FlockHolder final : public FileLock::Holder {
public:
    explicit FlockHolder(Fd fd)
        : m_fd(std::move(fd)) {}
    ~FlockHolder() override { (void)::ftruncate(m_fd.get(), 0); }
    FlockHolder(const FlockHolder&) = delete;
    FlockHolder& operator=(const FlockHolder&) = delete;
    FlockHolder(FlockHolder&&) = delete;
    FlockHolder& operator=(FlockHolder&&) = delete;

private:
    Fd m_fd;
};

int flock_nonblocking(int fd) {
    int rc = 0;
    do {
        rc = ::flock(fd, LOCK_EX | LOCK_NB);
    } while (rc != 0 && errno == EINTR);
    return rc == 0 ? 0 : errno;
}

} // namespace

std::optional<int> parse_lock_pid(std::string_view contents) {
    const auto text = trim(contents);
    if (text.empty() || text.size() > 9
        || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const int pid = std::stoi(std::string(text));
    return pid > 0 ? std::optional<int>(pid) : std::nullopt;
}

Result<std::string> RealFileSystem::read_file(const fs::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return errno_error("cannot read " + quoted(path), errno);
    }
    auto contents = read_all(fd.get());
    if (!contents) {
        return Error{ErrorKind::io, "cannot read " + quoted(path), contents.error().why, {}};
    }
    return contents;
}

Status
RealFileSystem::write_file_atomic(const fs::path& path, std::string_view bytes, unsigned mode) {
    const auto temp = temp_path_for(path);
    if (auto st = write_temp(temp, bytes, mode); !st) {
        ::unlink(temp.c_str());
        return st;
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        auto error = errno_error("cannot replace " + quoted(path), errno);
        ::unlink(temp.c_str());
        return error;
    }
    const auto dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    return fsync_directory(dir);
}

Result<FileKind> RealFileSystem::kind(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return FileKind::missing;
        }
        return errno_error("cannot inspect " + quoted(path), errno);
    }
    if (S_ISREG(info.st_mode)) {
        return FileKind::regular;
    }
    return S_ISDIR(info.st_mode) ? FileKind::directory : FileKind::other;
}

Status RealFileSystem::create_directories(const fs::path& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) {
        return fs_error("create directory", path, ec);
    }
    return {};
}

Status RealFileSystem::remove(const fs::path& path) {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) {
        return fs_error("remove", path, ec);
    }
    return {};
}

Status RealFileSystem::remove_all(const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) {
        return fs_error("remove", path, ec);
    }
    return {};
}

Status RealFileSystem::rename(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
        return errno_error("cannot rename " + quoted(from) + " to " + quoted(to), errno);
    }
    return {};
}

Result<std::vector<std::string>> RealFileSystem::list_dir(const fs::path& path) {
    std::error_code ec;
    std::vector<std::string> names;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        names.push_back(it->path().filename().string());
    }
    if (ec) {
        return fs_error("list directory", path, ec);
    }
    std::sort(names.begin(), names.end());
    return names;
}

Result<LockAttempt> RealFileSystem::try_lock(const fs::path& path) {
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd) {
        return errno_error("cannot open lock file " + quoted(path), errno);
    }
    const int error_number = flock_nonblocking(fd.get());
    if (would_block(error_number)) {
        auto contents = read_all(fd.get());
        return LockAttempt(
            LockBusy{contents.ok() ? parse_lock_pid(*contents) : std::optional<int>()});
    }
    if (error_number != 0) {
        return errno_error("cannot lock " + quoted(path), error_number);
    }
    const auto pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd.get(), 0) != 0 || ::pwrite(fd.get(), pid.data(), pid.size(), 0) < 0) {
        return errno_error("cannot write to lock file " + quoted(path), errno);
    }
    return LockAttempt(FileLock(std::make_unique<FlockHolder>(std::move(fd))));
}

} // namespace jrun::sys
