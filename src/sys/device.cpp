// SPDX-License-Identifier: BSD-2-Clause
#include "sys/device.hpp"

#include "sys/fd.hpp"

#include <fcntl.h>

namespace jrun::sys {

bool can_open_read_write(const std::filesystem::path& path) {
    const Fd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    return fd.valid();
}

} // namespace jrun::sys
