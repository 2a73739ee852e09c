// SPDX-License-Identifier: BSD-2-Clause
#include "config/setting_values.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <limits>

namespace jrun::config {

namespace {

Error expected(std::string why, std::string hint = {}) {
    return Error{ErrorKind::config, {}, std::move(why), std::move(hint)};
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return out;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

// Parse a whole non-negative number that fills all of `text`.
std::optional<std::uint64_t> parse_number(std::string_view text) {
    if (!all_digits(text)) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

int size_shift(char suffix) {
    switch (std::toupper(static_cast<unsigned char>(suffix))) {
    case 'K':
        return 10;
    case 'M':
        return 20;
    case 'G':
        return 30;
    case 'T':
        return 40;
    default:
        return -1;
    }
}

bool is_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
        return false;
    }
    return std::all_of(label.begin(), label.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
    });
}

// Parse `host[:port]` or `[v6]:port` of an ssh:// URL into `target`.
std::optional<std::string> parse_host_port(std::string_view rest, SshTarget& target) {
    std::string_view port_text;
    if (starts_with(rest, "[")) {
        const auto close = rest.find(']');
        if (close == std::string_view::npos) {
            return "unclosed '[' in the host";
        }
        target.host = std::string(rest.substr(1, close - 1));
        port_text = rest.substr(close + 1);
        if (target.host.find(':') == std::string::npos) {
            return "brackets are for IPv6 addresses only";
        }
    } else {
        const auto colon = rest.find(':');
        target.host = std::string(rest.substr(0, colon));
        port_text = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon);
        if (!is_valid_hostname(target.host) && !is_ipv4(target.host)) {
            return "'" + target.host + "' is not a host name or IPv4 address";
        }
    }
    if (port_text.empty()) {
        return std::nullopt;
    }
    if (port_text.front() != ':') {
        return "unexpected '" + std::string(port_text) + "' after the host";
    }
    const auto port = parse_port(port_text.substr(1));
    if (!port) {
        return "'" + std::string(port_text.substr(1)) + "' is not a port number 1..65535";
    }
    target.port = *port;
    return std::nullopt;
}

} // namespace

Result<std::uint16_t> parse_port(std::string_view text) {
    const auto value = parse_number(trim(text));
    if (!value || *value < 1 || *value > 65535) {
        return expected("expected a port number 1..65535");
    }
    return static_cast<std::uint16_t>(*value);
}

Result<bool> parse_bool(std::string_view text) {
    const std::string word = lower(trim(text));
    if (word == "true" || word == "1" || word == "yes" || word == "on") {
        return true;
    }
    if (word == "false" || word == "0" || word == "no" || word == "off") {
        return false;
    }
    return expected("expected a boolean (true/false, yes/no, on/off, 1/0)");
}

Result<std::uint32_t> parse_count(std::string_view text, std::uint32_t min, std::uint32_t max) {
    const auto value = parse_number(trim(text));
    if (!value || *value < min || *value > max) {
        return expected("expected a whole number " + std::to_string(min) + ".."
                        + std::to_string(max));
    }
    return static_cast<std::uint32_t>(*value);
}

Result<std::uint64_t> parse_size(std::string_view text) {
    const std::string_view word = trim(text);
    const std::string why = "expected a size such as 4096M or 20G (K, M, G, T: powers of 1024)";
    if (all_digits(word)) {
        return expected(why, "add a unit, e.g. '" + std::string(word) + "M'");
    }
    if (word.size() < 2 || size_shift(word.back()) < 0) {
        return expected(why);
    }
    const auto number = parse_number(word.substr(0, word.size() - 1));
    const int shift = size_shift(word.back());
    if (!number || *number == 0) {
        return expected(why);
    }
    if (*number > (std::numeric_limits<std::uint64_t>::max() >> shift)) {
        return expected("size too large");
    }
    return *number << shift;
}

std::string format_size(std::uint64_t bytes) {
    static constexpr std::array<std::pair<int, char>, 4> k_units{
        {{40, 'T'}, {30, 'G'}, {20, 'M'}, {10, 'K'}}};
    for (const auto& [shift, suffix] : k_units) {
        const std::uint64_t unit = std::uint64_t{1} << shift;
        if (bytes != 0 && bytes % unit == 0) {
            return std::to_string(bytes / unit) + suffix;
        }
    }
    return std::to_string(bytes);
}

Result<std::string> parse_bsd_version(std::string_view text) {
    const std::string_view word = trim(text);
    const auto dot = word.find('.');
    if (dot == std::string_view::npos || !all_digits(word.substr(0, dot))
        || !all_digits(word.substr(dot + 1))) {
        return expected("expected a FreeBSD version such as 15.0 (MAJOR.MINOR)");
    }
    return std::string(word);
}

