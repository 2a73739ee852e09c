// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <filesystem>

namespace jrun::sys {

// Return true when this process can open `path` for reading and writing (a device such as
// /dev/kvm: existing is not enough, permissions decide). The descriptor is closed at once.
[[nodiscard]] bool can_open_read_write(const std::filesystem::path& path);

} // namespace jrun::sys
