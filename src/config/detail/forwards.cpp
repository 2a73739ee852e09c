// SPDX-License-Identifier: BSD-2-Clause
// `forward { LABEL { proto; host; jail; } }` in jails and `forward { LABEL { proto; host; target; }
// }` in the base.
#include "config/detail/checker.hpp"
#include "config/values.hpp"

#include <array>

namespace jrun::config::detail {

namespace {

constexpr std::array<std::string_view, 3> k_forward_keys{"proto", "host", "jail"};
constexpr std::array<std::string_view, 3> k_base_forward_keys{"proto", "host", "target"};

} // namespace

std::vector<model::Forward> Checker::read_forwards(const ucl::Value& section, const Scope& owner) {
    const SectionInfo info{"forward", &owner, k_forward_keys};
    std::vector<model::Forward> out;
    for (const auto& entry : entries(m_reader, section, info)) {
        check_label(m_reader, entry, "forward");
        const Scope scope = entry_scope(info, entry.label);
        check_keys(m_reader, *entry.body, k_forward_keys, scope);
        if (const auto pair = read_port_pair(*entry.body, scope, "jail")) {
            m_claims.push_back(
                {pair->proto, pair->host, entry.label, owner.label(), pair->host_location});
            out.push_back({std::string(entry.label),
                           pair->proto,
                           pair->host,
                           pair->target,
                           {entry.location}});
        }
    }
    return out;
}

std::vector<model::BaseForward> Checker::read_base_forwards(const ucl::Value& section,
                                                            const Scope& owner) {
    const SectionInfo info{"forward", &owner, k_base_forward_keys};
    std::vector<model::BaseForward> out;
    for (const auto& entry : entries(m_reader, section, info)) {
        check_label(m_reader, entry, "forward");
        const Scope scope = entry_scope(info, entry.label);
        check_keys(m_reader, *entry.body, k_base_forward_keys, scope);
        if (const auto pair = read_port_pair(*entry.body, scope, "target")) {
            m_claims.push_back({pair->proto, pair->host, entry.label, {}, pair->host_location});
            out.push_back({std::string(entry.label),
                           pair->proto,
                           pair->host,
                           pair->target,
                           {entry.location}});
        }
    }
    return out;
}

std::optional<PortPair>
Checker::read_port_pair(const ucl::Value& body, const Scope& scope, std::string_view target_key) {
    const auto proto = read_proto(body, scope);
    const ucl::Value* host = required(m_reader, body, "host", scope, "the port on the host");
    const ucl::Value* target =
        required(m_reader, body, target_key, scope, "the port it forwards to");
    // Port 0 stands for "invalid" (already reported): valid ports are 1..65535.
    const std::uint16_t host_port =
        host != nullptr ? port_field(m_reader, *host, "host", scope).value_or(0) : 0;
    const std::uint16_t target_port =
        target != nullptr ? port_field(m_reader, *target, target_key, scope).value_or(0) : 0;
    if (!proto || host_port == 0 || target_port == 0) {
        return std::nullopt;
    }
    return PortPair{*proto, host_port, target_port, host->location()};
}

std::optional<model::Proto> Checker::read_proto(const ucl::Value& body, const Scope& scope) {
    const ucl::Value* value = single(m_reader, body, "proto", scope);
    if (value == nullptr) {
        return model::Proto::tcp;
    }
    if (value->is_string()) {
        if (value->as_string() == "tcp") {
            return model::Proto::tcp;
        }
        if (value->as_string() == "udp") {
            return model::Proto::udp;
        }
    }
    type_error(m_reader, *value, "proto", scope, R"("tcp" or "udp")");
    return std::nullopt;
}

} // namespace jrun::config::detail
