// SPDX-License-Identifier: BSD-2-Clause
// Every shipped example is a valid config: it parses, passes every check of SPEC §5 without a
// warning, and every file it refers to is in the repository.
#include "config/check.hpp"
#include "support/support.hpp"
#include "ucl/parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <glob.h>

#include <algorithm>
#include <filesystem>

namespace jrun::config {

namespace {

namespace fs = std::filesystem;

// `.include` from the real file system (read-only).
class DiskIncludes final : public ucl::IncludeSource {
public:
    std::optional<std::string> read(const std::string& path) override {
        if (!fs::is_regular_file(path)) {
            return std::nullopt;
        }
        return test::read_file(path);
    }

    std::vector<std::string> glob(const std::string& pattern) override {
        glob_t matches{};
        std::vector<std::string> out;
        if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
            out.assign(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
        }
        globfree(&matches);
        return out;
    }
};

// Paths as they are in the checkout; every port free, so that the test does not depend on
// what else runs on the machine.
class CheckoutProbe final : public HostProbe {
public:
    [[nodiscard]] PathKind path_kind(const std::string& path) const override {
        std::error_code ec;
        const auto status = fs::status(path, ec);
        if (fs::is_directory(status)) {
            return PathKind::directory;
        }
        return fs::is_regular_file(status) ? PathKind::file : PathKind::missing;
    }

    [[nodiscard]] PortStatus port_status(model::Proto /*proto*/,
                                         std::uint16_t /*port*/) const override {
        return PortStatus::free;
    }
};

struct Checked {
    std::vector<std::string> problems; // rendered parse errors and check diagnostics
    std::optional<model::Config> config;
};

// Parse and check examples/`name` as `jrun validate` would, from a directory where no
// playbook can be found by accident.
Checked check_example(const std::string& name) {
    const fs::path path = test::source_dir() / "examples" / name;
    DiskIncludes includes;
    ucl::ParseOptions options;
    options.includes = &includes;
    auto parsed = ucl::parse_file(path.string(), options);
    Checked out;
    for (const auto& error : parsed.errors) {
        out.problems.push_back(render_diagnostic(error));
    }
    if (!parsed.document) {
        return out;
    }
    const CheckoutProbe probe;
    CheckContext context;
    context.config_path = path.string();
    context.config_dir = path.parent_path().string();
    context.cwd = "/nonexistent-cwd";
    context.home = "/nonexistent-home";
    context.probe = &probe;
    auto result = check(parsed.document->root, context, parsed.document->sources);
    for (const auto& diag : result.diagnostics) {
        out.problems.push_back(render_diagnostic(diag));
    }
    out.config = std::move(result.config);
    return out;
}

std::vector<std::string> jail_names(const model::Config& config) {
    std::vector<std::string> names;
    for (const auto& jail : config.jails) {
        names.push_back(jail.name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

using ::testing::ElementsAre;
using ::testing::IsEmpty;

} // namespace

TEST(Examples, WebIsValid) {
    const auto checked = check_example("web.ucl");
    EXPECT_THAT(checked.problems, IsEmpty());
    ASSERT_TRUE(checked.config);
    EXPECT_THAT(jail_names(*checked.config), ElementsAre("web"));
}

TEST(Examples, StackIsValid) {
    const auto checked = check_example("stack.ucl");
    EXPECT_THAT(checked.problems, IsEmpty());
    ASSERT_TRUE(checked.config);
    EXPECT_THAT(jail_names(*checked.config),
                ElementsAre("fastapi-314", "postgres-16", "python-314"));
}

TEST(Examples, BaseIsValid) {
    const auto checked = check_example("base.ucl");
    EXPECT_THAT(checked.problems, IsEmpty());
    ASSERT_TRUE(checked.config);
    EXPECT_TRUE(checked.config->base.has_value());
}

TEST(Examples, LabIsValidAndIncludesItsDataTier) {
    const auto checked = check_example("lab.ucl");
    EXPECT_THAT(checked.problems, IsEmpty());
    ASSERT_TRUE(checked.config);
    EXPECT_THAT(jail_names(*checked.config),
                ElementsAre("api",
                            "docs",
                            "edge",
                            "lab-base",
                            "postgres",
                            "prometheus",
                            "redis",
                            "scheduler",
                            "worker"));
}

TEST(Examples, LabDataTierIsValidOnItsOwn) {
    const auto checked = check_example("lab/data.ucl");
    EXPECT_THAT(checked.problems, IsEmpty());
    ASSERT_TRUE(checked.config);
    EXPECT_THAT(jail_names(*checked.config), ElementsAre("postgres", "redis"));
}

} // namespace jrun::config
