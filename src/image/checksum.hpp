// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Checksum lists (pure): FreeBSD's CHECKSUM.SHA512 (BSD `SHA512 (name) = hex`) and the GNU
// coreutils form (`hex  name`, `hex *name`).

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace jrun::image {

// Return the SHA-512 (lower-case hex) that `list` gives for `file_name`. `list_url` names the
// list in messages. Fails with `protocol` when the file is not listed or its digest is not 128
// hex digits.
[[nodiscard]] Result<std::string>
find_sha512(std::string_view list, std::string_view file_name, std::string_view list_url);

} // namespace jrun::image
