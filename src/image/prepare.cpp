// SPDX-License-Identifier: BSD-2-Clause
#include "image/prepare.hpp"

#include "image/checksum.hpp"
#include "image/decompress.hpp"
#include "image/download.hpp"

namespace jrun::image {

namespace {

net::ProgressFn phase_progress(const ImageOptions& options, Phase phase) {
    if (!options.progress) {
        return {};
    }
    return [&options, phase](std::uint64_t done, std::optional<std::uint64_t> total) {
        options.progress(phase, done, total);
    };
}

Result<bool> exists(BlobFiles& files, const std::string& path) {
    auto size = files.size(path);
    if (!size) {
        return size.error();
    }
    return size->has_value();
}

Error no_image_error(const ImageSource& source, const std::string& why) {
    return Error{ErrorKind::config,
                 "get the VM image " + source.file_name,
                 why,
                 "download it on a connected machine (" + source.url
                     + ") and set JRUN_IMAGE=/absolute/path/to/" + source.file_name
                     + " (a .raw or .raw.xz image), or connect and run again"};
}

// Turn a failure to reach the server into the "how to supply an image" error.
Error offline_aware(const ImageSource& source, const Error& error) {
    if (error.kind != ErrorKind::io && error.kind != ErrorKind::timeout) {
        return error;
    }
    auto wrapped = no_image_error(source, error.what + ": " + error.why);
    wrapped.kind = error.kind;
    return wrapped;
}

Result<std::string> expected_digest(net::HttpClient& http, const ImageSource& source) {
    if (!source.expected_sha512.empty() || source.checksum_url.empty()) {
        return source.expected_sha512;
    }
    auto list = net::fetch_text(http, source.checksum_url);
    if (!list) {
        return offline_aware(source, list.error());
    }
    return find_sha512(*list, source.file_name, source.checksum_url);
}

Result<PreparedImage> download(ImagePorts ports,
                               const ImageSource& source,
                               const ImageOptions& options,
                               const std::string& target) {
    if (options.offline) {
        return no_image_error(source, "it is not in " + options.disk_dir + " and jrun is offline");
    }
    auto digest = expected_digest(ports.http, source);
    if (!digest) {
        return digest.error();
    }
    DownloadSpec spec{source.url, target, *digest};
    auto fetched =
        download_file(ports.http, ports.files, spec, phase_progress(options, Phase::download));
    if (!fetched) {
        return offline_aware(source, fetched.error());
    }
    return PreparedImage{target, true, !digest->empty(), false};
}

Result<PreparedImage> decompress(ImagePorts ports,
                                 const ImageOptions& options,
                                 PreparedImage image,
                                 const std::string& xz) {
    auto decompressed =
        decompress_xz(ports.files, xz, image.raw, phase_progress(options, Phase::decompress));
    if (!decompressed) {
        return decompressed.error();
    }
    image.decompressed = true;
    return image;
}

Result<PreparedImage>
local_image(ImagePorts ports, const ImageSource& source, const ImageOptions& options) {
    auto found = exists(ports.files, source.url);
    if (!found || !*found) {
        return found ? Result<PreparedImage>(no_image_error(source, source.url + " does not exist"))
                     : Result<PreparedImage>(found.error());
    }
    if (!source.compressed) {
        return PreparedImage{source.url, false, false, false};
    }
    PreparedImage image{options.disk_dir + "/" + raw_name(source.file_name), false, false, false};
    auto done = exists(ports.files, image.raw);
    if (!done || *done) {
        return done ? Result<PreparedImage>(image) : Result<PreparedImage>(done.error());
    }
    return decompress(ports, options, image, source.url);
}

} // namespace

Result<PreparedImage>
ensure_image(ImagePorts ports, const ImageSource& source, const ImageOptions& options) {
    if (source.local) {
        return local_image(ports, source, options);
    }
    auto fetched_path = options.disk_dir + "/" + source.file_name;
    PreparedImage image{options.disk_dir + "/" + raw_name(source.file_name), false, false, false};
    auto have_raw = exists(ports.files, image.raw);
    if (!have_raw || *have_raw) {
        return have_raw ? Result<PreparedImage>(image) : Result<PreparedImage>(have_raw.error());
    }
    auto have_fetched = exists(ports.files, fetched_path);
    if (!have_fetched) {
        return have_fetched.error();
    }
    if (!*have_fetched) {
        auto fetched = download(ports, source, options, fetched_path);
        if (!fetched) {
            return fetched.error();
        }
        image.downloaded = true;
        image.verified = fetched->verified;
    }
    if (!source.compressed) {
        return image;
    }
    return decompress(ports, options, image, fetched_path);
}

} // namespace jrun::image
