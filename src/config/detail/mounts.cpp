// SPDX-License-Identifier: BSD-2-Clause
// `mount { LABEL { host; jail; readonly; } }` in jails and `mount { LABEL { host; target; } }` in
// the base, with host paths resolved like the Python implementation (relative to the config
// file's directory, `~` expanded) and checked to be directories.
#include "config/detail/checker.hpp"
#include "config/values.hpp"

#include <array>
#include <unordered_map>

namespace jrun::config::detail {

namespace {

constexpr std::array<std::string_view, 3> k_mount_keys{"host", "jail", "readonly"};
constexpr std::array<std::string_view, 2> k_base_mount_keys{"host", "target"};

// Report a second mount onto the same guest path of one jail (or of the VM).
class TargetSet {
public:
    TargetSet(Reader& reader, const SectionInfo& info)
        : m_reader(reader),
          m_info(info) {}

    void add(const std::string& path, std::string_view label, const Location& loc) {
        const auto* first = m_seen.add(path, {label, loc});
        if (first == nullptr) {
            return;
        }
        const auto other = entry_scope(m_info, first->first).text();
        m_reader.error(loc,
                       entry_scope(m_info, label).text() + " mounts onto " + quote(path)
                           + ", which " + other + " already uses");
        m_reader.note(first->second, other + " mounts it here");
    }

private:
    Reader& m_reader;
    const SectionInfo& m_info;
    FirstSeen<std::pair<std::string_view, Location>> m_seen;
};

} // namespace

std::vector<model::Mount> Checker::read_mounts(const ucl::Value& section, const Scope& owner) {
    const SectionInfo info{"mount", &owner, k_mount_keys};
    std::vector<model::Mount> out;
    TargetSet targets(m_reader, info);
    for (const auto& entry : entries(m_reader, section, info)) {
        check_label(m_reader, entry, "mount");
        const Scope scope = entry_scope(info, entry.label);
        const ucl::Value& body = *entry.body;
        check_keys(m_reader, body, k_mount_keys, scope);
        auto host = read_host_dir(body, scope, "host");
        const ucl::Value* jail = required(m_reader, body, "jail", scope, "the path in the jail");
        auto path = jail != nullptr ? read_guest_path(*jail, scope, "jail") : std::nullopt;
        bool readonly = false;
        if (const ucl::Value* ro = single(m_reader, body, "readonly", scope)) {
            readonly = bool_field(m_reader, *ro, "readonly", scope).value_or(false);
        }
        if (host && path) {
            targets.add(*path, entry.label, jail->location());
            out.push_back({std::string(entry.label), *host, *path, readonly, {entry.location}});
        }
    }
    return out;
}

std::vector<model::BaseMount> Checker::read_base_mounts(const ucl::Value& section,
                                                        const Scope& owner) {
    const SectionInfo info{"mount", &owner, k_base_mount_keys};
    std::vector<model::BaseMount> out;
    TargetSet targets(m_reader, info);
    for (const auto& entry : entries(m_reader, section, info)) {
        check_label(m_reader, entry, "mount");
        const Scope scope = entry_scope(info, entry.label);
        const ucl::Value& body = *entry.body;
        check_keys(m_reader, body, k_base_mount_keys, scope);
        auto host = read_host_dir(body, scope, "host");
        const ucl::Value* target = required(m_reader, body, "target", scope, "the path in the VM");
        auto path = target != nullptr ? read_guest_path(*target, scope, "target") : std::nullopt;
        if (host && path) {
            targets.add(*path, entry.label, target->location());
            out.push_back({std::string(entry.label), *host, *path, {entry.location}});
        }
    }
    return out;
}

std::optional<std::string>
Checker::read_host_dir(const ucl::Value& body, const Scope& scope, std::string_view key) {
    const ucl::Value* value = required(m_reader, body, key, scope, "the directory to share");
    const auto written =
        value != nullptr ? string_field(m_reader, *value, key, scope) : std::nullopt;
    if (!written) {
        return std::nullopt;
    }
    auto path = resolve_host_path(*value, *written, scope, key);
    if (!path) {
        return std::nullopt;
    }
    const PathKind kind = m_context.probe->path_kind(*path);
    if (kind != PathKind::directory) {
        const char* found = kind == PathKind::missing ? " does not exist" : " is not a directory";
        m_reader.error(value->location(),
                       subject(key, scope) + " must be an existing directory, but " + quote(*path)
                           + found);
        return std::nullopt;
    }
    return path;
}

std::optional<std::string> Checker::resolve_host_path(const ucl::Value& value,
                                                      const std::string& written,
                                                      const Scope& scope,
                                                      std::string_view key) {
    const auto fail = [&](const std::string& why) {
        m_reader.error(value.location(), subject(key, scope) + " " + why);
        return std::nullopt;
    };
    if (written.empty()) {
        return fail("must not be empty");
    }
    if (has_control_char(written)) {
        return fail("must not contain control characters, not " + quote(written));
    }
    std::string path = written;
    if (path == "~" || path.starts_with("~/")) {
        if (m_context.home.empty()) {
            return fail("starts with '~', but HOME is not set");
        }
        path = m_context.home + path.substr(1);
    } else if (path.front() == '~') {
        return fail("uses '~user', which is not supported; write the full path");
    }
    if (path.front() != '/') {
        path = m_context.config_dir + "/" + path;
    }
    return normalise_path(path);
}

std::optional<std::string>
Checker::read_guest_path(const ucl::Value& value, const Scope& scope, std::string_view key) {
    const auto written = string_field(m_reader, value, key, scope);
    if (!written) {
        return std::nullopt;
    }
    if (const auto problem = guest_path_problem(*written)) {
        m_reader.error(value.location(),
                       subject(key, scope) + " " + *problem + ", not " + quote(*written));
        return std::nullopt;
    }
    auto path = normalise_path(*written);
    if (path == "/" && key != "dir") {
        m_reader.error(value.location(), subject(key, scope) + " must not be '/'");
        return std::nullopt;
    }
    return path;
}

} // namespace jrun::config::detail
