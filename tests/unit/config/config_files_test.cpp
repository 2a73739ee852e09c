// SPDX-License-Identifier: BSD-2-Clause
// Config files as data (kakoune style), parsed and checked on the fake host of fixture.hpp:
// - tests/data/config/broken/NAME.{ucl,json}: every diagnostic `jrun validate` would print, one
//   per line as "FILE:LINE:COL: SEVERITY: MESSAGE", is in NAME.expected (written by hand;
//   JRUN_UPDATE_GOLDEN=1 rewrites it, review the diff);
// - tests/data/config/valid/NAME.{ucl,json}: no diagnostic at all, and the model matches the
//   golden file tests/data/golden/config/NAME.json (JRUN_UPDATE_GOLDEN=1 rewrites it).
#include "fixture.hpp"
#include "model_json.hpp"
#include "support/support.hpp"
#include "ucl/parser.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace jrun::test {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> case_files(const std::string& kind) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(source_dir() / "tests/data/config" / kind)) {
        const auto ext = entry.path().extension();
        if (ext == ".ucl" || ext == ".json") {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = info.param;
    std::replace_if(
        name.begin(),
        name.end(),
        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; },
        '_');
    return name;
}

const char* severity_name(Severity severity) {
    switch (severity) {
    case Severity::error:
        return "error";
    case Severity::warning:
        return "warning";
    case Severity::note:
        break;
    }
    return "note";
}

struct Checked {
    ucl::ParseResult parsed;
    config::CheckResult checked;
    std::string report; // one line per diagnostic, sorted
};

class ConfigFile : public ::testing::TestWithParam<std::string>, protected FakeHost {
protected:
    Checked check_file(const std::string& kind) {
        const std::string& name = GetParam();
        const auto text = read_file(source_dir() / "tests/data/config" / kind / name);
        Checked out;
        out.parsed = ucl::parse(name, text, ucl::ParseOptions{});
        std::vector<Diagnostic> all = out.parsed.errors;
        all.insert(all.end(), out.parsed.warnings.begin(), out.parsed.warnings.end());
        if (out.parsed.document) {
            out.checked = config::check(out.parsed.document->root, context);
            all.insert(all.end(), out.checked.diagnostics.begin(), out.checked.diagnostics.end());
        }
        for (const auto& d : config::sorted(all)) {
            out.report += format_location(d.location) + ": " + severity_name(d.severity) + ": "
                          + d.message + "\n";
        }
        return out;
    }
};

class BrokenConfig : public ConfigFile {};
class ValidConfig : public ConfigFile {};

} // namespace

TEST_P(BrokenConfig, ReportsExactlyTheExpectedDiagnostics) {
    const auto result = check_file("broken");
    const auto expected_path = source_dir() / "tests/data/config/broken"
                               / fs::path(GetParam()).replace_extension(".expected");
    EXPECT_FALSE(result.report.empty()) << "a broken config must produce diagnostics";
    const char* update = std::getenv("JRUN_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(expected_path, std::ios::binary) << result.report;
        return;
    }
    EXPECT_EQ(result.report, read_file(expected_path));
}

TEST_P(ValidConfig, IsAcceptedWithTheExpectedModel) {
    const auto result = check_file("valid");
    EXPECT_EQ(result.report, "");
    ASSERT_TRUE(result.checked.config.has_value());
    const auto name = fs::path(GetParam()).replace_extension(".json").string();
    expect_golden("config/" + name, to_json(*result.checked.config).dump(2) + "\n");
}

INSTANTIATE_TEST_SUITE_P(Files, BrokenConfig, ::testing::ValuesIn(case_files("broken")), test_name);
INSTANTIATE_TEST_SUITE_P(Files, ValidConfig, ::testing::ValuesIn(case_files("valid")), test_name);

} // namespace jrun::test
