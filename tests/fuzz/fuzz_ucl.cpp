// SPDX-License-Identifier: BSD-2-Clause
// Parse arbitrary bytes as UCL; when they parse, write JSON and check that it parses back and
// that a second round trip changes nothing. Crashes, hangs and leaks are the sanitizers' job.
#include "ucl/json.hpp"
#include "ucl/parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace jrun;

// A few in-memory files so that .include, globs and .load get exercised too.
class FuzzIncludes : public ucl::IncludeSource {
public:
    std::optional<std::string> read(const std::string& path) override {
        const auto it = k_files().find(path);
        return it == k_files().end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    std::vector<std::string> glob(const std::string& pattern) override {
        return pattern.find("*.ucl") != std::string::npos
                   ? std::vector<std::string>{"/a.ucl", "/b.ucl"}
                   : std::vector<std::string>{};
    }

private:
    static const std::map<std::string, std::string>& k_files() {
        static const std::map<std::string, std::string> files{
            {"/a.ucl", "a = 1; s { x = [1, 2] }"},
            {"/b.ucl", "{ \"b\": \"two\", \"s\": { \"y\": null } }"},
            {"/n.txt", "42\n"},
        };
        return files;
    }
};

[[noreturn]] void die(const char* what) {
    std::fputs(what, stderr);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzIncludes includes;
    ucl::ParseOptions options;
    options.includes = &includes;
    options.variables = {{"X", "ex"}, {"XY", "${X}"}, {"EMPTY", ""}};
    std::string text(reinterpret_cast<const char*>(data), size);
    const auto result = ucl::parse("/fuzz.ucl", std::move(text), options);
    for (const auto& diagnostic : result.errors) {
        (void)jrun::render_diagnostic(diagnostic);
    }
    if (!result.document) {
        return 0;
    }
    // Implicit arrays become explicit ones in JSON, which may double the nesting.
    ucl::ParseOptions reparse;
    reparse.max_depth = 2 * options.max_depth + 2;
    const std::string first = ucl::to_json(result.document->root);
    const auto second = ucl::parse("/fuzz.json", first, reparse);
    if (!second.document) {
        die("emitted JSON does not parse\n");
    }
    const std::string json2 = ucl::to_json(second.document->root);
    const auto third = ucl::parse("/fuzz2.json", json2, reparse);
    if (!third.document || ucl::to_json(third.document->root) != json2) {
        die("JSON round trip is not stable\n");
    }
    return 0;
}
