// SPDX-License-Identifier: BSD-2-Clause
#include "config/values.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <vector>

namespace jrun::config {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

// A non-negative decimal number ("30", "1.5") followed by a unit made of letters.
struct Quantity {
    double number = 0;
    std::string unit; // lower-case
};

std::optional<Quantity> split_quantity(std::string_view text) {
    text = trim(text);
    std::size_t end = 0;
    while (end < text.size() && (is_digit(text[end]) || text[end] == '.')) {
        ++end;
    }
    if (end == 0 || !is_digit(text[0]) || !is_digit(text[end - 1])) {
        return std::nullopt;
    }
    Quantity q;
    const auto* first = text.data();
    const auto [ptr, ec] = std::from_chars(first, first + end, q.number);
    if (ec != std::errc() || ptr != first + end) {
        return std::nullopt;
    }
    const auto unit = trim(text.substr(end));
    if (!std::all_of(unit.begin(), unit.end(), is_alpha)) {
        return std::nullopt;
    }
    q.unit = to_lower(unit);
    return q;
}

std::optional<double> seconds_per(std::string_view unit) {
    static constexpr std::array<std::pair<std::string_view, double>, 9> k_units{{
        {"", 1.0},
        {"ms", 0.001},
        {"s", 1.0},
        {"m", 60.0},
        {"min", 60.0},
        {"h", 3600.0},
        {"d", 86400.0},
        {"w", 604800.0},
        {"sec", 1.0},
    }};
    for (const auto& [name, factor] : k_units) {
        if (name == unit) {
            return factor;
        }
    }
    return std::nullopt;
}

std::optional<std::uint64_t> bytes_per(std::string_view unit) {
    if (unit == "b") {
        return 1;
    }
    if (unit.empty()) {
        return std::nullopt;
    }
    static constexpr std::string_view k_prefixes = "kmgt";
    const auto index = k_prefixes.find(unit[0]);
    const auto rest = unit.substr(1);
    if (index == std::string_view::npos || !(rest.empty() || rest == "b" || rest == "ib")) {
        return std::nullopt;
    }
    return std::uint64_t{1} << (10 * (index + 1));
}

bool all_of(std::string_view text, bool (*pred)(char)) {
    return std::all_of(text.begin(), text.end(), pred);
}

bool is_url_segment(std::string_view segment) {
    return !segment.empty() && segment != "." && segment != ".." && all_of(segment, [](char c) {
        return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+';
    });
}

// Return the part of `text` after `prefix`, or nullopt when it does not start with it.
std::optional<std::string_view> after(std::string_view text, std::string_view prefix) {
    if (!text.starts_with(prefix)) {
        return std::nullopt;
    }
    return text.substr(prefix.size());
}

std::optional<std::string> hub_url_problem(std::string_view rest) {
    const std::string_view k_shape = "must look like hub://NAME/VERSION or hub://NAME/VERSION@REF";
    std::string_view ref;
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        ref = rest.substr(at + 1);
        rest = rest.substr(0, at);
        if (!is_url_segment(ref)) {
            return std::string(k_shape);
        }
    }
    while (!rest.empty() && rest.front() == '/') {
        rest.remove_prefix(1);
    }
    while (!rest.empty() && rest.back() == '/') {
        rest.remove_suffix(1);
    }
    const auto segments = split(rest, '/');
    if (segments.size() != 2 || !is_url_segment(segments[0]) || !is_url_segment(segments[1])) {
        return std::string(k_shape);
    }
    return std::nullopt;
}

std::optional<std::string> github_url_problem(std::string_view rest) {
    const auto segments = split(rest, '/');
    const bool shaped = segments.size() >= 5 && segments[2] == "blob";
    if (!shaped || !std::all_of(segments.begin(), segments.end(), [](const std::string& s) {
            return is_url_segment(s);
        })) {
        return std::string("must be a GitHub blob URL like "
                           "https://github.com/OWNER/REPO/blob/REF/PATH/playbook.yml");
    }
    return std::nullopt;
}

} // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    const auto q = split_quantity(text);
    if (!q) {
        return std::nullopt;
    }
    const auto factor = seconds_per(q->unit);
    if (!factor) {
        return std::nullopt;
    }
    const double seconds = q->number * *factor;
    constexpr double k_year = 365.0 * 86400.0;
    if (!std::isfinite(seconds) || seconds > k_year) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
}

