// SPDX-License-Identifier: BSD-2-Clause
#include "hub/playbook_cache.hpp"

#include "util/hash.hpp"

#include <filesystem>
#include <utility>
#include <vector>

namespace jrun::hub {

namespace {

Error with_context(Error error, const std::string& what) {
    if (error.what.empty()) {
        error.what = what;
    } else {
        error.why = error.what + (error.why.empty() ? "" : ": " + error.why);
        error.what = what;
    }
    return error;
}

CachedPlaybook
ready(const std::string& dir, const RemoteSource& source, const Manifest& m, bool from_cache) {
    return CachedPlaybook{dir + "/" + source.entry, dir, from_cache, m.entries.size()};
}

void tell(const NoteSink& note, const std::string& message) {
    if (note) {
        note(message);
    }
}

} // namespace

Result<Manifest> PlaybookCache::saved_manifest(const std::string& dir) {
    auto text = m_fs.read_file(dir + "/" + std::string(k_manifest_name));
    if (!text) {
        return text.error();
    }
    return parse_manifest(*text);
}

bool PlaybookCache::cache_valid(const std::string& dir, const Manifest& manifest) {
    for (const auto& entry : manifest.entries) {
        const auto bytes = m_fs.read_file(dir + "/" + entry.path);
        if (!bytes || sha256_hex(*bytes) != entry.sha256) {
            return false;
        }
    }
    return true;
}

Result<Manifest> PlaybookCache::fetch_manifest(const RemoteSource& source, std::string& text) {
    const std::string what = "cannot fetch the manifest of " + source.url;
    auto body = m_fetch.get(source.manifest_url());
    if (!body) {
        return with_context(body.error(), what);
    }
    auto manifest = parse_manifest(*body);
    if (!manifest) {
        return with_context(manifest.error(), "bad manifest " + source.manifest_url());
    }
    if (manifest->find(source.entry) == nullptr) {
        return Error{ErrorKind::protocol,
                     "bad manifest " + source.manifest_url(),
                     "the playbook '" + source.entry + "' is not listed in jrun.manifest",
                     "add it to the manifest (tools/gen-manifest.sh)"};
    }
    text = std::move(*body);
    return manifest;
}

Status PlaybookCache::download(const RemoteSource& source,
                               const Manifest& manifest,
                               const std::string& manifest_text,
                               const std::string& dir) {
    std::vector<std::string> bodies;
    for (const auto& entry : manifest.entries) {
        const std::string url = source.dir_url + entry.path;
        auto body = m_fetch.get(url);
        if (!body) {
            return with_context(body.error(), "cannot fetch " + url);
        }
        const std::string got = sha256_hex(*body);
        if (got != entry.sha256) {
            return Error{ErrorKind::protocol,
                         "checksum mismatch for " + entry.path + " of " + source.url,
                         "expected " + entry.sha256 + ", got " + got,
                         "the file at " + url
                             + " does not match jrun.manifest; nothing was "
                               "written"};
        }
        bodies.push_back(std::move(*body));
    }
    for (auto st : {m_fs.remove_all(dir), m_fs.create_directories(dir)}) {
        if (!st) {
            return st;
        }
    }
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        const auto path = std::filesystem::path(dir) / manifest.entries[i].path;
        auto st = m_fs.create_directories(path.parent_path());
        if (st) {
            st = m_fs.write_file_atomic(path, bodies[i], 0644);
        }
        if (!st) {
            return st;
        }
    }
    return m_fs.write_file_atomic(dir + "/" + std::string(k_manifest_name), manifest_text, 0644);
}

Result<CachedPlaybook> PlaybookCache::obtain(std::string_view url, const NoteSink& note) {
    const std::lock_guard lock(m_mutex);
    auto source = resolve_source(url, m_hub_url);
    if (!source) {
        return source.error();
    }
    const std::string dir = m_cache_dir + "/" + source->cache_name;
    if (source->pinned) {
        const auto saved = saved_manifest(dir);
        if (saved && saved->find(source->entry) != nullptr && cache_valid(dir, *saved)) {
            tell(note, "Using cached playbook at " + dir);
            return ready(dir, *source, *saved, true);
        }
    }
    std::string text;
    auto manifest = fetch_manifest(*source, text);
    if (!manifest) {
        return manifest.error();
    }
    if (cache_valid(dir, *manifest)) {
        const auto saved = m_fs.read_file(dir + "/" + std::string(k_manifest_name));
        if (!saved || *saved != text) {
            if (auto st =
                    m_fs.write_file_atomic(dir + "/" + std::string(k_manifest_name), text, 0644);
                !st) {
                return st.error();
            }
        }
        tell(note, "Using cached playbook at " + dir + " (matches " + source->origin + ")");
        return ready(dir, *source, *manifest, true);
    }
    if (auto st = download(*source, *manifest, text, dir); !st) {
        return st.error();
    }
    tell(note,
         "Playbook " + source->url + " fetched and verified ("
             + std::to_string(manifest->entries.size()) + " files)");
    return ready(dir, *source, *manifest, false);
}

} // namespace jrun::hub
