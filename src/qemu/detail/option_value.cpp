// SPDX-License-Identifier: BSD-2-Clause
#include "qemu/detail/option_value.hpp"

#include <algorithm>

namespace jrun::qemu::detail {

namespace {

constexpr std::size_t k_max_id = 64;

bool is_control(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
}

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_id_char(char c) {
    return is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

Error bad_path(std::string_view what, std::string_view path, std::string why) {
    return Error{ErrorKind::config,
                 "cannot pass the " + std::string(what) + " path '" + std::string(path)
                     + "' to QEMU",
                 std::move(why),
                 {}};
}

} // namespace

std::string escape_option(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        out += c;
        if (c == ',') {
            out += ',';
        }
    }
    return out;
}

Status check_path(std::string_view what, std::string_view path) {
    if (path.empty()) {
        return bad_path(what, path, "it is empty");
    }
    if (path.front() != '/') {
        return bad_path(what, path, "it is not absolute");
    }
    if (std::any_of(path.begin(), path.end(), is_control)) {
        return bad_path(what, path, "it contains a control character (such as a newline)");
    }
    return {};
}

Status check_id(std::string_view what, std::string_view id) {
    const bool ok = !id.empty() && id.size() <= k_max_id && is_ascii_letter(id.front())
                    && std::all_of(id.begin(), id.end(), is_id_char);
    if (ok) {
        return {};
    }
    return Error{ErrorKind::config,
                 "cannot use '" + std::string(id) + "' as a QEMU " + std::string(what),
                 "it must be a letter followed by at most 63 letters, digits, '-', '.' or '_'",
                 {}};
}

} // namespace jrun::qemu::detail
