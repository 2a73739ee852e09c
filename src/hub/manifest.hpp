// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace jrun::hub {

// The name of the manifest file in a playbook directory.
inline constexpr std::string_view k_manifest_name = "jrun.manifest";

// One line of a jrun.manifest: the SHA-256 of a file and its path relative to the directory.
struct ManifestEntry {
    std::string sha256; // 64 lower-case hex digits
    std::string path;   // relative, '/'-separated, no "." or ".." segments
    bool operator==(const ManifestEntry&) const = default;
};

// A parsed jrun.manifest, in file order.
struct Manifest {
    std::vector<ManifestEntry> entries;

    // Return the entry for `path`, or null.
    [[nodiscard]] const ManifestEntry* find(std::string_view path) const;
};

// Parse `text` as sha256sum(1) writes it: lines `<64 hex>  <path>` (one or more blanks, an
// optional '*' before the path); blank lines are ignored, CRLF is accepted. Fail with
// `protocol`, why = "line N: <what is wrong>" for a malformed line, an unsafe or duplicate path.
[[nodiscard]] Result<Manifest> parse_manifest(std::string_view text);

// Return true when `path` is a relative path that is safe to join to a directory and to a URL:
// segments of letters, digits and ._+@~- that are not "." or "..".
[[nodiscard]] bool is_safe_relative_path(std::string_view path);

} // namespace jrun::hub
