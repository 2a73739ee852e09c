// SPDX-License-Identifier: BSD-2-Clause
#include "image/download.hpp"

#include "util/hash.hpp"

#include <memory>

namespace jrun::image {

namespace {

using Algorithm = Hasher::Algorithm;

// Write a response body to the `.part` file and hash it, together with the bytes kept from an
// earlier run when the server resumed.
class PartReceiver final : public net::HttpReceiver {
public:
    PartReceiver(BlobFiles& files, std::filesystem::path part)
        : m_files(files),
          m_part(std::move(part)) {}

    [[nodiscard]] Status on_head(const net::HttpHead& head) override {
        m_hasher = std::make_unique<Hasher>(Algorithm::sha512);
        m_resumed = head.resumed;
        if (head.resumed) {
            auto hashed = m_files.read_chunks(m_part, [this](std::string_view chunk) {
                m_hasher->update(chunk);
                return Status();
            });
            if (!hashed) {
                return hashed;
            }
        }
        auto out = m_files.open_output(m_part, head.resumed, false);
        if (!out) {
            return out.error();
        }
        m_out = std::move(*out);
        return {};
    }

    [[nodiscard]] Status on_data(std::string_view bytes) override {
        m_hasher->update(bytes);
        return m_out->write(bytes);
    }

    // Close the file and return the digest of all of it.
    [[nodiscard]] Result<std::string> finish() {
        if (!m_out) { // no head: nothing was received (cannot happen after a successful get)
            return Error{ErrorKind::internal, "download " + m_part.string(), "no response", ""};
        }
        auto closed = m_out->close();
        m_out.reset();
        if (!closed) {
            return closed.error();
        }
        return m_hasher->finish_hex();
    }

    [[nodiscard]] bool resumed() const { return m_resumed; }

private:
    BlobFiles& m_files;
    std::filesystem::path m_part;
    std::unique_ptr<Hasher> m_hasher;
    std::unique_ptr<OutputFile> m_out;
    bool m_resumed = false;
};

bool is_http_416(const Error& error) {
    return error.kind == ErrorKind::protocol && error.why == "HTTP 416";
}

Result<std::string> hash_file(BlobFiles& files, const std::filesystem::path& path) {
    Hasher hasher(Algorithm::sha512);
    auto read = files.read_chunks(path, [&hasher](std::string_view chunk) {
        hasher.update(chunk);
        return Status();
    });
    if (!read) {
        return read.error();
    }
    return hasher.finish_hex();
}

Error mismatch_error(const DownloadSpec& spec, const std::string& got) {
    return Error{ErrorKind::protocol,
                 "verify " + spec.destination.filename().string(),
                 "SHA-512 mismatch for " + spec.url + ": expected " + spec.expected_sha512
                     + ", got " + got,
                 "the damaged download was removed; run again to download it afresh (a "
                 "persistent mismatch means a bad mirror or a wrong JRUN_IMAGE checksum)"};
}

// Verify the finished `.part` and rename it into place, or remove it.
Status settle(BlobFiles& files, const DownloadSpec& spec, const std::string& digest) {
    auto part = part_path(spec.destination);
    if (!spec.expected_sha512.empty() && digest != spec.expected_sha512) {
        auto removed = files.remove(part);
        return removed ? Status(mismatch_error(spec, digest)) : removed;
    }
    return files.rename(part, spec.destination);
}

// One GET from `offset`; the `.part` is rewritten when the server does not resume.
Result<Downloaded> transfer(net::HttpClient& client,
                            BlobFiles& files,
                            const DownloadSpec& spec,
                            std::uint64_t offset,
                            const net::ProgressFn& progress) {
    PartReceiver receiver(files, part_path(spec.destination));
    net::HttpRequest request;
    request.url = spec.url;
    request.resume_from = offset;
    request.progress = progress;
    auto head = client.get(request, receiver);
    auto digest = head ? receiver.finish() : Result<std::string>(head.error());
    if (!digest) {
        return digest.error();
    }
    if (auto settled = settle(files, spec, *digest); !settled) {
        return settled.error();
    }
    bool resumed = receiver.resumed();
    return Downloaded{*digest, resumed ? offset : 0, offset > 0 && !resumed};
}

// A `.part` the server will not extend (416): it may already be complete.
Result<Downloaded> settle_complete_part(net::HttpClient& client,
                                        BlobFiles& files,
                                        const DownloadSpec& spec,
                                        std::uint64_t offset,
                                        const net::ProgressFn& progress) {
    auto part = part_path(spec.destination);
    if (!spec.expected_sha512.empty()) {
        auto digest = hash_file(files, part);
        if (digest && *digest == spec.expected_sha512) {
            if (auto renamed = files.rename(part, spec.destination); !renamed) {
                return renamed.error();
            }
            return Downloaded{*digest, offset, false};
        }
    }
    if (auto removed = files.remove(part); !removed) {
        return removed.error();
    }
    auto again = transfer(client, files, spec, 0, progress);
    if (again) {
        again->restarted = true;
    }
    return again;
}

} // namespace

std::filesystem::path part_path(const std::filesystem::path& destination) {
    auto part = destination;
    part += ".part";
    return part;
}

Result<Downloaded> download_file(net::HttpClient& client,
                                 BlobFiles& files,
                                 const DownloadSpec& spec,
                                 const net::ProgressFn& progress) {
    auto existing = files.size(part_path(spec.destination));
    if (!existing) {
        return existing.error();
    }
    std::uint64_t offset = existing->value_or(0);
    auto result = transfer(client, files, spec, offset, progress);
    if (!result && offset > 0 && is_http_416(result.error())) {
        return settle_complete_part(client, files, spec, offset, progress);
    }
    return result;
}

} // namespace jrun::image
