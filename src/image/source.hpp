// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Where the VM image comes from (pure): the FreeBSD mirror's BASIC-CLOUDINIT ZFS image for a
// release, or JRUN_IMAGE (a URL or a local path).

#include "model/settings.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>

namespace jrun::image {

// The FreeBSD download host (reference-behaviour.md §3).
inline constexpr std::string_view k_freebsd_mirror = "https://download.freebsd.org";

// One image to fetch or use.
struct ImageSource {
    std::string url;             // http(s):// URL, or an absolute local path when `local`
    std::string file_name;       // its name in the disk directory ("...-zfs.raw.xz")
    std::string checksum_url;    // the CHECKSUM.SHA512 list naming `file_name`; empty = none
    std::string expected_sha512; // a digest given with the URL (`#sha512=<hex>`); empty = none
    bool compressed = false;     // xz; decompressed once next to it
    bool local = false;          // a file on this machine, used where it is

    friend bool operator==(const ImageSource&, const ImageSource&) = default;
};

// Return `FreeBSD-<version>-<tag>-<img-arch>-BASIC-CLOUDINIT-zfs.raw.xz`, where img-arch is
// `amd64` or `arm64-aarch64`.
[[nodiscard]] std::string
freebsd_image_name(std::string_view version, std::string_view tag, Arch arch);

// Return the mirror directory `<mirror>/releases/VM-IMAGES/<version>-<tag>/<arch>/Latest`.
[[nodiscard]] std::string freebsd_image_dir_url(std::string_view mirror,
                                                std::string_view version,
                                                std::string_view tag,
                                                Arch arch);

// Return the FreeBSD image of a release with its CHECKSUM.SHA512 list. Fails with `config`
// when `version` is not like `15.0` or `tag` is not RELEASE, RCn, BETAn or ALPHAn.
[[nodiscard]] Result<ImageSource> freebsd_image_source(std::string_view version,
                                                       std::string_view tag,
                                                       Arch arch,
                                                       std::string_view mirror = k_freebsd_mirror);

// Return the image named by a JRUN_IMAGE value: an http(s) URL (optionally ending in
// `#sha512=<128 hex digits>`), a file:// URL or an absolute path; `.xz` means compressed.
// Fails with `config` on another scheme, a relative path or an unusable file name.
[[nodiscard]] Result<ImageSource> image_source_from(std::string_view jrun_image);

// Return JRUN_IMAGE's image when set, else the FreeBSD image of the configured release.
[[nodiscard]] Result<ImageSource> image_source(const Settings& settings);

// Return the name of the decompressed image: `file_name` without `.xz`.
[[nodiscard]] std::string raw_name(std::string_view file_name);

// Return true when `hex` is 128 hexadecimal digits (a SHA-512).
[[nodiscard]] bool is_sha512_hex(std::string_view hex);

} // namespace jrun::image