std::optional<std::uint64_t> parse_bytes(std::string_view text) {
    const auto q = split_quantity(text);
    if (!q) {
        return std::nullopt;
    }
    const auto factor = bytes_per(q->unit);
    if (!factor) {
        return std::nullopt;
    }
    const double bytes = q->number * static_cast<double>(*factor);
    constexpr double k_limit = 9.0e18; // below 2^63
    if (!std::isfinite(bytes) || bytes > k_limit) {
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(std::llround(bytes));
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
    text = trim(text);
    std::int64_t value = 0;
    const auto* first = text.data();
    const auto* last = first + text.size();
    if (!text.empty() && text[0] == '+') {
        ++first;
    }
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (text.empty() || ec != std::errc() || ptr != last) {
        return std::nullopt;
    }
    return value;
}

bool is_hostname_label(std::string_view name) {
    return !name.empty() && name.size() <= 63 && name.front() != '-' && name.back() != '-'
           && all_of(name, [](char c) { return is_alnum(c) || c == '-'; });
}

bool is_safe_label(std::string_view label) {
    return !label.empty() && label.size() <= 64 && label.front() != '-'
           && all_of(label, [](char c) { return is_alnum(c) || c == '_' || c == '-'; });
}

bool is_variable_name(std::string_view name) {
    return !name.empty() && !is_digit(name[0])
           && all_of(name, [](char c) { return is_alnum(c) || c == '_'; });
}

bool is_release(std::string_view release) {
    const auto dash = release.find('-');
    if (dash == std::string_view::npos) {
        return false;
    }
    const auto version = release.substr(0, dash);
    const auto dot = version.find('.');
    const auto major = version.substr(0, dot);
    const auto minor = dot == std::string_view::npos ? std::string_view{} : version.substr(dot + 1);
    if (major.empty() || minor.empty() || !all_of(major, is_digit) || !all_of(minor, is_digit)) {
        return false;
    }
    const auto tag = release.substr(dash + 1);
    if (tag == "RELEASE") {
        return true;
    }
    for (const std::string_view prefix : {"RC", "BETA", "ALPHA"}) {
        if (const auto number = after(tag, prefix)) {
            return !number->empty() && number->size() <= 3 && all_of(*number, is_digit);
        }
    }
    return false;
}

std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view text) {
    const auto parts = split(text, '.');
    if (parts.size() != 4) {
        return std::nullopt;
    }
    std::array<std::uint8_t, 4> octets{};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& part = parts[i];
        const bool canonical = !part.empty() && part.size() <= 3 && all_of(part, is_digit)
                               && (part.size() == 1 || part[0] != '0');
        if (!canonical || std::stoi(part) > 255) {
            return std::nullopt;
        }
        octets[i] = static_cast<std::uint8_t>(std::stoi(part));
    }
    return octets;
}

bool has_control_char(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

namespace {

// Return the length of the UTF-8 sequence at the start of `text`, 0 when it is malformed.
std::size_t utf8_sequence(std::string_view text) {
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(text[i]);
    };
    const unsigned lead = byte(0);
    const std::size_t length = lead < 0x80   ? 1
                               : lead < 0xc2 ? 0
                               : lead < 0xe0 ? 2
                               : lead < 0xf0 ? 3
                               : lead < 0xf5 ? 4
                                             : 0;
    if (length == 0 || length > text.size()) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xc0U) != 0x80U) {
            return 0;
        }
    }
    // Overlong 3- and 4-byte forms, UTF-16 surrogates and code points above U+10FFFF.
    const unsigned second = length > 1 ? byte(1) : 0;
    const bool bad = (lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f)
                     || (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f);
    return bad ? 0 : length;
}

} // namespace

bool is_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence(text.substr(i));
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

