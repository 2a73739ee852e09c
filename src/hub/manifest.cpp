// SPDX-License-Identifier: BSD-2-Clause
#include "hub/manifest.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace jrun::hub {

namespace {

bool is_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
    });
}

bool is_path_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0
           || std::string_view("._+@~-").find(c) != std::string_view::npos;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return out;
}

Error malformed(std::size_t line, const std::string& why) {
    return Error{ErrorKind::protocol,
                 "malformed jrun.manifest",
                 "line " + std::to_string(line) + ": " + why,
                 "regenerate it with the hub's tools/gen-manifest.sh"};
}

// Parse one non-blank line: `<hex><blanks>[*]<path>`.
Result<ManifestEntry> parse_line(std::string_view line, std::size_t number) {
    constexpr std::size_t k_hex = 64;
    if (line.size() <= k_hex || !is_hex(line.substr(0, k_hex))) {
        return malformed(number, "expected '<64 hex digits>  <path>'");
    }
    std::string_view rest = line.substr(k_hex);
    const auto blanks = rest.find_first_not_of(" \t");
    if (blanks == 0 || blanks == std::string_view::npos) {
        return malformed(number, "expected blanks and a path after the checksum");
    }
    rest.remove_prefix(blanks);
    if (rest.front() == '*') {
        rest.remove_prefix(1);
    }
    if (!is_safe_relative_path(rest)) {
        return malformed(number,
                         "unsafe path '" + std::string(rest)
                             + "' (expected a relative path of letters, digits and ._+@~-)");
    }
    if (rest == k_manifest_name) {
        return malformed(number, "the manifest lists itself");
    }
    return ManifestEntry{lower(line.substr(0, k_hex)), std::string(rest)};
}

} // namespace

const ManifestEntry* Manifest::find(std::string_view path) const {
    const auto it = std::find_if(
        entries.begin(), entries.end(), [&](const ManifestEntry& e) { return e.path == path; });
    return it == entries.end() ? nullptr : &*it;
}

bool is_safe_relative_path(std::string_view path) {
    if (path.empty() || path.size() > 1024) {
        return false;
    }
    const auto segments = split(path, '/');
    return std::all_of(segments.begin(), segments.end(), [](const std::string& segment) {
        return !segment.empty() && segment != "." && segment != ".."
               && std::all_of(segment.begin(), segment.end(), is_path_char);
    });
}

Result<Manifest> parse_manifest(std::string_view text) {
    Manifest manifest;
    std::set<std::string> seen;
    const auto lines = split(text, '\n');
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (trim(line).empty()) {
            continue;
        }
        auto entry = parse_line(line, i + 1);
        if (!entry) {
            return entry.error();
        }
        if (!seen.insert(entry->path).second) {
            return malformed(i + 1, "'" + entry->path + "' is listed twice");
        }
        manifest.entries.push_back(std::move(*entry));
    }
    return manifest;
}

} // namespace jrun::hub
