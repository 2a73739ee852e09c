// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "image/blob_files.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jrun::test {

// BlobFiles in memory: written bytes land at once (an interrupted download leaves them), and
// every file operation is logged.
class MemoryBlobFiles final : public image::BlobFiles {
public:
    void add_file(const std::filesystem::path& path, std::string bytes);
    [[nodiscard]] std::optional<std::string> contents(const std::filesystem::path& path) const;
    // Return every file path, sorted.
    [[nodiscard]] std::vector<std::string> paths() const;
    // Make writes to `path` fail once it holds `limit` bytes (a full disk).
    void fail_writes_after(const std::filesystem::path& path, std::size_t limit);

    [[nodiscard]] Result<std::optional<std::uint64_t>>
    size(const std::filesystem::path& path) override;
    [[nodiscard]] Result<std::unique_ptr<image::OutputFile>>
    open_output(const std::filesystem::path& path, bool append, bool sparse) override;
    [[nodiscard]] Status read_chunks(const std::filesystem::path& path,
                                     const image::ChunkFn& on_chunk) override;
    [[nodiscard]] Status rename(const std::filesystem::path& from,
                                const std::filesystem::path& to) override;
    [[nodiscard]] Status remove(const std::filesystem::path& path) override;

    std::vector<std::string> log; // "open append <path>", "rename <a> <b>", "remove <p>"...

private:
    std::map<std::string, std::string> m_files;
    std::map<std::string, std::size_t> m_write_limits;
};

} // namespace jrun::test
