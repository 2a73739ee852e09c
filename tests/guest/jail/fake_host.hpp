// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// A fake FreeBSD host (tests/fakebsd) prepared by host_fixture.sh, on which guest scripts run
// with the real /bin/sh, without ssh.

#include "render/guest.hpp"
#include "support/support.hpp"
#include "sys/real_process_runner.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jrun::test {

class FakeHost {
public:
    // Prepare the host with 9p share directories for `tags`.
    explicit FakeHost(const std::vector<std::string>& tags = {}) {
        std::vector<std::string> argv{"/bin/sh",
                                      (source_dir() / "tests/guest/jail/host_fixture.sh").string()};
        argv.insert(argv.end(), tags.begin(), tags.end());
        const auto done = run(sys::Command(argv));
        EXPECT_TRUE(done.success()) << done.err;
    }

    // Run `script` with /bin/sh on the host.
    sys::Completed script(const std::string& text) {
        auto command = sys::Command({"/bin/sh", "-s"});
        command.set_stdin(text);
        return run(command);
    }

    // Run the shell command `sh` on the host and return its stdout.
    std::string sh(const std::string& sh) {
        const auto done = run(sys::Command({"/bin/sh", "-c", sh}));
        return done.out;
    }

    // Return the changing calls logged since the last clear_log.
    std::string changes() { return sh("fakebsd changes"); }
    std::string digest() { return sh("fakebsd digest"); }
    std::string log() { return sh("cat \"$FAKEBSD_STATE/log\""); }
    void clear_log() { sh(": >\"$FAKEBSD_STATE/log\""); }

    [[nodiscard]] std::filesystem::path state() const { return m_dir.path() / "state"; }
    [[nodiscard]] std::filesystem::path root() const { return state() / "root"; }
    // Return the host path of FreeBSD path `path`.
    [[nodiscard]] std::filesystem::path at(const std::string& path) const {
        return root().string() + path;
    }

    sys::Completed run(sys::Command command) {
        command.set_env("FAKEBSD_STATE", state().string())
            .set_env("JRUN_ROOT", root().string())
            .set_env("PATH", (source_dir() / "tests/fakebsd/bin").string() + ":/usr/bin:/bin")
            .set_timeout(std::chrono::seconds(120));
        sys::RealProcessRunner runner;
        auto result = runner.run(command);
        EXPECT_TRUE(result.ok());
        return result.ok() ? result.value() : sys::Completed{};
    }

private:
    TempDir m_dir;
};

} // namespace jrun::test
