// SPDX-License-Identifier: BSD-2-Clause
#include "util/graph.hpp"

#include <gtest/gtest.h>

namespace jrun {

using Nodes = std::vector<std::size_t>;

TEST(DependencyGraph, FindsNoCycleInDag) {
    DependencyGraph g(3);
    g.add_edge(2, 1);
    g.add_edge(1, 0);
    EXPECT_EQ(g.find_cycle(), std::nullopt);
}

TEST(DependencyGraph, ReportsCycleAsClosedPath) {
    // given a -> b -> c -> a, and d outside the cycle
    DependencyGraph g(4);
    g.add_edge(0, 1);
    g.add_edge(1, 2);
    g.add_edge(2, 0);
    g.add_edge(3, 0);
    const auto cycle = g.find_cycle();
    ASSERT_TRUE(cycle.has_value());
    EXPECT_EQ(*cycle, (Nodes{0, 1, 2, 0}));
}

TEST(DependencyGraph, ReportsSelfDependency) {
    DependencyGraph g(2);
    g.add_edge(1, 1);
    EXPECT_EQ(g.find_cycle(), (Nodes{1, 1}));
}

TEST(DependencyGraph, ClosureIncludesTransitiveDependenciesInNodeOrder) {
    DependencyGraph g(5);
    g.add_edge(4, 2);
    g.add_edge(2, 0);
    g.add_edge(3, 1);
    EXPECT_EQ(g.closure({4}), (Nodes{0, 2, 4}));
    EXPECT_EQ(g.closure({4, 3}), (Nodes{0, 1, 2, 3, 4}));
}

TEST(DependencyGraph, WavesGroupIndependentNodes) {
    // given 0 and 1 independent, 2 needs 0, 3 needs 2 and 1
    DependencyGraph g(4);
    g.add_edge(2, 0);
    g.add_edge(3, 2);
    g.add_edge(3, 1);
    const auto waves = g.waves({0, 1, 2, 3});
    ASSERT_EQ(waves.size(), 3U);
    EXPECT_EQ(waves[0], (Nodes{0, 1}));
    EXPECT_EQ(waves[1], (Nodes{2}));
    EXPECT_EQ(waves[2], (Nodes{3}));
}

TEST(DependencyGraph, WavesIgnoreDependenciesOutsideSubset) {
    DependencyGraph g(3);
    g.add_edge(2, 1);
    g.add_edge(1, 0);
    const auto waves = g.waves({2});
    ASSERT_EQ(waves.size(), 1U);
    EXPECT_EQ(waves[0], (Nodes{2}));
}

TEST(DependencyGraph, HandlesLongChainsWithoutRecursion) {
    constexpr std::size_t k_length = 100000;
    DependencyGraph g(k_length);
    Nodes all;
    for (std::size_t i = 0; i < k_length; ++i) {
        if (i > 0) {
            g.add_edge(i, i - 1);
        }
        all.push_back(i);
    }
    EXPECT_EQ(g.find_cycle(), std::nullopt);
    EXPECT_EQ(g.waves(all).size(), k_length);
}

TEST(DependencyGraph, DependentsAreReverseEdges) {
    DependencyGraph g(3);
    g.add_edge(1, 0);
    g.add_edge(2, 0);
    g.add_edge(2, 0);
    EXPECT_EQ(g.dependents()[0], (Nodes{1, 2}));
    EXPECT_TRUE(g.dependents()[1].empty());
}

} // namespace jrun
