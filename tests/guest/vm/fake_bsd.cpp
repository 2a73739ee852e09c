// SPDX-License-Identifier: BSD-2-Clause
#include "vm/fake_bsd.hpp"

#include "sys/real_process_runner.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace jrun::test {

namespace {

constexpr const char* k_release_path = "download.freebsd.org/releases/amd64/amd64/15.0-RELEASE";

} // namespace

FakeBsd::FakeBsd() {
    must({"fakebsd", "init"});
    must({"fakebsd", "release", (dir() / "fixtures").string(), "15.0-RELEASE"});
}

sys::Completed FakeBsd::run(const std::vector<std::string>& argv, const std::string& input) const {
    const auto bin = source_dir() / "tests" / "fakebsd" / "bin";
    // Rationale: the runner resolves a bare program name with jrun's own PATH; fake tools are
    // named by their path so that the fake, not a Debian tool of the same name, runs.
    auto words = argv;
    if (words.front().find('/') == std::string::npos
        && std::filesystem::exists(bin / words.front())) {
        words.front() = (bin / words.front()).string();
    }
    auto command = sys::Command(words)
                       .set_env("FAKEBSD_STATE", (dir() / "state").string())
                       .set_env("JRUN_ROOT", (dir() / "state" / "root").string())
                       .set_env("FAKEBSD_FIXTURES", (dir() / "fixtures").string())
                       .set_env("PATH", bin.string() + ":/usr/bin:/bin")
                       .set_env("JRUN_RETRY_DELAY", "0")
                       .set_timeout(std::chrono::seconds(120));
    if (!input.empty()) {
        command.set_stdin(input);
    }
    sys::RealProcessRunner runner;
    auto result = runner.run(command);
    EXPECT_TRUE(result.ok()) << command.display() << ": "
                             << (result.ok() ? "" : result.error().what);
    return result.ok() ? result.value() : sys::Completed{sys::ExitStatus::exited(127), {}, {}};
}

sys::Completed FakeBsd::sh(const std::string& script) const {
    return run({"/bin/sh", "-s"}, script);
}

std::string FakeBsd::must(const std::vector<std::string>& argv) const {
    const auto result = run(argv);
    EXPECT_TRUE(result.success()) << argv.front() << " failed: " << result.err;
    return result.out;
}

std::string FakeBsd::changes() const {
    return must({"fakebsd", "changes"});
}

std::string FakeBsd::digest() const {
    return must({"fakebsd", "digest"});
}

void FakeBsd::clear_log() const {
    std::ofstream(dir() / "state" / "log", std::ios::trunc);
}

std::filesystem::path FakeBsd::at(const std::string& path) const {
    return dir() / "state" / "root" / std::filesystem::path(path).relative_path();
}

std::string FakeBsd::release_url() {
    return std::string("https://") + k_release_path;
}

std::filesystem::path FakeBsd::release_fixture() const {
    return dir() / "fixtures" / k_release_path;
}

} // namespace jrun::test