std::string printable(std::string_view text) {
    constexpr std::size_t k_max = 60;
    const bool utf8 = is_utf8(text);
    if (text.size() <= k_max && utf8 && !has_control_char(text)) {
        return std::string(text);
    }
    std::size_t end = std::min(text.size(), k_max);
    // Rationale: cutting inside a UTF-8 sequence would make the message itself invalid text.
    while (utf8 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xc0U) == 0x80U) {
        --end;
    }
    std::string out;
    for (const char c : text.substr(0, end)) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f || (u > 0x7f && !utf8)) {
            static constexpr std::string_view k_hex = "0123456789abcdef";
            out += "\\x";
            out += k_hex[u >> 4U];
            out += k_hex[u & 0xfU];
        } else {
            out += c;
        }
    }
    if (end < text.size()) {
        out += "...";
    }
    return out;
}

bool looks_like_url(std::string_view text) {
    const auto colon = text.find("://");
    if (colon == std::string_view::npos || colon == 0 || !is_alpha(text[0])) {
        return false;
    }
    return all_of(text.substr(0, colon),
                  [](char c) { return is_alnum(c) || c == '+' || c == '.' || c == '-'; });
}

std::optional<std::string> url_problem(std::string_view url) {
    if (has_control_char(url) || url.find_first_of(" ?#") != std::string_view::npos) {
        return std::string("must not contain blanks, control characters, '?' or '#'");
    }
    if (const auto rest = after(url, "hub://")) {
        return hub_url_problem(*rest);
    }
    if (const auto rest = after(url, "https://github.com/")) {
        return github_url_problem(*rest);
    }
    if (url.starts_with("http://")) {
        return std::string("must use https://");
    }
    return std::string("must be hub://NAME/VERSION[@REF] or a GitHub blob URL "
                       "(https://github.com/OWNER/REPO/blob/REF/PATH)");
}

namespace {

// Return whether `path` is already what lexically_normal would make of it (minus the trailing
// slash rule): no empty, `.` or `..` components. Rationale: nearly every path is, and
// std::filesystem's normalisation allocates per component.
bool is_normal(std::string_view path) {
    if (path.empty() || (path.size() > 1 && path.back() == '/')) {
        return false;
    }
    if (path == "/") {
        return true;
    }
    for (std::size_t start = path.front() == '/' ? 1 : 0; start <= path.size();) {
        const auto end = std::min(path.find('/', start), path.size());
        const auto part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") {
            return false;
        }
        start = end + 1;
    }
    return true;
}

} // namespace

std::string normalise_path(std::string_view path) {
    if (is_normal(path)) {
        return std::string(path);
    }
    std::string out = std::filesystem::path(path).lexically_normal().string();
    while (out.size() > 1 && out.back() == '/') {
        out.pop_back();
    }
    return out;
}

std::optional<std::string> guest_path_problem(std::string_view path) {
    if (path.empty() || path.front() != '/') {
        return std::string("must be an absolute path (starting with '/')");
    }
    if (has_control_char(path) || path.find_first_of(" \\") != std::string_view::npos) {
        return std::string("must not contain blanks, control characters or backslashes");
    }
    if (path.find('#') != std::string_view::npos) {
        return std::string("must not contain '#' (fstab(5) reads the rest of the line as a "
                           "comment)");
    }
    // Rationale: FreeBSD's NAME_MAX is 255 and PATH_MAX 1024; the path is used under the jail's
    // root (/usr/local/jailrun/jails/<private>/root, under 60 bytes), so 900 bytes leave room.
    constexpr std::size_t k_max_component = 255;
    constexpr std::size_t k_max_path = 900;
    if (path.size() > k_max_path) {
        return "must be at most " + std::to_string(k_max_path) + " bytes long, not "
               + std::to_string(path.size());
    }
    for (const auto& part : split(path, '/')) {
        if (part == "..") {
            return std::string("must not contain '..'");
        }
        if (part.size() > k_max_component) {
            return "must not have a component longer than " + std::to_string(k_max_component)
                   + " bytes";
        }
    }
    return std::nullopt;
}

} // namespace jrun::config
