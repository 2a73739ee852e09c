// SPDX-License-Identifier: BSD-2-Clause
// How long config::check takes on large configs (target: 10,000 jails well under 100 ms).
// Run: build/release/bench/config_check_bench
// Measured (release build, 2 shared cores, CPU time): check_only/1000 3.8 ms, check_only/10000
// 48 ms (each jail: forward, mount, exec with env and health check, setup step, dependency),
// parse_and_check/10000 120-130 ms (the parse of the 80,000-line file is most of the rest).
#include "config/check.hpp"
#include "ucl/parser.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

// A host where every path exists and every port is free, answered in O(1).
class OpenHost final : public jrun::config::HostProbe {
public:
    [[nodiscard]] jrun::config::PathKind path_kind(const std::string& path) const override {
        return path.ends_with(".yml") ? jrun::config::PathKind::file
                                      : jrun::config::PathKind::directory;
    }
    [[nodiscard]] jrun::config::PortStatus port_status(jrun::model::Proto /*proto*/,
                                                       std::uint16_t /*port*/) const override {
        return jrun::config::PortStatus::free;
    }
};

// `jails` jails, each with a forward, a mount, an exec with env and a health check, a setup
// step and a dependency on the previous jail; the first 240 have static IPs.
std::string stack(int jails) {
    std::string text;
    for (int i = 0; i < jails; ++i) {
        const auto n = std::to_string(i);
        text += "jail \"j" + n + "\" {\n";
        if (i < 240) {
            text += "  ip = \"10.17.89." + std::to_string(i + 10) + "\";\n";
        }
        if (i > 0) {
            text += "  depends [\"j" + std::to_string(i - 1) + "\"]\n";
        }
        text += "  forward { http { host = ";
        text += std::to_string(10000 + i);
        text += "; jail = 80; } }\n";
        text += "  mount { src { host = \"src\"; jail = \"/srv/app\"; } }\n";
        text += "  exec { app { cmd = \"run --id ";
        text += n;
        text += "\"; dir = \"/srv/app\";\n    env { ID = ";
        text += n;
        text += "; MODE = \"prod\"; }\n";
        text += "    healthcheck { test = \"true\"; interval = 10s; retries = 3; } } }\n";
        text += "  setup { app { file = \"playbooks/app.yml\"; vars { ID = ";
        text += n;
        text += "; } } }\n}\n";
    }
    return text;
}

jrun::config::CheckContext context(const OpenHost& host) {
    jrun::config::CheckContext ctx;
    ctx.config_path = "/proj/stack.ucl";
    ctx.config_dir = "/proj";
    ctx.cwd = "/proj";
    ctx.home = "/home/user";
    ctx.probe = &host;
    return ctx;
}

void check_only(benchmark::State& state) {
    const OpenHost host;
    const auto parsed = jrun::ucl::parse("stack.ucl", stack(static_cast<int>(state.range(0))), {});
    if (!parsed.document) {
        state.SkipWithError("parse failed");
        return;
    }
    const auto ctx = context(host);
    for (auto _ : state) {
        auto result = jrun::config::check(parsed.document->root, ctx);
        if (!result.config) {
            state.SkipWithError("check failed");
            return;
        }
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void parse_and_check(benchmark::State& state) {
    const OpenHost host;
    const auto text = stack(static_cast<int>(state.range(0)));
    const auto ctx = context(host);
    for (auto _ : state) {
        const auto parsed = jrun::ucl::parse("stack.ucl", text, {});
        auto result = jrun::config::check(parsed.document->root, ctx);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

} // namespace

BENCHMARK(check_only)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(parse_and_check)->Arg(10000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
