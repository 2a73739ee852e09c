// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A fresh fake FreeBSD host (tests/fakebsd) in a temporary directory, and the means to run
// guest scripts and tools against it with the real /bin/sh.

#include "support/support.hpp"
#include "sys/process_runner.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace jrun::test {

class FakeBsd {
public:
    // Create the state with `fakebsd init` and a release fixture for 15.0-RELEASE.
    FakeBsd();

    // Run `script` with /bin/sh -s in the fake's environment.
    [[nodiscard]] sys::Completed sh(const std::string& script) const;
    // Run a command (a fake tool, `fakebsd ...`, or any program) in the fake's environment.
    [[nodiscard]] sys::Completed run(const std::vector<std::string>& argv,
                                     const std::string& input = {}) const;
    // Run `run(argv)` and fail the test unless it succeeds; return its stdout.
    std::string must(const std::vector<std::string>& argv) const;

    // Return the changing calls logged since the last clear_log().
    [[nodiscard]] std::string changes() const;
    [[nodiscard]] std::string digest() const;
    void clear_log() const;

    // Return the host path of guest path `path` (the fake VM's file system).
    [[nodiscard]] std::filesystem::path at(const std::string& path) const;
    [[nodiscard]] const std::filesystem::path& dir() const { return m_dir.path(); }
    // Return the URL of the 15.0-RELEASE fixture directory.
    [[nodiscard]] static std::string release_url();
    // Return the fixture directory of that release (MANIFEST and base.txz).
    [[nodiscard]] std::filesystem::path release_fixture() const;

private:
    TempDir m_dir;
};

} // namespace jrun::test
