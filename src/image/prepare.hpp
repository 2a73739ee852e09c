// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Make sure the VM's base image is on this machine: download (verified, resumable), then
// decompress once (SPEC §7, reference-behaviour.md §5.4).

#include "image/blob_files.hpp"
#include "image/source.hpp"
#include "net/http_client.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace jrun::image {

// What the pipeline is doing, for a progress bar.
enum class Phase { download, decompress };

// Called with the phase, the bytes done and the total when known.
using ImageProgressFn =
    std::function<void(Phase phase, std::uint64_t done, std::optional<std::uint64_t> total)>;

// The ports the pipeline uses.
struct ImagePorts {
    net::HttpClient& http;
    BlobFiles& files;
};

struct ImageOptions {
    std::string disk_dir; // absolute; downloads and decompressed images go here
    bool offline = false; // never touch the network: fail unless the image is already here
    ImageProgressFn progress;
};

// The base image, ready for an overlay.
struct PreparedImage {
    std::string raw;           // the raw base image (absolute path)
    bool downloaded = false;   // fetched by this call
    bool verified = false;     // fetched by this call and its SHA-512 matched the published one
    bool decompressed = false; // decompressed by this call
};

// Return the raw base image of `source`, fetching and decompressing what is missing. A raw
// image already in `disk_dir` (or a local raw JRUN_IMAGE) is used as it is; a downloaded
// `.raw.xz` is kept, like the Python implementation. When the image is not here and the network
// must not be used (`offline`, kind `config`) or cannot be reached (`io`/`timeout`), the Error's
// hint says how to supply one with JRUN_IMAGE. Fails with `protocol` on a checksum mismatch or
// an HTTP error status, `io` on a file error.
[[nodiscard]] Result<PreparedImage>
ensure_image(ImagePorts ports, const ImageSource& source, const ImageOptions& options);

} // namespace jrun::image
