// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "sys/file_system.hpp"

namespace jrun::sys {

// The host's file system, through POSIX calls (flock() for locks).
class RealFileSystem final : public FileSystem {
public:
    [[nodiscard]] Result<std::string> read_file(const std::filesystem::path& path) override;
    [[nodiscard]] Status write_file_atomic(const std::filesystem::path& path,
                                           std::string_view bytes,
                                           unsigned mode) override;
    [[nodiscard]] Result<FileKind> kind(const std::filesystem::path& path) override;
    [[nodiscard]] Status create_directories(const std::filesystem::path& path) override;
    [[nodiscard]] Status remove(const std::filesystem::path& path) override;
    [[nodiscard]] Status remove_all(const std::filesystem::path& path) override;
    [[nodiscard]] Status rename(const std::filesystem::path& from,
                                const std::filesystem::path& to) override;
    [[nodiscard]] Result<std::vector<std::string>>
    list_dir(const std::filesystem::path& path) override;
    [[nodiscard]] Result<LockAttempt> try_lock(const std::filesystem::path& path) override;
};

} // namespace jrun::sys
