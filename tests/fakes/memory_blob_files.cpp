// SPDX-License-Identifier: BSD-2-Clause
#include "fakes/memory_blob_files.hpp"

namespace jrun::test {

namespace {

constexpr std::size_t k_chunk = 5;

Error missing(const std::string& what, const std::filesystem::path& path) {
    return Error{ErrorKind::io, what + " " + path.string(), "No such file or directory", ""};
}

// Appends straight into the map entry of its file.
class MemoryOutput final : public image::OutputFile {
public:
    MemoryOutput(std::string& bytes, std::optional<std::size_t> limit)
        : m_bytes(bytes),
          m_limit(limit) {}
    [[nodiscard]] Status write(std::string_view bytes) override {
        if (m_limit && m_bytes.size() + bytes.size() > *m_limit) {
            return Error{ErrorKind::io, "write", "No space left on device", ""};
        }
        m_bytes.append(bytes);
        return {};
    }
    [[nodiscard]] Status close() override { return {}; }

private:
    std::string& m_bytes;
    std::optional<std::size_t> m_limit;
};

} // namespace

void MemoryBlobFiles::add_file(const std::filesystem::path& path, std::string bytes) {
    m_files[path.string()] = std::move(bytes);
}

std::optional<std::string> MemoryBlobFiles::contents(const std::filesystem::path& path) const {
    auto found = m_files.find(path.string());
    return found == m_files.end() ? std::nullopt : std::optional<std::string>(found->second);
}

std::vector<std::string> MemoryBlobFiles::paths() const {
    std::vector<std::string> result;
    for (const auto& [path, bytes] : m_files) {
        result.push_back(path);
    }
    return result;
}

void MemoryBlobFiles::fail_writes_after(const std::filesystem::path& path, std::size_t limit) {
    m_write_limits[path.string()] = limit;
}

Result<std::optional<std::uint64_t>> MemoryBlobFiles::size(const std::filesystem::path& path) {
    auto found = m_files.find(path.string());
    if (found == m_files.end()) {
        return std::optional<std::uint64_t>();
    }
    return std::optional<std::uint64_t>(found->second.size());
}

Result<std::unique_ptr<image::OutputFile>>
MemoryBlobFiles::open_output(const std::filesystem::path& path, bool append, bool /*sparse*/) {
    log.push_back(std::string(append ? "open append " : "open truncate ") + path.string());
    auto& bytes = m_files[path.string()];
    if (!append) {
        bytes.clear();
    }
    auto limit = m_write_limits.find(path.string());
    return std::unique_ptr<image::OutputFile>(std::make_unique<MemoryOutput>(
        bytes, limit == m_write_limits.end() ? std::nullopt : std::optional(limit->second)));
}

Status MemoryBlobFiles::read_chunks(const std::filesystem::path& path,
                                    const image::ChunkFn& on_chunk) {
    auto found = m_files.find(path.string());
    if (found == m_files.end()) {
        return missing("open", path);
    }
    log.push_back("read " + path.string());
    std::string_view bytes(found->second);
    for (std::size_t at = 0; at < bytes.size(); at += k_chunk) {
        if (auto status = on_chunk(bytes.substr(at, k_chunk)); !status) {
            return status;
        }
    }
    return {};
}

Status MemoryBlobFiles::rename(const std::filesystem::path& from, const std::filesystem::path& to) {
    auto found = m_files.find(from.string());
    if (found == m_files.end()) {
        return missing("rename", from);
    }
    log.push_back("rename " + from.string() + " " + to.string());
    auto bytes = std::move(found->second);
    m_files.erase(found);
    m_files[to.string()] = std::move(bytes);
    return {};
}

Status MemoryBlobFiles::remove(const std::filesystem::path& path) {
    if (m_files.erase(path.string()) > 0) {
        log.push_back("remove " + path.string());
    }
    return {};
}

} // namespace jrun::test
