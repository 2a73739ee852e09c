// SPDX-License-Identifier: BSD-2-Clause
// Parse and emit configs of 10,000 jails: a lean one of about 1 MB (the size of the performance
// goal) and a fuller one of about 2.7 MB.
#include "ucl/json.hpp"
#include "ucl/parser.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

std::string lean_jails(int count) {
    std::string text;
    for (int i = 0; i < count; ++i) {
        text += "jail \"web" + std::to_string(i) + "\" {\n  ip = \"10.17." + std::to_string(i / 250)
                + "." + std::to_string(i % 250 + 2) + "\";\n  depends [\"db\"]\n"
                + "  forward { http { host = " + std::to_string(10000 + i)
                + "; jail = 80; } }\n}\n";
    }
    return text;
}

void parse_10k_lean_jails(benchmark::State& state) {
    const std::string text = lean_jails(10000);
    state.counters["bytes"] = static_cast<double>(text.size());
    for (auto _ : state) {
        auto result = jrun::ucl::parse("bench.ucl", text, {});
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(parse_10k_lean_jails)->Unit(benchmark::kMillisecond);

std::string many_jails(int count) {
    std::string text = "# generated\n";
    for (int i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        text += "jail \"web" + n + "\" {\n  ip = \"10.17." + std::to_string(i / 250) + "."
                + std::to_string(i % 250 + 2) + "\";\n  depends [\"db\", \"cache\"]\n"
                + "  forward { http { host = " + std::to_string(10000 + i)
                + "; jail = 80; } }\n  exec { app { cmd = \"/usr/local/bin/app --port 80\";"
                + " healthcheck { test = \"fetch -qo /dev/null http://127.0.0.1\"; interval = "
                + "\"30s\"; retries = 3; } } }\n}\n";
    }
    return text;
}

void parse_10k_jails(benchmark::State& state) {
    const std::string text = many_jails(10000);
    state.counters["bytes"] = static_cast<double>(text.size());
    for (auto _ : state) {
        auto result = jrun::ucl::parse("bench.ucl", text, {});
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations())
                            * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(parse_10k_jails)->Unit(benchmark::kMillisecond);

void emit_10k_jails(benchmark::State& state) {
    const auto result = jrun::ucl::parse("bench.ucl", many_jails(10000), {});
    for (auto _ : state) {
        auto json = jrun::ucl::to_json(result.document->root);
        benchmark::DoNotOptimize(json);
    }
}
BENCHMARK(emit_10k_jails)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
