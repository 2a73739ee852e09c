// SPDX-License-Identifier: BSD-2-Clause
// `jail "NAME" { release; ip; base; depends; mount; forward; exec; setup; }`.
#include "config/detail/checker.hpp"
#include "config/values.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace jrun::config::detail {

namespace {

constexpr std::array<std::string_view, 8> k_jail_keys{
    "release", "ip", "base", "depends", "mount", "forward", "exec", "setup"};
constexpr std::array<std::string_view, 2> k_jail_base_keys{"type", "name"};

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

} // namespace

void Checker::read_jails(const ucl::Value& section) {
    const Scope top;
    const SectionInfo info{"jail", &top, k_jail_keys};
    const auto jail_entries = entries(m_reader, section, info);
    // Rationale: jail names become DNS names, which are case-insensitive. Names without
    // upper-case letters clash only by being equal, which entries() reports.
    const bool mixed_case =
        std::any_of(jail_entries.begin(), jail_entries.end(), [](const Entry& e) {
            return std::any_of(
                e.label.begin(), e.label.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        });
    std::unordered_map<std::string, std::size_t> folded;
    for (const auto& entry : jail_entries) {
        const auto [it, inserted] = mixed_case
                                        ? folded.try_emplace(lower(entry.label), m_jails.size())
                                        : std::pair{folded.end(), true};
        if (!inserted && it->second < m_jails.size()) {
            const auto& other = m_jails[it->second];
            m_reader.error(entry.location,
                           "jail " + quote(entry.label) + " differs from jail " + quote(other.name)
                               + " only in case; jail names are DNS names, which ignore case");
            m_reader.note(other.origin.location, "jail " + quote(other.name) + " is defined here");
        }
        m_jails.push_back(read_jail(entry));
    }
}

model::Jail Checker::read_jail(const Entry& entry) {
    const Scope scope("jail", entry.label, nullptr);
    if (entry.label.size() > 63) {
        m_reader.error(entry.location,
                       "jail name " + quote(entry.label) + " is too long for a hostname ("
                           + std::to_string(entry.label.size()) + " characters, at most 63)");
    } else if (!is_hostname_label(entry.label)) {
        m_reader.error(entry.location,
                       "jail name " + quote(entry.label)
                           + " is not a valid hostname: use 1-63 letters, digits and hyphens, "
                             "not starting or ending with a hyphen");
    }
    model::Jail jail;
    jail.name = entry.label;
    jail.origin.location = entry.location;
    const ucl::Value& body = *entry.body;
    check_keys(m_reader, body, k_jail_keys, scope);
    m_refs.emplace_back();
    read_jail_keys(body, scope, jail);
    return jail;
}

void Checker::read_jail_keys(const ucl::Value& body, const Scope& scope, model::Jail& jail) {
    read_release(body, scope, jail);
    read_ip(body, scope, jail);
    read_jail_base(body, scope, jail);
    read_depends(body, scope, jail);
    if (const ucl::Value* v = body.find("mount")) {
        jail.mounts = read_mounts(*v, scope);
    }
    if (const ucl::Value* v = body.find("forward")) {
        jail.forwards = read_forwards(*v, scope);
    }
    if (const ucl::Value* v = body.find("exec")) {
        jail.execs = read_execs(*v, scope);
    }
    if (const ucl::Value* v = body.find("setup")) {
        jail.setup = read_setup(*v, scope);
    }
}

void Checker::read_release(const ucl::Value& body, const Scope& scope, model::Jail& jail) {
    jail.release = m_context.default_release;
    const ucl::Value* value = single(m_reader, body, "release", scope);
    if (value == nullptr) {
        return;
    }
    if (!value->is_string() || !is_release(value->as_string())) {
        std::string message = subject("release", scope)
                              + " must be a FreeBSD release like 15.0-RELEASE, 14.3-RC1 or "
                                "15.0-BETA2, not "
                              + describe(m_reader, *value);
        // Rationale: the Python implementation's own tests write `release = "15.0"`.
        if (value->is_string() && is_release(value->as_string() + "-RELEASE")) {
            message += " (did you mean '" + value->as_string() + "-RELEASE'?)";
        }
        m_reader.error(value->location(), std::move(message));
        return;
    }
    jail.release = value->as_string();
}

void Checker::read_ip(const ucl::Value& body, const Scope& scope, model::Jail& jail) {
    const ucl::Value* value = single(m_reader, body, "ip", scope);
    if (value == nullptr) {
        return;
    }
    const auto octets = value->is_string() ? parse_ipv4(value->as_string()) : std::nullopt;
    if (!octets) {
        type_error(m_reader, *value, "ip", scope, "an IPv4 address like 10.17.89.20");
        return;
    }
    const auto& o = *octets;
    if (o[0] != 10 || o[1] != 17 || o[2] != 89) {
        type_error(m_reader, *value, "ip", scope, "inside the jail subnet 10.17.89.0/24");
        return;
    }
    if (o[3] == 0 || o[3] == 1 || o[3] == 255) {
        const char* why = o[3] == 0   ? "the subnet's network address"
                          : o[3] == 1 ? "the VM's bridge (gateway and DNS)"
                                      : "the subnet's broadcast address";
        m_reader.error(value->location(),
                       subject("ip", scope) + " cannot be " + value->as_string() + ": it is "
                           + why);
        return;
    }
    jail.ip = value->as_string();
    m_refs.back().ip = value->location();
}

void Checker::read_jail_base(const ucl::Value& body, const Scope& scope, model::Jail& jail) {
    const ucl::Value* value = single(m_reader, body, "base", scope);
    if (value == nullptr) {
        return;
    }
    const Scope base_scope("base", "", &scope);
    if (!value->is_object()) {
        type_error(m_reader, *value, "base", scope, "a section like base { name = \"other\"; }");
        return;
    }
    check_keys(m_reader, *value, k_jail_base_keys, base_scope);
    if (const ucl::Value* type = single(m_reader, *value, "type", base_scope)) {
        if (!type->is_string() || type->as_string() != "jail") {
            type_error(m_reader, *type, "type", base_scope, "\"jail\"");
        }
    }
    const ucl::Value* name = single(m_reader, *value, "name", base_scope);
    if (name == nullptr) {
        m_reader.error(value->location(),
                       base_scope.text() + " needs 'name', the jail to clone this one from");
        return;
    }
    if (const auto target = string_field(m_reader, *name, "name", base_scope)) {
        jail.base = *target;
        m_refs.back().refs.push_back({*target, name->location(), true});
    }
}

void Checker::read_depends(const ucl::Value& body, const Scope& scope, model::Jail& jail) {
    const ucl::Value* value = body.find("depends");
    if (value == nullptr) {
        return;
    }
    if (!value->is_array()) {
        read_depend(*value, scope, jail);
        return;
    }
    for (const auto& element : value->elements()) {
        if (element.is_array() && value->implicit()) {
            for (const auto& inner : element.elements()) {
                read_depend(inner, scope, jail);
            }
            continue;
        }
        read_depend(element, scope, jail);
    }
}

void Checker::read_depend(const ucl::Value& value, const Scope& scope, model::Jail& jail) {
    if (!value.is_string()) {
        type_error(m_reader, value, "depends", scope, "a list of jail names");
        return;
    }
    const auto& name = value.as_string();
    for (const auto& ref : m_refs.back().refs) {
        if (!ref.is_base && ref.target == name) {
            m_reader.warning(value.location(),
                             scope.text() + " lists " + quote(name)
                                 + " in 'depends' more than once");
            return;
        }
    }
    jail.depends.push_back(name);
    m_refs.back().refs.push_back({name, value.location(), false});
}

} // namespace jrun::config::detail
