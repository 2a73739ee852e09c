// SPDX-License-Identifier: BSD-2-Clause
#include "util/graph.hpp"

#include <algorithm>
#include <cassert>

namespace jrun {

DependencyGraph::DependencyGraph(std::size_t nodes)
    : m_edges(nodes) {}

void DependencyGraph::add_edge(std::size_t node, std::size_t dependency) {
    assert(node < m_edges.size() && dependency < m_edges.size());
    m_edges[node].push_back(dependency);
}

namespace {

enum class Mark : unsigned char { unvisited, active, done };

// Iterative DFS (no recursion, so 10,000-deep chains cannot overflow the stack).
struct CycleSearch {
    const std::vector<std::vector<std::size_t>>& edges;
    std::vector<Mark> marks;
    std::vector<std::size_t> parent;

    std::optional<std::vector<std::size_t>> from(std::size_t root) {
        std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};
        marks[root] = Mark::active;
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            if (next == edges[node].size()) {
                marks[node] = Mark::done;
                stack.pop_back();
                continue;
            }
            const std::size_t dep = edges[node][next++];
            if (marks[dep] == Mark::active) {
                return path(node, dep);
            }
            if (marks[dep] == Mark::unvisited) {
                marks[dep] = Mark::active;
                parent[dep] = node;
                stack.emplace_back(dep, 0);
            }
        }
        return std::nullopt;
    }

    // The cycle dep -> ... -> node -> dep, read back through parent links.
    std::vector<std::size_t> path(std::size_t node, std::size_t dep) const {
        std::vector<std::size_t> reversed{dep};
        for (std::size_t at = node; at != dep; at = parent[at]) {
            reversed.push_back(at);
        }
        reversed.push_back(dep);
        return {reversed.rbegin(), reversed.rend()};
    }
};

} // namespace

std::optional<std::vector<std::size_t>> DependencyGraph::find_cycle() const {
    CycleSearch search{m_edges,
                       std::vector<Mark>(m_edges.size(), Mark::unvisited),
                       std::vector<std::size_t>(m_edges.size(), 0)};
    for (std::size_t node = 0; node < m_edges.size(); ++node) {
        if (search.marks[node] == Mark::unvisited) {
            if (auto cycle = search.from(node)) {
                return cycle;
            }
        }
    }
    return std::nullopt;
}

std::vector<std::size_t> DependencyGraph::closure(const std::vector<std::size_t>& roots) const {
    std::vector<bool> seen(m_edges.size(), false);
    std::vector<std::size_t> stack(roots.begin(), roots.end());
    while (!stack.empty()) {
        const std::size_t node = stack.back();
        stack.pop_back();
        if (seen[node]) {
            continue;
        }
        seen[node] = true;
        stack.insert(stack.end(), m_edges[node].begin(), m_edges[node].end());
    }
    std::vector<std::size_t> out;
    for (std::size_t node = 0; node < seen.size(); ++node) {
        if (seen[node]) {
            out.push_back(node);
        }
    }
    return out;
}

std::vector<std::vector<std::size_t>>
DependencyGraph::waves(const std::vector<std::size_t>& subset) const {
    constexpr auto k_outside = static_cast<std::size_t>(-1);
    constexpr auto k_pending = static_cast<std::size_t>(-2);
    std::vector<std::size_t> level(m_edges.size(), k_outside);
    for (const std::size_t node : subset) {
        level[node] = k_pending;
    }
    // Post-order walk computing level = 1 + max(level of dependencies inside the subset).
    std::size_t deepest = 0;
    for (const std::size_t root : subset) {
        std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            if (level[node] != k_pending) {
                stack.pop_back();
                continue;
            }
            if (next < m_edges[node].size()) {
                const std::size_t dep = m_edges[node][next++];
                if (level[dep] == k_pending) {
                    stack.emplace_back(dep, 0);
                }
                continue;
            }
            std::size_t mine = 0;
            for (const std::size_t dep : m_edges[node]) {
                if (level[dep] != k_outside) {
                    assert(level[dep] != k_pending && "waves() needs an acyclic graph");
                    mine = std::max(mine, level[dep] + 1);
                }
            }
            level[node] = mine;
            deepest = std::max(deepest, mine);
            stack.pop_back();
        }
    }
    std::vector<std::vector<std::size_t>> out(subset.empty() ? 0 : deepest + 1);
    for (std::size_t node = 0; node < level.size(); ++node) {
        if (level[node] != k_outside) {
            out[level[node]].push_back(node);
        }
    }
    return out;
}

std::vector<std::vector<std::size_t>> DependencyGraph::dependents() const {
    std::vector<std::vector<std::size_t>> out(m_edges.size());
    for (std::size_t node = 0; node < m_edges.size(); ++node) {
        for (const std::size_t dep : m_edges[node]) {
            out[dep].push_back(node);
        }
    }
    for (auto& list : out) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return out;
}

} // namespace jrun
