// SPDX-License-Identifier: BSD-2-Clause
// `exec { LABEL { cmd; dir; env { }; user; healthcheck { } } }`. Commands, env values and health
// tests are kept as written (they are quoted when rendered); names and paths are validated.
#include "config/detail/checker.hpp"
#include "config/setting_values.hpp"
#include "config/values.hpp"

#include <array>

namespace jrun::config::detail {

namespace {

constexpr std::array<std::string_view, 5> k_exec_keys{"cmd", "dir", "env", "user", "healthcheck"};
constexpr std::array<std::string_view, 5> k_healthcheck_keys{
    "test", "interval", "timeout", "retries", "start_period"};

} // namespace

std::vector<model::Exec> Checker::read_execs(const ucl::Value& section, const Scope& owner) {
    const SectionInfo info{"exec", &owner, k_exec_keys};
    std::vector<model::Exec> out;
    for (const auto& entry : entries(m_reader, section, info)) {
        check_label(m_reader, entry, "exec");
        if (auto exec = read_exec(entry, entry_scope(info, entry.label))) {
            out.push_back(std::move(*exec));
        }
    }
    return out;
}

std::optional<model::Exec> Checker::read_exec(const Entry& entry, const Scope& scope) {
    const ucl::Value& body = *entry.body;
    check_keys(m_reader, body, k_exec_keys, scope);
    model::Exec exec;
    exec.label = entry.label;
    exec.origin.location = entry.location;
    bool ok = true;
    const ucl::Value* cmd = required(m_reader, body, "cmd", scope, "the command to run");
    const auto text = cmd != nullptr ? string_field(m_reader, *cmd, "cmd", scope) : std::nullopt;
    if (text && text->find_first_not_of(" \t\r\n") == std::string::npos) {
        m_reader.error(cmd->location(), subject("cmd", scope) + " must not be empty");
        ok = false;
    }
    ok = ok && text.has_value();
    exec.cmd = text.value_or("");
    if (const ucl::Value* dir = single(m_reader, body, "dir", scope)) {
        const auto path = read_guest_path(*dir, scope, "dir");
        ok = ok && path.has_value();
        exec.dir = path.value_or("/");
    }
    if (const ucl::Value* env = single(m_reader, body, "env", scope)) {
        exec.env = read_env(*env, scope);
    }
    if (const ucl::Value* user = single(m_reader, body, "user", scope)) {
        const auto name = string_field(m_reader, *user, "user", scope);
        if (name && !is_valid_user_name(*name)) {
            type_error(m_reader, *user, "user", scope, "a user name like www or _postgres");
        }
        exec.user = name;
    }
    if (const ucl::Value* check = single(m_reader, body, "healthcheck", scope)) {
        exec.healthcheck = read_healthcheck(*check, scope);
    }
    return ok ? std::optional(std::move(exec)) : std::nullopt;
}

std::vector<model::EnvVar> Checker::read_env(const ucl::Value& value, const Scope& scope) {
    std::vector<model::EnvVar> out;
    if (!value.is_object()) {
        type_error(m_reader, value, "env", scope, "a section of NAME = VALUE pairs");
        return out;
    }
    const Scope env_scope("env", "", &scope);
    for (const auto& member : value.members()) {
        if (!is_variable_name(member.key)) {
            m_reader.error(member.key_location,
                           "environment variable name " + quote(member.key) + " in " + scope.text()
                               + " must be letters, digits and '_', not starting with a digit");
            continue;
        }
        const ucl::Value& element = single(m_reader, member, env_scope);
        if (const auto text = scalar_text(m_reader, element, member.key, env_scope)) {
            out.push_back({member.key, *text, {member.key_location}});
        }
    }
    return out;
}

std::optional<model::Healthcheck> Checker::read_healthcheck(const ucl::Value& value,
                                                            const Scope& scope) {
    const Scope check_scope("healthcheck", "", &scope);
    if (!value.is_object()) {
        type_error(
            m_reader, value, "healthcheck", scope, "a section like healthcheck { test = ...; }");
        return std::nullopt;
    }
    check_keys(m_reader, value, k_healthcheck_keys, check_scope);
    model::Healthcheck check;
    check.origin.location = value.location();
    const ucl::Value* test =
        required(m_reader, value, "test", check_scope, "the command that checks the service");
    if (test != nullptr) {
        check.test = string_field(m_reader, *test, "test", check_scope).value_or("");
    }
    read_healthcheck_times(value, check_scope, check);
    if (const ucl::Value* retries = single(m_reader, value, "retries", check_scope)) {
        const auto n = integer_field(m_reader, *retries, "retries", check_scope);
        if (n && (*n < 1 || *n > 1000)) {
            type_error(m_reader, *retries, "retries", check_scope, "a whole number from 1 to 1000");
        } else if (n) {
            check.retries = static_cast<int>(*n);
        }
    }
    return check;
}

void Checker::read_healthcheck_times(const ucl::Value& body,
                                     const Scope& scope,
                                     model::Healthcheck& check) {
    const std::array<std::pair<std::string_view, std::chrono::milliseconds*>, 3> fields{{
        {"interval", &check.interval},
        {"timeout", &check.timeout},
        {"start_period", &check.start_period},
    }};
    for (const auto& [key, slot] : fields) {
        const ucl::Value* value = single(m_reader, body, key, scope);
        if (value == nullptr) {
            continue;
        }
        const auto duration = duration_field(m_reader, *value, key, scope);
        if (duration && *duration == std::chrono::milliseconds(0) && key != "start_period") {
            type_error(m_reader, *value, key, scope, "a duration longer than zero");
        } else if (duration) {
            *slot = *duration;
        }
    }
}

} // namespace jrun::config::detail
