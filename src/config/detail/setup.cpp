// SPDX-License-Identifier: BSD-2-Clause
// `setup { LABEL { type = "ansible"; file | url; vars { } } }`, shared by jails and the base.
#include "config/detail/checker.hpp"
#include "config/values.hpp"

#include <array>
#include <filesystem>

namespace jrun::config::detail {

namespace {

constexpr std::array<std::string_view, 4> k_step_keys{"type", "file", "url", "vars"};

nlohmann::ordered_json to_json(const ucl::Value& value) {
    switch (value.type()) {
    case ucl::Type::null:
        return nullptr;
    case ucl::Type::boolean:
        return value.as_bool();
    case ucl::Type::integer:
        return value.as_int();
    case ucl::Type::floating:
    case ucl::Type::time:
        return value.as_double();
    case ucl::Type::string:
        return value.as_string();
    case ucl::Type::array: {
        auto out = nlohmann::ordered_json::array();
        for (const auto& element : value.elements()) {
            out.push_back(to_json(element));
        }
        return out;
    }
    case ucl::Type::object:
        break;
    }
    auto out = nlohmann::ordered_json::object();
    for (const auto& member : value.members()) {
        out[member.key] = to_json(member.value);
    }
    return out;
}

// What is wrong with a string or key somewhere under vars, and where.
struct VarsProblem {
    const ucl::Value* value = nullptr;
    std::string what;
};

// Return the first string or key under `value` that is not UTF-8 text (JSON, hence Ansible,
// holds only text) or that is a key Ansible's JSON decoder reserves (it would change the value's
// meaning); nullopt when there is none.
std::optional<VarsProblem> vars_problem(const ucl::Value& value) {
    if (value.is_string() && !is_utf8(value.as_string())) {
        return VarsProblem{&value, "must be UTF-8 text, not " + quote(value.as_string())};
    }
    if (value.is_array()) {
        for (const auto& element : value.elements()) {
            if (auto problem = vars_problem(element)) {
                return problem;
            }
        }
    } else if (value.is_object()) {
        for (const auto& member : value.members()) {
            if (!is_utf8(member.key)) {
                return VarsProblem{&member.value,
                                   "must be UTF-8 text, not the key " + quote(member.key)};
            }
            if (member.key == "__ansible_unsafe" || member.key == "__ansible_vault") {
                return VarsProblem{&member.value,
                                   "must not use the key " + quote(member.key)
                                       + ", which Ansible reserves"};
            }
            if (auto problem = vars_problem(member.value)) {
                return problem;
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::vector<model::SetupStep> Checker::read_setup(const ucl::Value& section, const Scope& owner) {
    const SectionInfo info{"setup", &owner, k_step_keys};
    std::vector<model::SetupStep> out;
    for (const auto& entry : entries(m_reader, section, info)) {
        check_label(m_reader, entry, "setup");
        if (auto step = read_step(entry, entry_scope(info, entry.label))) {
            out.push_back(std::move(*step));
        }
    }
    return out;
}

std::optional<model::SetupStep> Checker::read_step(const Entry& entry, const Scope& scope) {
    const ucl::Value& body = *entry.body;
    check_keys(m_reader, body, k_step_keys, scope);
    model::SetupStep step;
    step.label = entry.label;
    step.origin.location = entry.location;
    bool ok = true;
    if (const ucl::Value* type = single(m_reader, body, "type", scope)) {
        if (!type->is_string() || type->as_string() != "ansible") {
            type_error(m_reader, *type, "type", scope, "\"ansible\"");
            ok = false;
        }
    }
    ok = read_step_source(body, scope, step) && ok;
    if (const ucl::Value* vars = single(m_reader, body, "vars", scope)) {
        auto json = read_vars(*vars, scope);
        ok = ok && json.has_value();
        step.vars = json.value_or(nlohmann::ordered_json::object());
    }
    return ok ? std::optional(std::move(step)) : std::nullopt;
}

bool Checker::read_step_source(const ucl::Value& body, const Scope& scope, model::SetupStep& step) {
    const ucl::Value* file = single(m_reader, body, "file", scope);
    const ucl::Value* url = single(m_reader, body, "url", scope);
    if (file != nullptr && url != nullptr) {
        m_reader.error(url->location(),
                       scope.text() + " has both 'file' and 'url'; keep one of them");
        return false;
    }
    if (file == nullptr && url == nullptr) {
        m_reader.error(body.location(),
                       scope.text()
                           + " needs 'file' (a local playbook) or 'url' (hub://NAME/VERSION or a "
                             "GitHub blob URL)");
        return false;
    }
    const auto source =
        file != nullptr ? read_playbook_file(*file, scope) : read_playbook_url(*url, scope);
    (file != nullptr ? step.file : step.url) = source.value_or("");
    return source.has_value();
}

std::optional<std::string> Checker::read_playbook_file(const ucl::Value& value,
                                                       const Scope& scope) {
    const auto written = string_field(m_reader, value, "file", scope);
    if (!written) {
        return std::nullopt;
    }
    if (looks_like_url(*written)) {
        m_reader.error(value.location(),
                       subject("file", scope) + " looks like a URL; use 'url' instead of 'file'");
        return std::nullopt;
    }
    auto primary = resolve_host_path(value, *written, scope, "file");
    if (!primary) {
        return std::nullopt;
    }
    const PathKind kind = m_context.probe->path_kind(*primary);
    if (kind == PathKind::file) {
        return primary;
    }
    const std::string head = subject("file", scope) + " names " + quote(*written);
    if (kind != PathKind::missing) {
        m_reader.error(value.location(), head + ", but " + quote(*primary) + " is not a file");
        return std::nullopt;
    }
    const bool relative = written->front() != '/' && written->front() != '~';
    const std::string fallback = normalise_path(m_context.cwd + "/" + *written);
    if (!relative || fallback == *primary) {
        m_reader.error(value.location(), head + ", but " + quote(*primary) + " does not exist");
        return std::nullopt;
    }
    if (m_context.probe->path_kind(fallback) != PathKind::file) {
        m_reader.error(value.location(),
                       head + ", which exists neither next to the config file (" + quote(*primary)
                           + ") nor in the current directory (" + quote(fallback) + ")");
        return std::nullopt;
    }
    auto better = std::filesystem::path(fallback).lexically_relative(m_context.config_dir).string();
    m_reader.warning(value.location(),
                     head + ", which is not next to the config file (" + quote(*primary)
                         + ") but in the current directory; using " + quote(fallback)
                         + ", but paths are relative to the config file: write file = \""
                         + (better.empty() ? fallback : better) + "\"");
    return fallback;
}

std::optional<std::string> Checker::read_playbook_url(const ucl::Value& value, const Scope& scope) {
    auto url = string_field(m_reader, value, "url", scope);
    if (!url) {
        return std::nullopt;
    }
    if (!looks_like_url(*url)) {
        m_reader.error(value.location(),
                       subject("url", scope) + " looks like a path; use 'file' instead of 'url'");
        return std::nullopt;
    }
    if (const auto problem = url_problem(*url)) {
        m_reader.error(value.location(),
                       subject("url", scope) + " " + *problem + ", not " + quote(*url));
        return std::nullopt;
    }
    return url;
}

std::optional<nlohmann::ordered_json> Checker::read_vars(const ucl::Value& value,
                                                         const Scope& scope) {
    if (!value.is_object()) {
        type_error(m_reader, value, "vars", scope, "a section of NAME = VALUE pairs");
        return std::nullopt;
    }
    bool ok = true;
    for (const auto& member : value.members()) {
        if (!is_variable_name(member.key)) {
            m_reader.error(member.key_location,
                           "variable name " + quote(member.key) + " in vars of " + scope.text()
                               + " must be letters, digits and '_', not starting with a digit");
            ok = false;
        }
    }
    if (const auto problem = vars_problem(value)) {
        m_reader.error(problem->value->location(), "vars of " + scope.text() + " " + problem->what);
        ok = false;
    }
    return ok ? std::optional(to_json(value)) : std::nullopt;
}

} // namespace jrun::config::detail
