// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// The VM disk: a qcow2 overlay over the read-only raw base image, grown to the disk size
// (the FreeBSD image grows its ZFS pool itself at boot).

#include "image/blob_files.hpp"
#include "sys/process_runner.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace jrun::image {

// Return `qemu-img create -f qcow2 -F raw -b <base> <disk>`.
[[nodiscard]] std::vector<std::string> overlay_create_argv(const std::string& base,
                                                           const std::string& disk);

// Return `qemu-img resize <disk> <bytes>`.
[[nodiscard]] std::vector<std::string> overlay_resize_argv(const std::string& disk,
                                                           std::uint64_t bytes);

// Create the overlay `disk` over `base` (both absolute) unless `disk` exists, and grow it to
// `size_bytes` when the base is smaller (a disk is never shrunk). The overlay is made under
// `<disk>.part` and renamed into place, so a crash never leaves a half-made disk. Return true
// when it was created. Fails with `config` on a relative path, with `process` when qemu-img
// fails (its message included), or with `io`.
[[nodiscard]] Result<bool> ensure_overlay(sys::ProcessRunner& runner,
                                          BlobFiles& files,
                                          const std::string& base,
                                          const std::string& disk,
                                          std::uint64_t size_bytes);

} // namespace jrun::image
