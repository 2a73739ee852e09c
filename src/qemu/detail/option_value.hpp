// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Values inside QEMU's `key=value,key=value` option lists (QemuOpts).

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace jrun::qemu::detail {

// Return `value` escaped for a QemuOpts value: each ',' doubled, as QEMU reads ",," as a
// literal comma. Use it only where QEMU parses an option list, never for -pidfile or -bios,
// which take the rest of the argument as it is.
[[nodiscard]] std::string escape_option(std::string_view value);

// Check that the `what` path can be handed to QEMU: non-empty, absolute (so that the block
// layer never reads a "proto:" prefix out of it) and free of control characters. Fails with
// `config`.
[[nodiscard]] Status check_path(std::string_view what, std::string_view path);

// Check that `id` is a QEMU identifier (a letter, then letters, digits, '-', '.', '_'; at
// most 64 characters), so it is safe unescaped anywhere. Fails with `config`.
[[nodiscard]] Status check_id(std::string_view what, std::string_view id);

} // namespace jrun::qemu::detail
