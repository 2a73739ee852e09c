// SPDX-License-Identifier: BSD-2-Clause
#include "cloudinit/detail/checks.hpp"

#include "util/strings.hpp"

#include <algorithm>

namespace jrun::cloudinit::detail {

namespace {

constexpr std::string_view k_private_begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
constexpr std::string_view k_private_end = "-----END OPENSSH PRIVATE KEY-----";

bool lower_or_digit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool alnum(char c) {
    return lower_or_digit(c) || (c >= 'A' && c <= 'Z');
}

bool base64_char(char c) {
    return alnum(c) || c == '+' || c == '/' || c == '=';
}

bool all_of(std::string_view text, bool (*predicate)(char)) {
    return std::all_of(text.begin(), text.end(), predicate);
}

Error invalid(std::string_view field, std::string_view value, std::string why) {
    return Error{ErrorKind::config,
                 "render the cloud-init seed",
                 std::string(field) + " '" + std::string(value.substr(0, 80)) + "' " + why,
                 ""};
}

} // namespace

Status check_account_name(std::string_view name, std::string_view field) {
    bool ok = !name.empty() && name.size() <= 32 && (lower_or_digit(name[0]) || name[0] == '_')
              && (name[0] < '0' || name[0] > '9')
              && all_of(name, [](char c) { return lower_or_digit(c) || c == '_' || c == '-'; });
    return ok ? Status() : invalid(field, name, "is not a portable name ([a-z_][a-z0-9_-]*)");
}

Status check_hostname(std::string_view name) {
    bool ok = !name.empty() && name.size() <= 63 && name.front() != '-' && name.back() != '-'
              && all_of(name, [](char c) { return lower_or_digit(c) || c == '-'; });
    return ok ? Status() : invalid("hostname", name, "is not a DNS label");
}

Status check_package(std::string_view name) {
    bool ok = !name.empty() && alnum(name[0]) && all_of(name, [](char c) {
        return alnum(c) || c == '.' || c == '_' || c == '+' || c == '-';
    });
    return ok ? Status() : invalid("package", name, "is not a package name");
}

Status check_plain_path(std::string_view path, std::string_view field) {
    bool ok = starts_with(path, "/") && all_of(path, [](char c) {
                  return alnum(c) || c == '/' || c == '.' || c == '_' || c == '-';
              });
    return ok ? Status() : invalid(field, path, "is not a plain absolute path");
}

Result<PublicKey> parse_public_key(std::string_view line, std::string_view field) {
    line = trim(line);
    auto first = line.find(' ');
    auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    PublicKey key{std::string(line.substr(0, first)),
                  first == std::string_view::npos
                      ? std::string()
                      : std::string(line.substr(first + 1, second - first - 1)),
                  second == std::string_view::npos ? std::string()
                                                   : std::string(trim(line.substr(second + 1)))};
    bool type_ok = !key.type.empty() && all_of(key.type, [](char c) {
        return lower_or_digit(c) || c == '-' || c == '@' || c == '.';
    });
    if (!type_ok || key.blob.empty() || !all_of(key.blob, base64_char)) {
        return invalid(field, line, "is not an OpenSSH public key line");
    }
    if (!all_of(key.comment,
                [](char c) { return c >= ' ' && c <= '~' && c != '"' && c != '\\'; })) {
        return invalid(field,
                       line,
                       "has a comment with a quote, backslash or control character; remove "
                       "the comment from the .pub file");
    }
    return key;
}

Status check_private_key(std::string_view key) {
    auto lines = split(trim(key), '\n');
    bool ok =
        lines.size() >= 3 && lines.front() == k_private_begin && lines.back() == k_private_end;
    for (std::size_t i = 1; ok && i + 1 < lines.size(); ++i) {
        ok = !lines[i].empty() && all_of(lines[i], base64_char);
    }
    return ok ? Status() : invalid("host private key", "", "is not an OpenSSH private key");
}

} // namespace jrun::cloudinit::detail
