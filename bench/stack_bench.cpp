// SPDX-License-Identifier: BSD-2-Clause
// Parse + check and plan time for generated stacks of 10 to 10,000 jails with realistic wiring:
// every jail has a forward, a mount, an exec with a healthcheck and a hub setup step; every
// tenth jail is a base that the next nine clone, and each app depends on the previous base.
// Prints figures (Google Benchmark); docs/benchmarks.md records them. Never a timed assertion.
#include "config/check.hpp"
#include "plan/plan.hpp"
#include "ucl/parser.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using jrun::config::HostProbe;
using jrun::config::PathKind;
using jrun::config::PortStatus;

// Every path is a directory and every port is free: the bench measures jrun, not the disk.
class AlwaysThereProbe final : public HostProbe {
public:
    [[nodiscard]] PathKind path_kind(const std::string& /*path*/) const override {
        return PathKind::directory;
    }
    [[nodiscard]] PortStatus port_status(jrun::model::Proto /*proto*/,
                                         std::uint16_t /*port*/) const override {
        return PortStatus::free;
    }
};

std::string jail_text(int i) {
    const std::string name = "svc-" + std::to_string(i);
    std::string out = "jail \"" + name + "\" {\n";
    if (i % 10 != 0) {
        out += "  base { type = \"jail\"; name = \"svc-" + std::to_string(i - i % 10) + "\"; }\n";
        out += "  depends [\"svc-" + std::to_string(i - i % 10) + "\"]\n";
    }
    out += "  forward { http { host = " + std::to_string(10000 + i) + "; jail = 8080; } }\n";
    out += "  mount { src { host = \"/srv/src/" + name + "\"; jail = \"/srv/app\"; } }\n";
    out += "  exec { web { cmd = \"/usr/local/bin/app --port 8080\"; dir = \"/srv/app\";\n"
           "    env { PORT = 8080; MODE = \"prod\"; }\n"
           "    healthcheck { test = \"fetch -qo /dev/null http://127.0.0.1:8080\";"
           " interval = 5s; retries = 3; } } }\n";
    out += "  setup { pkg { type = \"ansible\"; url = \"hub://nginx/rolling@v1.1.0\";"
           " vars { NGINX_LISTEN_PORT = 8080; } } }\n";
    return out + "}\n";
}

std::string stack_text(int jails) {
    std::string text;
    for (int i = 0; i < jails; ++i) {
        text += jail_text(i);
    }
    return text;
}

jrun::config::CheckContext context(const HostProbe& probe) {
    jrun::config::CheckContext ctx;
    ctx.config_path = "/srv/stack.ucl";
    ctx.config_dir = "/srv";
    ctx.cwd = "/srv";
    ctx.probe = &probe;
    return ctx;
}

std::optional<jrun::model::Config> load(const std::string& text, const HostProbe& probe) {
    auto parsed = jrun::ucl::parse("/srv/stack.ucl", text, {});
    if (!parsed.document) {
        return std::nullopt;
    }
    auto checked =
        jrun::config::check(parsed.document->root, context(probe), parsed.document->sources);
    return checked.config;
}

void parse_and_check(benchmark::State& state) {
    const AlwaysThereProbe probe;
    const std::string text = stack_text(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto config = load(text, probe);
        if (!config || config->jails.size() != static_cast<std::size_t>(state.range(0))) {
            state.SkipWithError("generated config did not check");
            return;
        }
        benchmark::DoNotOptimize(config);
    }
    state.counters["bytes"] = static_cast<double>(text.size());
    state.SetComplexityN(state.range(0));
}

void plan_from_empty(benchmark::State& state) {
    const AlwaysThereProbe probe;
    const auto config = load(stack_text(static_cast<int>(state.range(0))), probe);
    if (!config) {
        state.SkipWithError("generated config did not check");
        return;
    }
    for (auto _ : state) {
        auto plan = jrun::plan::compute_plan(*config, {}, {}, {}, {});
        benchmark::DoNotOptimize(plan);
    }
    state.SetComplexityN(state.range(0));
}

// Re-planning an applied stack (the `up` that finds nothing to do).
void plan_applied(benchmark::State& state) {
    const AlwaysThereProbe probe;
    const auto config = load(stack_text(static_cast<int>(state.range(0))), probe);
    if (!config) {
        state.SkipWithError("generated config did not check");
        return;
    }
    const auto first = jrun::plan::compute_plan(*config, {}, {}, {}, {});
    const auto recorded = jrun::plan::apply_plan({}, *config, first, {});
    for (auto _ : state) {
        auto plan = jrun::plan::compute_plan(*config, recorded, {}, {}, {});
        benchmark::DoNotOptimize(plan);
    }
    state.SetComplexityN(state.range(0));
}

// The automatic address range holds 241 jails, so plans above that carry a pool error; the
// bench still measures the full planning work (every jail is diffed).
BENCHMARK(parse_and_check)
    ->RangeMultiplier(10)
    ->Range(10, 10000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(plan_from_empty)
    ->RangeMultiplier(10)
    ->Range(10, 10000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(plan_applied)
    ->RangeMultiplier(10)
    ->Range(10, 10000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();

} // namespace

BENCHMARK_MAIN();