Result<std::string> parse_release_tag(std::string_view text) {
    std::string tag(trim(text));
    std::transform(tag.begin(), tag.end(), tag.begin(), [](char c) {
        return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
    if (tag == "RELEASE") {
        return tag;
    }
    for (const std::string_view prefix : {"RC", "BETA", "ALPHA"}) {
        if (starts_with(tag, prefix) && all_digits(std::string_view(tag).substr(prefix.size()))) {
            return tag;
        }
    }
    return expected("expected RELEASE, RCn, BETAn or ALPHAn (e.g. RC1)");
}

Result<Arch> parse_arch(std::string_view text) {
    const std::string word = lower(trim(text));
    if (word == "amd64") {
        return Arch::amd64;
    }
    if (word == "aarch64" || word == "arm64") {
        return Arch::aarch64;
    }
    return expected("expected amd64 or aarch64");
}

Arch arch_for_machine(std::string_view machine) {
    const std::string word = lower(machine);
    return word == "arm64" || word == "aarch64" ? Arch::aarch64 : Arch::amd64;
}

Result<QemuAccel> parse_accel(std::string_view text) {
    const std::string word = lower(trim(text));
    static constexpr std::array k_accels{
        QemuAccel::automatic, QemuAccel::kvm, QemuAccel::hvf, QemuAccel::tcg};
    for (const QemuAccel accel : k_accels) {
        if (word == to_string(accel)) {
            return accel;
        }
    }
    return expected("expected auto, kvm, hvf or tcg");
}

Result<std::optional<SshTarget>> parse_target(std::string_view text) {
    const std::string_view word = trim(text);
    if (word.empty()) {
        return std::optional<SshTarget>{};
    }
    const std::string form = "expected ssh://USER@HOST[:PORT]";
    if (!starts_with(word, "ssh://")) {
        return expected(form, "only ssh:// targets are supported");
    }
    std::string_view rest = word.substr(6);
    if (ends_with(rest, "/")) {
        rest.remove_suffix(1);
    }
    const auto at = rest.find('@');
    if (at == std::string_view::npos) {
        return expected(form, "name the user, e.g. ssh://admin@" + std::string(rest));
    }
    SshTarget target;
    target.user = std::string(rest.substr(0, at));
    if (!is_valid_user_name(target.user)) {
        return expected(form + ": '" + target.user + "' is not a valid user name");
    }
    if (auto problem = parse_host_port(rest.substr(at + 1), target)) {
        return expected(form + ": " + *problem);
    }
    return std::optional<SshTarget>(std::move(target));
}

std::string format_target(const SshTarget& target) {
    const bool v6 = target.host.find(':') != std::string::npos;
    std::string out = "ssh://" + target.user + '@' + (v6 ? '[' + target.host + ']' : target.host);
    if (target.port != 22) {
        out += ':' + std::to_string(target.port);
    }
    return out;
}

Result<std::string> parse_http_url(std::string_view text) {
    std::string_view word = trim(text);
    const auto scheme_end = word.find("://");
    const std::string_view scheme =
        scheme_end == std::string_view::npos ? std::string_view{} : word.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") {
        return expected("expected an http:// or https:// URL");
    }
    const std::string_view rest = word.substr(scheme_end + 3);
    const std::string_view host = rest.substr(0, rest.find_first_of(":/?#"));
    if (host.empty()) {
        return expected("expected an http:// or https:// URL with a host");
    }
    while (ends_with(word, "/")) {
        word.remove_suffix(1);
    }
    return std::string(word);
}

bool is_valid_user_name(std::string_view name) {
    if (name.empty() || name.size() > 32) {
        return false;
    }
    const auto ok_first = [](char c) {
        return (c >= 'a' && c <= 'z') || c == '_';
    };
    const auto ok_rest = [&](char c) {
        return ok_first(c) || is_digit(c) || c == '-';
    };
    return ok_first(name.front()) && std::all_of(name.begin() + 1, name.end(), ok_rest);
}

bool is_valid_hostname(std::string_view name) {
    if (name.empty() || name.size() > 253) {
        return false;
    }
    // Rationale: an all-numeric last label is refused (RFC 1123 §2.1), so that a mistyped
    // address such as 10.0.0.300 is not taken for a host name.
    const auto labels = split(name, '.');
    return std::all_of(labels.begin(), labels.end(), is_label) && !all_digits(labels.back());
}

bool is_ipv4(std::string_view text) {
    const auto parts = split(text, '.');
    if (parts.size() != 4) {
        return false;
    }
    return std::all_of(parts.begin(), parts.end(), [](const std::string& part) {
        const auto value = parse_number(part);
        return part.size() <= 3 && value && *value <= 255;
    });
}

Result<std::string>
resolve_path(std::string_view text, std::string_view home_dir, std::string_view cwd) {
    const std::string_view word = trim(text);
    if (word.empty()) {
        return expected("expected a path");
    }
    std::filesystem::path path;
    if (word == "~" || starts_with(word, "~/")) {
        path = std::filesystem::path(home_dir)
               / std::string(word.substr(std::min<std::size_t>(2, word.size())));
    } else if (starts_with(word, "~")) {
        return expected("only '~' and '~/...' are expanded, not '~user'");
    } else {
        path = std::filesystem::path(cwd) / std::string(word);
    }
    std::string out = path.lexically_normal().string();
    while (out.size() > 1 && out.back() == '/') {
        out.pop_back();
    }
    return out;
}

} // namespace jrun::config
