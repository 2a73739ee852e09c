// SPDX-License-Identifier: BSD-2-Clause
#include "image/checksum.hpp"

#include "image/source.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace jrun::image {

namespace {

struct Entry {
    std::string name;
    std::string digest;
};

// `SHA512 (name) = hex`
std::optional<Entry> parse_bsd(std::string_view line) {
    if (!starts_with(line, "SHA512 (")) {
        return std::nullopt;
    }
    auto close = line.rfind(") = ");
    if (close == std::string_view::npos || close < 8) {
        return std::nullopt;
    }
    return Entry{std::string(line.substr(8, close - 8)), std::string(trim(line.substr(close + 4)))};
}

// `hex  name` (text mode) or `hex *name` (binary mode)
std::optional<Entry> parse_gnu(std::string_view line) {
    auto space = line.find(' ');
    if (space == std::string_view::npos || space + 2 > line.size()) {
        return std::nullopt;
    }
    auto marker = line[space + 1];
    if (marker != ' ' && marker != '*') {
        return std::nullopt;
    }
    return Entry{std::string(line.substr(space + 2)), std::string(line.substr(0, space))};
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return text;
}

} // namespace

Result<std::string>
find_sha512(std::string_view list, std::string_view file_name, std::string_view list_url) {
    for (const auto& raw : split(list, '\n')) {
        auto line = trim(raw);
        auto entry = parse_bsd(line);
        if (!entry) {
            entry = parse_gnu(line);
        }
        if (!entry || entry->name != file_name) {
            continue;
        }
        if (!is_sha512_hex(entry->digest)) {
            return Error{ErrorKind::protocol,
                         "read the checksum of " + std::string(file_name),
                         std::string(list_url) + " gives no SHA-512 for it: '"
                             + entry->digest.substr(0, 40) + "'",
                         ""};
        }
        return lower(entry->digest);
    }
    return Error{ErrorKind::protocol,
                 "read the checksum of " + std::string(file_name),
                 "it is not listed in " + std::string(list_url),
                 "check JRUN_BSD_VERSION, JRUN_BSD_RELEASE_TAG and JRUN_BSD_ARCH"};
}

} // namespace jrun::image
