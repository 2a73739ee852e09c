// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A verified, resumable download: bytes go to `<destination>.part` (resumed from its size with a
// Range request), SHA-512 is computed while they stream, and the file is renamed into place
// only when the digest matches.

#include "image/blob_files.hpp"
#include "net/http_client.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace jrun::image {

struct DownloadSpec {
    std::string url;
    std::filesystem::path destination;
    std::string expected_sha512; // lower-case hex; empty = not verified
};

// What a finished download did.
struct Downloaded {
    std::string sha512;             // of the whole file
    std::uint64_t resumed_from = 0; // bytes kept from an earlier `.part`
    bool restarted = false;         // a `.part` existed but the server sent the whole file
};

// Return `destination` + ".part".
[[nodiscard]] std::filesystem::path part_path(const std::filesystem::path& destination);

// Download `spec.url` to `spec.destination`. A `.part` left by an interrupted run is resumed
// (its bytes are hashed first); a server that ignores the Range request, or answers 416, makes
// the download start over. On a digest mismatch the `.part` is removed and the call fails with
// `protocol` naming the URL, the expected and the received digest. A failed transfer keeps the
// `.part` for the next run. `progress` sees bytes so far (including resumed ones) and the total.
[[nodiscard]] Result<Downloaded> download_file(net::HttpClient& client,
                                               BlobFiles& files,
                                               const DownloadSpec& spec,
                                               const net::ProgressFn& progress = {});

} // namespace jrun::image
