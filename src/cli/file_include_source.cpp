// SPDX-License-Identifier: BSD-2-Clause
#include "cli/file_include_source.hpp"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace jrun::cli {

namespace {

// Closes a file descriptor on scope exit.
class FdCloser {
public:
    explicit FdCloser(int fd)
        : m_fd(fd) {}
    ~FdCloser() { ::close(m_fd); }
    FdCloser(const FdCloser&) = delete;
    FdCloser& operator=(const FdCloser&) = delete;

private:
    int m_fd;
};

std::optional<std::string> read_all(int fd, std::string& why) {
    std::string text;
    std::array<char, 65536> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n == 0) {
            return text;
        }
        if (n < 0 && errno != EINTR) {
            why = std::strerror(errno);
            return std::nullopt;
        }
        if (n > 0) {
            text.append(buffer.data(), static_cast<std::size_t>(n));
        }
    }
}

} // namespace

std::optional<std::string> FileIncludeSource::read_file(const std::string& path, std::string& why) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        why = std::strerror(errno);
        return std::nullopt;
    }
    FdCloser closer(fd);
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
        why = std::strerror(EISDIR);
        return std::nullopt;
    }
    return read_all(fd, why);
}

std::optional<std::string> FileIncludeSource::read(const std::string& path) {
    std::string why;
    return read_file(path, why);
}

std::vector<std::string> FileIncludeSource::glob(const std::string& pattern) {
    glob_t matches{};
    std::vector<std::string> paths;
    if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
            paths.emplace_back(matches.gl_pathv[i]);
        }
    }
    ::globfree(&matches);
    return paths;
}

} // namespace jrun::cli
