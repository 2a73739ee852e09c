// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The file port of the image pipeline: big files streamed in pieces (downloads, decompression),
// never held in memory.

#include "util/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace jrun::image {

// A file open for writing. Destroying it without close() closes it without fsync.
class OutputFile {
public:
    OutputFile() = default;
    virtual ~OutputFile() = default;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    OutputFile(OutputFile&&) = delete;
    OutputFile& operator=(OutputFile&&) = delete;

    // Append `bytes`. Fails with `io` (disk full...).
    [[nodiscard]] virtual Status write(std::string_view bytes) = 0;
    // Flush the data to the disk (fsync) and close. Fails with `io`.
    [[nodiscard]] virtual Status close() = 0;
};

// Called with each piece of a file, in order; a non-ok Status stops the reading.
using ChunkFn = std::function<Status(std::string_view chunk)>;

// Streaming access to the files of the image directory. Failures are `io` Errors naming the
// path and the reason.
class BlobFiles {
public:
    BlobFiles() = default;
    virtual ~BlobFiles() = default;
    BlobFiles(const BlobFiles&) = delete;
    BlobFiles& operator=(const BlobFiles&) = delete;
    BlobFiles(BlobFiles&&) = delete;
    BlobFiles& operator=(BlobFiles&&) = delete;

    // Return the size of the regular file at `path`, nullopt when there is none.
    [[nodiscard]] virtual Result<std::optional<std::uint64_t>>
    size(const std::filesystem::path& path) = 0;
    // Open `path` for writing (mode 0644): appending to it, or created empty. With `sparse`, runs
    // of zero bytes become holes (raw disk images are mostly zeros).
    [[nodiscard]] virtual Result<std::unique_ptr<OutputFile>>
    open_output(const std::filesystem::path& path, bool append, bool sparse) = 0;
    // Call `on_chunk` with the whole contents of `path`, piece by piece. Errors of `on_chunk`
    // are returned unchanged.
    [[nodiscard]] virtual Status read_chunks(const std::filesystem::path& path,
                                             const ChunkFn& on_chunk) = 0;
    // Rename `from` to `to`, replacing it, and make the rename durable.
    [[nodiscard]] virtual Status rename(const std::filesystem::path& from,
                                        const std::filesystem::path& to) = 0;
    // Remove the file at `path`; a missing file is fine.
    [[nodiscard]] virtual Status remove(const std::filesystem::path& path) = 0;
};

// BlobFiles over POSIX calls.
class RealBlobFiles final : public BlobFiles {
public:
    [[nodiscard]] Result<std::optional<std::uint64_t>>
    size(const std::filesystem::path& path) override;
    [[nodiscard]] Result<std::unique_ptr<OutputFile>>
    open_output(const std::filesystem::path& path, bool append, bool sparse) override;
    [[nodiscard]] Status read_chunks(const std::filesystem::path& path,
                                     const ChunkFn& on_chunk) override;
    [[nodiscard]] Status rename(const std::filesystem::path& from,
                                const std::filesystem::path& to) override;
    [[nodiscard]] Status remove(const std::filesystem::path& path) override;
};

} // namespace jrun::image
