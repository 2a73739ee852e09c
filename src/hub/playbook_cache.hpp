// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "hub/fetch.hpp"
#include "hub/manifest.hpp"
#include "hub/source.hpp"
#include "sys/file_system.hpp"

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace jrun::hub {

// A playbook ready to run from the local cache.
struct CachedPlaybook {
    std::string playbook;  // absolute path of the playbook file
    std::string directory; // its cache directory (holding every manifest file)
    bool from_cache = false;
    std::size_t files = 0; // how many files the manifest lists
};

// Called with progress messages ("Using cached playbook at ...", "Fetched and verified ...").
using NoteSink = std::function<void(std::string_view message)>;

// Remote playbooks, downloaded, verified against their jrun.manifest and cached under
// `cache_dir/<RemoteSource::cache_name>/`. A cache directory is valid when its saved manifest
// lists the entry and every listed file is there with its checksum.
// - A pinned ref with a valid cache is used with no request at all (offline use).
// - Otherwise the manifest is downloaded; when the cache matches it, nothing else is; else
//   every file is downloaded and verified before anything is written, then the directory is
//   replaced (the manifest written last, so a crash leaves an invalid cache, never a wrong one).
// This is integrity (complete, uncorrupted files), not authenticity: the manifest comes from the
// same place as the files.
class PlaybookCache {
public:
    PlaybookCache(Fetch& fetch, sys::FileSystem& fs, std::string cache_dir, std::string hub_url)
        : m_fetch(fetch),
          m_fs(fs),
          m_cache_dir(std::move(cache_dir)),
          m_hub_url(std::move(hub_url)) {}

    // Return the local playbook for setup step URL `url`. Thread-safe: calls are serialised, so
    // jails of one wave that use the same playbook never write its directory at the same time.
    // Fails with `config` for a bad URL, `protocol` for a malformed manifest, a missing entry or a
    // checksum mismatch, the Fetch error for a failed download, and `io` for the cache.
    [[nodiscard]] Result<CachedPlaybook> obtain(std::string_view url, const NoteSink& note = {});

private:
    [[nodiscard]] bool cache_valid(const std::string& dir, const Manifest& manifest);
    [[nodiscard]] Result<Manifest> saved_manifest(const std::string& dir);
    [[nodiscard]] Result<Manifest> fetch_manifest(const RemoteSource& source, std::string& text);
    [[nodiscard]] Status download(const RemoteSource& source,
                                  const Manifest& manifest,
                                  const std::string& manifest_text,
                                  const std::string& dir);

    Fetch& m_fetch;
    sys::FileSystem& m_fs;
    std::string m_cache_dir;
    std::string m_hub_url;
    std::mutex m_mutex;
};

} // namespace jrun::hub
