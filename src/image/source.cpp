// SPDX-License-Identifier: BSD-2-Clause
#include "image/source.hpp"

#include "net/http_client.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace jrun::image {

namespace {

bool all_digits(std::string_view text, std::size_t max_length) {
    return !text.empty() && text.size() <= max_length
           && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_version(std::string_view version) {
    auto dot = version.find('.');
    return dot != std::string_view::npos && all_digits(version.substr(0, dot), 3)
           && all_digits(version.substr(dot + 1), 2);
}

bool valid_tag(std::string_view tag) {
    if (tag == "RELEASE") {
        return true;
    }
    for (std::string_view prefix : {"RC", "BETA", "ALPHA"}) {
        if (starts_with(tag, prefix)) {
            return all_digits(tag.substr(prefix.size()), 2);
        }
    }
    return false;
}

bool valid_file_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.front() != '.'
           && std::all_of(name.begin(), name.end(), [](char c) {
                  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_'
                         || c == '-' || c == '+';
              });
}

Error image_error(std::string_view value, std::string why) {
    return Error{ErrorKind::config,
                 "JRUN_IMAGE=" + std::string(value),
                 std::move(why),
                 "set JRUN_IMAGE to an http(s) URL or an absolute path of a .raw or .raw.xz "
                 "image, or unset it to use the FreeBSD release image"};
}

// Split `#sha512=<hex>` off a URL.
Result<std::string> take_digest(std::string_view value, std::string& url) {
    auto hash = url.find('#');
    if (hash == std::string::npos) {
        return std::string();
    }
    std::string fragment = url.substr(hash + 1);
    url.resize(hash);
    if (!starts_with(fragment, "sha512=") || !is_sha512_hex(fragment.substr(7))) {
        return image_error(value, "the URL fragment must be #sha512=<128 hex digits>");
    }
    std::string digest = fragment.substr(7);
    std::transform(digest.begin(), digest.end(), digest.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return digest;
}

std::string last_segment(std::string_view path) {
    path = path.substr(0, path.find('?'));
    auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

Result<ImageSource> remote_source(std::string_view value) {
    ImageSource source;
    source.url = std::string(value);
    auto digest = take_digest(value, source.url);
    if (!digest) {
        return digest.error();
    }
    source.expected_sha512 = *digest;
    auto scheme_end = source.url.find("://") + 3;
    if (source.url.find('/', scheme_end) == std::string::npos) {
        return image_error(value, "the URL names no file");
    }
    source.file_name = last_segment(source.url);
    return source;
}

Result<ImageSource> local_source(std::string_view value) {
    ImageSource source;
    source.url = net::local_path_of(value);
    source.local = true;
    if (source.url.empty() || source.url.front() != '/') {
        return image_error(value, "a local image must be given as an absolute path");
    }
    source.file_name = last_segment(source.url);
    return source;
}

} // namespace

bool is_sha512_hex(std::string_view hex) {
    return hex.size() == 128 && std::all_of(hex.begin(), hex.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0;
           });
}

std::string freebsd_image_name(std::string_view version, std::string_view tag, Arch arch) {
    std::string image_arch = arch == Arch::aarch64 ? "arm64-aarch64" : "amd64";
    return "FreeBSD-" + std::string(version) + "-" + std::string(tag) + "-" + image_arch
           + "-BASIC-CLOUDINIT-zfs.raw.xz";
}

std::string freebsd_image_dir_url(std::string_view mirror,
                                  std::string_view version,
                                  std::string_view tag,
                                  Arch arch) {
    return std::string(mirror) + "/releases/VM-IMAGES/" + std::string(version) + "-"
           + std::string(tag) + "/" + to_string(arch) + "/Latest";
}

Result<ImageSource> freebsd_image_source(std::string_view version,
                                         std::string_view tag,
                                         Arch arch,
                                         std::string_view mirror) {
    if (!valid_version(version) || !valid_tag(tag)) {
        return Error{ErrorKind::config,
                     "FreeBSD " + std::string(version) + "-" + std::string(tag),
                     "not a FreeBSD release name",
                     "set JRUN_BSD_VERSION like 15.0 and JRUN_BSD_RELEASE_TAG to RELEASE, RCn, "
                     "BETAn or ALPHAn"};
    }
    auto dir = freebsd_image_dir_url(mirror, version, tag, arch);
    ImageSource source;
    source.file_name = freebsd_image_name(version, tag, arch);
    source.url = dir + "/" + source.file_name;
    source.checksum_url = dir + "/CHECKSUM.SHA512";
    source.compressed = true;
    return source;
}

Result<ImageSource> image_source_from(std::string_view jrun_image) {
    auto source =
        net::is_remote_url(jrun_image) ? remote_source(jrun_image)
        : (starts_with(jrun_image, "file://") || jrun_image.find("://") == std::string_view::npos)
            ? local_source(jrun_image)
            : Result<ImageSource>(image_error(jrun_image, "unsupported URL scheme"));
    if (!source) {
        return source;
    }
    if (!valid_file_name(source->file_name)) {
        return image_error(jrun_image,
                           "the image file name must use only letters, digits and . _ - +");
    }
    source->compressed = ends_with(source->file_name, ".xz");
    return source;
}

Result<ImageSource> image_source(const Settings& settings) {
    if (!settings.image.empty()) {
        return image_source_from(settings.image);
    }
    return freebsd_image_source(settings.bsd_version, settings.bsd_release_tag, settings.bsd_arch);
}

std::string raw_name(std::string_view file_name) {
    if (ends_with(file_name, ".xz")) {
        file_name.remove_suffix(3);
    }
    return std::string(file_name);
}

} // namespace jrun::image
