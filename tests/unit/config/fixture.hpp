// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A checker set up on a fake host: the config lives in /proj, the user runs jrun from /cwd.
//   /proj, /proj/src, /proj/data, /home/user/code      directories
//   /proj/notes.txt                                    a file
//   /proj/playbooks/app.yml, /proj/playbooks/fastapi-314.yml, /cwd/playbooks/cwd.yml  playbooks
//   tcp/5000 busy, tcp/80 needs root

#include "config/check.hpp"
#include "fakes/fake_host_probe.hpp"
#include "tree.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jrun::test {

// The fake host above, and a context pointing at it.
struct FakeHost {
    FakeHost() {
        probe.dir("/proj").dir("/proj/src").dir("/proj/data").dir("/home/user/code");
        probe.file("/proj/notes.txt")
            .file("/proj/playbooks/app.yml")
            .file("/proj/playbooks/fastapi-314.yml")
            .file("/cwd/playbooks/cwd.yml");
        probe.busy.insert({model::Proto::tcp, 5000});
        probe.denied.insert({model::Proto::tcp, 80});
        context.config_path = "/proj/stack.ucl";
        context.config_dir = "/proj";
        context.cwd = "/cwd";
        context.home = "/home/user";
        context.probe = &probe;
    }
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;
    ~FakeHost() = default;

    FakeHostProbe probe;
    config::CheckContext context;
};

class CheckTest : public ::testing::Test, protected FakeHost {
protected:
    config::CheckResult run(const ucl::Value& root) { return config::check(root, context); }

    // Return each diagnostic as "error: message" / "warning: ..." / "note: ...".
    static std::vector<std::string> messages(const config::CheckResult& result) {
        std::vector<std::string> out;
        for (const auto& d : result.diagnostics) {
            const char* kind = d.severity == Severity::error     ? "error: "
                               : d.severity == Severity::warning ? "warning: "
                                                                 : "note: ";
            out.push_back(kind + d.message);
        }
        return out;
    }

    // Check `root`, expect no diagnostics at all, and return the model.
    model::Config ok(const ucl::Value& root) {
        auto result = run(root);
        EXPECT_EQ(messages(result), std::vector<std::string>{});
        EXPECT_TRUE(result.config.has_value());
        return result.config.value_or(model::Config{});
    }

    // Check `root` and return its diagnostics; an error means no model.
    std::vector<std::string> problems(const ucl::Value& root) {
        auto result = run(root);
        EXPECT_EQ(result.config.has_value(), !result.has_errors());
        return messages(result);
    }

    // The single jail of a config made of `jail "web" { BODY }`.
    model::Jail web(const ucl::Value& body) {
        auto config = ok(tree::jails({{"web", body}}));
        EXPECT_EQ(config.jails.size(), 1U);
        return config.jails.empty() ? model::Jail{} : config.jails.front();
    }

    // The diagnostics of `jail "web" { BODY }`.
    std::vector<std::string> web_problems(const ucl::Value& body) {
        return problems(tree::jails({{"web", body}}));
    }
};

using Messages = std::vector<std::string>;

} // namespace jrun::test
