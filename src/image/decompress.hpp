// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "image/blob_files.hpp"
#include "net/http_client.hpp"

#include <filesystem>

namespace jrun::image {

// Decompress the xz file `xz` into `raw` (liblzma, streamed; zero runs become holes): write
// `<raw>.part`, then rename it into place. `progress` sees compressed bytes consumed and the xz
// file's size. Fails with `io` on a corrupt or truncated xz file (the `.part` is removed) or on
// a file error.
[[nodiscard]] Status decompress_xz(BlobFiles& files,
                                   const std::filesystem::path& xz,
                                   const std::filesystem::path& raw,
                                   const net::ProgressFn& progress = {});

} // namespace jrun::image
