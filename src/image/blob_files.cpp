// SPDX-License-Identifier: BSD-2-Clause
#include "image/blob_files.hpp"

#include "sys/fd.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>

namespace jrun::image {

namespace {

constexpr std::size_t k_block = 4096;
constexpr std::size_t k_read_chunk = 1024 * 1024;

bool all_zero(std::string_view bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == '\0'; });
}

Status write_all(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        auto written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written < 0) {
            return sys::errno_error("write " + path, errno);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

Status fsync_dir(const std::filesystem::path& path) {
    auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    sys::Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd || ::fsync(fd.get()) != 0) {
        return sys::errno_error("fsync " + dir.string(), errno);
    }
    return {};
}

// A POSIX file; in sparse mode whole zero blocks are skipped with lseek, and close() sets the
// final size with ftruncate so that a trailing hole counts.
class PosixOutput final : public OutputFile {
public:
    PosixOutput(sys::Fd fd, std::string path, bool sparse, std::uint64_t size)
        : m_fd(std::move(fd)),
          m_path(std::move(path)),
          m_sparse(sparse),
          m_size(size) {}

    [[nodiscard]] Status write(std::string_view bytes) override {
        if (!m_sparse) {
            m_size += bytes.size();
            return write_all(m_fd.get(), bytes, m_path);
        }
        while (!bytes.empty()) {
            auto piece = bytes.substr(0, k_block);
            if (auto status = write_piece(piece); !status) {
                return status;
            }
            bytes.remove_prefix(piece.size());
        }
        return {};
    }

    [[nodiscard]] Status close() override {
        if (m_sparse && ::ftruncate(m_fd.get(), static_cast<off_t>(m_size)) != 0) {
            return sys::errno_error("truncate " + m_path, errno);
        }
        if (::fsync(m_fd.get()) != 0) {
            return sys::errno_error("fsync " + m_path, errno);
        }
        m_fd.reset();
        return {};
    }

private:
    [[nodiscard]] Status write_piece(std::string_view piece) {
        m_size += piece.size();
        if (all_zero(piece)) {
            if (::lseek(m_fd.get(), static_cast<off_t>(piece.size()), SEEK_CUR) < 0) {
                return sys::errno_error("seek " + m_path, errno);
            }
            return {};
        }
        return write_all(m_fd.get(), piece, m_path);
    }

    sys::Fd m_fd;
    std::string m_path;
    bool m_sparse;
    std::uint64_t m_size;
};

} // namespace

Result<std::optional<std::uint64_t>> RealBlobFiles::size(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) {
            return std::optional<std::uint64_t>();
        }
        return sys::errno_error("stat " + path.string(), errno);
    }
    if (!S_ISREG(info.st_mode)) {
        return Error{ErrorKind::io, "stat " + path.string(), "not a regular file", ""};
    }
    return std::optional<std::uint64_t>(static_cast<std::uint64_t>(info.st_size));
}

Result<std::unique_ptr<OutputFile>>
RealBlobFiles::open_output(const std::filesystem::path& path, bool append, bool sparse) {
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
    sys::Fd fd(::open(path.c_str(), flags, 0644));
    if (!fd) {
        return sys::errno_error("open " + path.string(), errno);
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        return sys::errno_error("stat " + path.string(), errno);
    }
    // Rationale: O_APPEND would defeat the seeks of sparse mode, so sparse appends seek instead.
    auto size = static_cast<std::uint64_t>(info.st_size);
    if (sparse && append) {
        fd.reset(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
        if (!fd || ::lseek(fd.get(), static_cast<off_t>(size), SEEK_SET) < 0) {
            return sys::errno_error("open " + path.string(), errno);
        }
    }
    return std::unique_ptr<OutputFile>(
        std::make_unique<PosixOutput>(std::move(fd), path.string(), sparse, size));
}

Status RealBlobFiles::read_chunks(const std::filesystem::path& path, const ChunkFn& on_chunk) {
    sys::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return sys::errno_error("open " + path.string(), errno);
    }
    std::string buffer(k_read_chunk, '\0');
    for (;;) {
        auto got = ::read(fd.get(), buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return sys::errno_error("read " + path.string(), errno);
        }
        if (got == 0) {
            return {};
        }
        if (auto status = on_chunk(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
            !status) {
            return status;
        }
    }
}

Status RealBlobFiles::rename(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
        return sys::errno_error("rename " + from.string() + " to " + to.string(), errno);
    }
    return fsync_dir(to);
}

Status RealBlobFiles::remove(const std::filesystem::path& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        return sys::errno_error("remove " + path.string(), errno);
    }
    return {};
}

} // namespace jrun::image
