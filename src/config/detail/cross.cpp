// SPDX-License-Identifier: BSD-2-Clause
// Checks across jails: base/depends targets, dependency cycles, static IPs and host ports.
// Rationale: all of them are hash lookups or one linear graph walk, so 10,000 jails stay fast.
#include "config/detail/checker.hpp"
#include "util/strings.hpp"

#include <unordered_map>

namespace jrun::config::detail {

namespace {

enum class Mark : std::uint8_t { unseen, active, done };

struct Edge {
    std::size_t to = 0;
    const JailRef* ref = nullptr;
};

struct Frame {
    std::size_t node = 0;
    std::size_t next_edge = 0;
};

std::string port_name(const PortClaim& claim) {
    return std::string(model::to_string(claim.proto)) + "/" + std::to_string(claim.port);
}

} // namespace

std::string claimant(const PortClaim& claim) {
    std::string out = "forward " + quote(claim.label) + " of ";
    return out + (claim.jail.empty() ? std::string("base") : "jail " + quote(claim.jail));
}

void Checker::check_references() {
    m_index.reserve(m_jails.size());
    std::vector<std::string_view> names;
    names.reserve(m_jails.size());
    for (std::size_t i = 0; i < m_jails.size(); ++i) {
        m_index.try_emplace(m_jails[i].name, i);
        names.emplace_back(m_jails[i].name);
    }
    for (std::size_t i = 0; i < m_jails.size(); ++i) {
        for (const auto& ref : m_refs[i].refs) {
            if (ref.target == m_jails[i].name || !m_index.contains(ref.target)) {
                report_reference(m_jails[i].name, ref, names);
            }
        }
    }
}

void Checker::report_reference(const std::string& jail,
                               const JailRef& ref,
                               std::span<const std::string_view> names) {
    std::string message = "jail " + quote(jail) + (ref.is_base ? " clones from " : " depends on ");
    if (ref.target == jail) {
        m_reader.error(ref.location, message + "itself");
        return;
    }
    message += "unknown jail " + quote(ref.target);
    if (const auto suggestion = closest_match(ref.target, names)) {
        message += " (did you mean '" + *suggestion + "'?)";
    }
    m_reader.error(ref.location, std::move(message));
}

void Checker::check_cycles() {
    const std::size_t n = m_jails.size();
    std::vector<std::vector<Edge>> edges(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& ref : m_refs[i].refs) {
            const auto it = m_index.find(ref.target);
            if (it != m_index.end() && it->second != i) {
                edges[i].push_back({it->second, &ref});
            }
        }
    }
    std::vector<Mark> marks(n, Mark::unseen);
    std::vector<Frame> stack;
    std::vector<std::size_t> depth(n, 0); // position on the stack of an active node
    for (std::size_t start = 0; start < n; ++start) {
        if (marks[start] != Mark::unseen) {
            continue;
        }
        marks[start] = Mark::active;
        stack.push_back({start, 0});
        while (!stack.empty()) {
            Frame& frame = stack.back();
            if (frame.next_edge == edges[frame.node].size()) {
                marks[frame.node] = Mark::done;
                stack.pop_back();
                continue;
            }
            const Edge edge = edges[frame.node][frame.next_edge++];
            if (marks[edge.to] == Mark::active) {
                std::vector<std::size_t> path;
                for (std::size_t k = depth[edge.to]; k < stack.size(); ++k) {
                    path.push_back(stack[k].node);
                }
                report_cycle(path, *edge.ref);
            } else if (marks[edge.to] == Mark::unseen) {
                marks[edge.to] = Mark::active;
                depth[edge.to] = stack.size();
                stack.push_back({edge.to, 0});
            }
        }
    }
}

void Checker::report_cycle(const std::vector<std::size_t>& path, const JailRef& closing) {
    std::string cycle;
    for (const std::size_t node : path) {
        cycle += m_jails[node].name + " -> ";
    }
    cycle += m_jails[path.front()].name;
    m_reader.error(closing.location, "dependency cycle: " + cycle);
}

void Checker::check_ips() {
    std::unordered_map<std::string, std::size_t> owners;
    for (std::size_t i = 0; i < m_jails.size(); ++i) {
        if (!m_jails[i].ip) {
            continue;
        }
        const auto [first, inserted] = owners.try_emplace(*m_jails[i].ip, i);
        if (inserted) {
            continue;
        }
        const auto& other = m_jails[first->second];
        m_reader.error(m_refs[i].ip,
                       "jail " + quote(m_jails[i].name) + " has ip " + *m_jails[i].ip
                           + ", which jail " + quote(other.name) + " already has");
        m_reader.note(m_refs[first->second].ip, "jail " + quote(other.name) + " has it here");
    }
}

void Checker::check_ports() {
    std::unordered_map<std::uint32_t, std::size_t> owners;
    owners.reserve(m_claims.size());
    for (std::size_t i = 0; i < m_claims.size(); ++i) {
        const auto& claim = m_claims[i];
        const std::uint32_t key = (static_cast<std::uint32_t>(claim.proto) << 16U) | claim.port;
        const auto [first, inserted] = owners.try_emplace(key, i);
        if (!inserted) {
            report_port_conflict(claim, m_claims[first->second]);
        } else if (i > 0) {
            probe_port(claim);
        }
    }
}

void Checker::report_port_conflict(const PortClaim& claim, const PortClaim& first) {
    const std::string head = "host port " + port_name(claim) + " of " + claimant(claim);
    if (&first == m_claims.data()) {
        m_reader.error(claim.location, head + " is reserved for SSH into the VM (JRUN_SSH_PORT)");
        return;
    }
    m_reader.error(claim.location, head + " is already claimed by " + claimant(first));
    m_reader.note(first.location, claimant(first) + " claims " + port_name(first) + " here");
}

void Checker::probe_port(const PortClaim& claim) {
    if (m_context.held_ports.contains({claim.proto, claim.port})) {
        return;
    }
    const auto status = m_context.probe->port_status(claim.proto, claim.port);
    if (status == PortStatus::free) {
        return;
    }
    const std::string head = "host port " + port_name(claim) + " of " + claimant(claim);
    switch (status) {
    case PortStatus::free:
        return;
    case PortStatus::in_use:
        if (m_context.busy_port_severity == Severity::error) {
            m_reader.error(claim.location, head + " is already in use on the host");
        } else {
            m_reader.warning(claim.location,
                             head + " is in use on the host (fine if this stack is running)");
        }
        return;
    case PortStatus::not_permitted:
        m_reader.error(claim.location,
                       head
                           + " cannot be opened by this user (ports below 1024 usually need "
                             "root)");
        return;
    }
}

} // namespace jrun::config::detail
