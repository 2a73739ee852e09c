// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace jrun {

// A directed graph over nodes 0..n-1 where an edge u -> v means "u needs v first".
// Node order is meaningful: every result breaks ties by it, so output is deterministic.
class DependencyGraph {
public:
    explicit DependencyGraph(std::size_t nodes);

    // Record that `node` needs `dependency` first. Self-edges are allowed (a cycle of one).
    void add_edge(std::size_t node, std::size_t dependency);
    [[nodiscard]] std::size_t size() const { return m_edges.size(); }
    [[nodiscard]] const std::vector<std::size_t>& dependencies(std::size_t node) const {
        return m_edges[node];
    }

    // Return one cycle as a node path that starts and ends at the same node (a -> b -> a),
    // or nullopt when the graph is acyclic. Linear time.
    [[nodiscard]] std::optional<std::vector<std::size_t>> find_cycle() const;

    // Return `roots` and everything they need, transitively, in node order.
    [[nodiscard]] std::vector<std::size_t> closure(const std::vector<std::size_t>& roots) const;

    // Return the nodes of `subset` grouped into waves: wave k holds the nodes whose longest
    // dependency chain inside `subset` has length k, each wave in node order. Nodes of one
    // wave never depend on each other. Requires an acyclic graph.
    [[nodiscard]] std::vector<std::vector<std::size_t>>
    waves(const std::vector<std::size_t>& subset) const;

    // Return, for each node, the nodes that need it (reverse edges), in node order.
    [[nodiscard]] std::vector<std::vector<std::size_t>> dependents() const;

private:
    std::vector<std::vector<std::size_t>> m_edges;
};

} // namespace jrun
