// SPDX-License-Identifier: BSD-2-Clause
// config::check on every wrong type at every place of real configs: it must report (or accept)
// without crashing, and give a model exactly when there is no error.
#include "fixture.hpp"
#include "support/support.hpp"
#include "ucl/parser.hpp"

#include <filesystem>
#include <variant>

namespace jrun::test {

namespace {

// One step from a value to a child: a member key or an element index.
using Step = std::variant<std::string, std::size_t>;
using Path = std::vector<Step>;

void collect(const ucl::Value& value, Path& path, std::vector<Path>& out) {
    out.push_back(path);
    for (const auto& member : value.members()) {
        path.emplace_back(member.key);
        collect(member.value, path, out);
        path.pop_back();
    }
    for (std::size_t i = 0; i < value.elements().size(); ++i) {
        path.emplace_back(i);
        collect(value.elements()[i], path, out);
        path.pop_back();
    }
}

ucl::Value* walk(ucl::Value& root, const Path& path) {
    ucl::Value* at = &root;
    for (const auto& step : path) {
        if (const auto* key = std::get_if<std::string>(&step)) {
            at = at->find(*key);
        } else {
            at = &at->elements().at(std::get<std::size_t>(step));
        }
    }
    return at;
}

std::vector<ucl::Value> replacements() {
    using namespace tree;
    return {ucl::Value::null(),
            b(true),
            i(-1),
            i(70000),
            f(2.5),
            t(0.001),
            s(""),
            s("../x\n"),
            arr({}),
            arr({obj({})}),
            obj({}),
            obj({{"x", obj({})}})};
}

class Mutation : public ::testing::Test, protected FakeHost {};

} // namespace

TEST_F(Mutation, EveryWrongTypeAnywhereIsReportedWithoutCrashing) {
    const auto dir = source_dir() / "tests/data/config/valid";
    int checks = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const auto parsed = ucl::parse(
            entry.path().filename().string(), read_file(entry.path()), ucl::ParseOptions{});
        ASSERT_TRUE(parsed.document.has_value()) << entry.path();
        std::vector<Path> paths;
        Path path;
        collect(parsed.document->root, path, paths);
        for (const auto& target : paths) {
            for (const auto& replacement : replacements()) {
                ucl::Value root = parsed.document->root;
                *walk(root, target) = replacement;
                const auto result = config::check(root, context);
                ASSERT_EQ(result.config.has_value(), !result.has_errors()) << entry.path();
                for (const auto& d : result.diagnostics) {
                    ASSERT_FALSE(d.message.empty());
                }
                ++checks;
            }
        }
    }
    EXPECT_GT(checks, 1000);
}

} // namespace jrun::test
