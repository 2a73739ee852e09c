// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Where a remote playbook lives (SPEC §10, reference-behaviour.md §10.1, fixed):
// - `hub://NAME/VERSION[@REF]` is the directory `playbooks/NAME/VERSION/` of the hub at REF
//   (default `main`). The hub is JRUN_HUB_URL: a GitHub repository URL
//   (`https://github.com/OWNER/REPO`) maps to GitHub's raw origin,
//   `https://raw.githubusercontent.com/OWNER/REPO/REF/playbooks/NAME/VERSION/`; any other
//   http://, https:// or file:// URL is a plain layout root, `<base>/REF/playbooks/NAME/VERSION/`.
// - `https://github.com/OWNER/REPO/blob/REF/DIR/FILE` is the directory DIR of that repository at
//   REF on the raw origin, with FILE as the playbook.
// The playbook file is `playbook.yml` for hub:// URLs, FILE for blob URLs; either must be
// listed in the directory's jrun.manifest.

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace jrun::hub {

// GitHub's origin for raw file contents.
inline constexpr std::string_view k_github_raw = "https://raw.githubusercontent.com";

// A remote playbook directory resolved from a setup step's `url`.
struct RemoteSource {
    std::string url;        // as written in the config
    std::string dir_url;    // ends with '/'; a file's URL is dir_url + its manifest path
    std::string entry;      // the playbook's path inside the directory ("playbook.yml")
    std::string ref;        // the REF written, or "main"
    bool pinned = false;    // see is_pinned_ref()
    std::string cache_name; // the directory name in the playbook cache
    std::string origin;     // for messages: "hyphatech/jailrun-hub@v1.0.0", "<base>@REF"

    [[nodiscard]] std::string manifest_url() const;
    bool operator==(const RemoteSource&) const = default;
};

// Resolve `url` (hub:// or a GitHub blob URL) against the hub at `hub_url`. Fail with `config`
// for any other URL, a malformed one, or a hub URL that is not http(s):// or file://.
[[nodiscard]] Result<RemoteSource> resolve_source(std::string_view url, std::string_view hub_url);

// Return true when `ref` names one fixed version: a 40-hex commit or a version tag
// (`v1.2.0`, `1.4`, `v2-rc1`: an optional 'v' then a digit). Branch names (`main`, anything
// else) are not pinned. Rationale: whether a ref is a branch or a tag cannot be known without a
// request; mistaking a branch for a pin would serve stale files forever, whereas mistaking a tag
// for a branch only costs a manifest download.
[[nodiscard]] bool is_pinned_ref(std::string_view ref);

// Return `text` with every character outside [A-Za-z0-9_.-] replaced by '_'.
[[nodiscard]] std::string sanitize_name(std::string_view text);

} // namespace jrun::hub
