// SPDX-License-Identifier: BSD-2-Clause
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace jrun {

namespace {

bool is_plain_shell_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80) {
        return true;
    }
    return std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
}

} // namespace

std::string shell_quote(std::string_view s) {
    if (!s.empty() && std::all_of(s.begin(), s.end(), is_plain_shell_char)) {
        return std::string(s);
    }
    // Rationale: inside single quotes nothing is special except the quote itself, which is
    // closed, escaped and reopened: it's -> 'it'\''s'.
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    out += '\'';
    return out;
}

std::string shell_join(std::span<const std::string> argv) {
    std::string out;
    for (const auto& word : argv) {
        if (!out.empty()) {
            out += ' ';
        }
        out += shell_quote(word);
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: Levenshtein plus adjacent transpositions ("exce" -> "exec"),
    // the commonest typo in keys.
    const std::size_t cols = b.size() + 1;
    std::vector<std::size_t> d((a.size() + 1) * cols);
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i * cols] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            std::size_t best = std::min({d[(i - 1) * cols + j] + 1,
                                         d[i * cols + j - 1] + 1,
                                         d[(i - 1) * cols + j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                best = std::min(best, d[(i - 2) * cols + j - 2] + 1);
            }
            d[i * cols + j] = best;
        }
    }
    return d.back();
}

std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates) {
    // A suggestion is worth showing when at most a third of the word differs (min 1 edit),
    // or when one is a prefix of the other ("forwards" vs "forward").
    const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto candidate : candidates) {
        std::size_t d = edit_distance(word, candidate);
        if (d > limit && (starts_with(word, candidate) || starts_with(candidate, word))) {
            d = limit;
        }
        if (d < best_distance) {
            best_distance = d;
            best = std::string(candidate);
        }
    }
    return best;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.emplace_back(s.substr(start));
            return out;
        }
        out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.starts_with(prefix);
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.ends_with(suffix);
}

std::string join(std::span<const std::string> items, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += sep;
        }
        out += items[i];
    }
    return out;
}

} // namespace jrun
