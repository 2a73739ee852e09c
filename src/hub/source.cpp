// SPDX-License-Identifier: BSD-2-Clause
#include "hub/source.hpp"

#include "hub/manifest.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace jrun::hub {

namespace {

constexpr std::string_view k_github = "https://github.com/";
constexpr std::string_view k_default_ref = "main";

Error bad_url(std::string_view url, std::string why) {
    return Error{ErrorKind::config,
                 "cannot use playbook URL '" + std::string(url) + "'",
                 std::move(why),
                 "write hub://NAME/VERSION[@REF] or "
                 "https://github.com/OWNER/REPO/blob/REF/PATH/playbook.yml"};
}

bool is_segment(std::string_view s) {
    return !s.empty() && s != "." && s != ".." && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0
               || std::string_view("._+-").find(c) != std::string_view::npos;
    });
}

bool all_segments(const std::vector<std::string>& segments) {
    return std::all_of(
        segments.begin(), segments.end(), [](const std::string& s) { return is_segment(s); });
}

// OWNER/REPO of a GitHub repository URL (`https://github.com/OWNER/REPO[.git][/]`), if it is one.
std::optional<std::string> github_repo(std::string_view base) {
    if (!base.starts_with(k_github)) {
        return std::nullopt;
    }
    std::string rest(base.substr(k_github.size()));
    while (ends_with(rest, "/")) {
        rest.pop_back();
    }
    if (ends_with(rest, ".git")) {
        rest.resize(rest.size() - 4);
    }
    const auto segments = split(rest, '/');
    if (segments.size() != 2 || !all_segments(segments)) {
        return std::nullopt;
    }
    return rest;
}

RemoteSource finish(RemoteSource source, std::string_view label) {
    source.pinned = is_pinned_ref(source.ref);
    source.cache_name = sanitize_name(label) + "_" + sanitize_name(source.ref) + "_"
                        + sha256_hex(source.dir_url + source.entry).substr(0, 12);
    return source;
}

Result<RemoteSource> from_hub(std::string_view url, std::string_view hub_url) {
    std::string_view rest = url.substr(6);
    RemoteSource source;
    source.url = std::string(url);
    source.entry = "playbook.yml";
    source.ref = std::string(k_default_ref);
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        source.ref = std::string(rest.substr(at + 1));
        rest = rest.substr(0, at);
    }
    const auto first = rest.find_first_not_of('/');
    rest = first == std::string_view::npos ? std::string_view{} : rest.substr(first);
    rest = rest.substr(0, rest.find_last_not_of('/') + 1);
    const auto segments = split(rest, '/');
    if (segments.size() != 2 || !all_segments(segments) || !is_segment(source.ref)) {
        return bad_url(url, "expected hub://NAME/VERSION or hub://NAME/VERSION@REF");
    }
    const std::string dir = "playbooks/" + segments[0] + "/" + segments[1] + "/";
    if (const auto repo = github_repo(hub_url)) {
        source.dir_url = std::string(k_github_raw) + "/" + *repo + "/" + source.ref + "/" + dir;
        source.origin = *repo + "@" + source.ref;
        return finish(std::move(source), repo->substr(repo->find('/') + 1));
    }
    std::string base(hub_url);
    while (ends_with(base, "/")) {
        base.pop_back();
    }
    if (!base.starts_with("http://") && !base.starts_with("https://")
        && !base.starts_with("file:///")) {
        return bad_url(url,
                       "JRUN_HUB_URL '" + std::string(hub_url)
                           + "' is not an http://, https:// or file:/// URL");
    }
    source.dir_url = base + "/" + source.ref + "/" + dir;
    source.origin = base + "@" + source.ref;
    return finish(std::move(source), "hub");
}

Result<RemoteSource> from_blob(std::string_view url) {
    const auto segments = split(url.substr(k_github.size()), '/');
    if (segments.size() < 5 || segments[2] != "blob" || !all_segments(segments)) {
        return bad_url(url,
                       "expected a GitHub blob URL like "
                       "https://github.com/OWNER/REPO/blob/REF/PATH/playbook.yml");
    }
    RemoteSource source;
    source.url = std::string(url);
    source.entry = segments.back();
    source.ref = segments[3];
    const std::string repo = segments[0] + "/" + segments[1];
    std::string dir;
    for (std::size_t i = 4; i + 1 < segments.size(); ++i) {
        dir += segments[i] + "/";
    }
    source.dir_url = std::string(k_github_raw) + "/" + repo + "/" + source.ref + "/" + dir;
    source.origin = repo + "@" + source.ref;
    return finish(std::move(source), segments[1]);
}

} // namespace

std::string RemoteSource::manifest_url() const {
    return dir_url + std::string(k_manifest_name);
}

Result<RemoteSource> resolve_source(std::string_view url, std::string_view hub_url) {
    if (url.starts_with("hub://")) {
        return from_hub(url, hub_url);
    }
    if (url.starts_with(k_github)) {
        return from_blob(url);
    }
    return bad_url(url, "only hub:// URLs and GitHub blob URLs are supported");
}

bool is_pinned_ref(std::string_view ref) {
    const bool commit = ref.size() == 40 && std::all_of(ref.begin(), ref.end(), [](char c) {
                            return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                        });
    if (commit) {
        return true;
    }
    if (ref.starts_with('v') || ref.starts_with('V')) {
        ref.remove_prefix(1);
    }
    return !ref.empty() && std::isdigit(static_cast<unsigned char>(ref.front())) != 0;
}

std::string sanitize_name(std::string_view text) {
    std::string out(text);
    std::replace_if(
        out.begin(),
        out.end(),
        [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '.'
                   && c != '-';
        },
        '_');
    return out;
}

} // namespace jrun::hub
