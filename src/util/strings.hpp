// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jrun {

// Return `s` quoted for POSIX sh so that it is always one word, taken literally.
// Plain words ([A-Za-z0-9_@%+=:,./-]) are returned as they are.
std::string shell_quote(std::string_view s);

// Return `argv` as one display string, each word shell-quoted.
std::string shell_join(std::span<const std::string> argv);

// Return the edit distance (with adjacent transpositions) between `a` and `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Return the candidate closest to `word` when it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates);

// Return `s` split at every `sep` (empty fields kept).
std::vector<std::string> split(std::string_view s, char sep);

// Return `s` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view s);

bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

// Return `items` joined with `sep`.
std::string join(std::span<const std::string> items, std::string_view sep);

} // namespace jrun
