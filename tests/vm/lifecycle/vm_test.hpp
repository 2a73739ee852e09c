// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// What every `vm` tier test needs: where the shared test guest is, the skip rule, a readable
// dump of a jrun run, and a guard that stops the VM however a test ends.

#include "lifecycle/jrun_driver.hpp"
#include "support/support.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace jrun::vmtest {

// Return the directory of the guest the `vm_guest` fixture built (JRUN_VM_GUEST_DIR wins).
inline std::filesystem::path guest_dir() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
    const char* dir = std::getenv("JRUN_VM_GUEST_DIR");
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
    const char* fallback = std::getenv("JRUN_VM_GUEST_DIR_DEFAULT");
    return std::filesystem::path(dir != nullptr        ? dir
                                 : fallback != nullptr ? fallback
                                                       : "")
           / "full";
}

// Exit 77 (CTest's skip) with the reason when this host cannot run the tier.
inline void skip_unless_possible() {
    if (::geteuid() != 0) {
        std::cout << "SKIP: the vm tier needs root (the guest is built with debootstrap)\n";
        std::exit(77); // NOLINT(concurrency-mt-unsafe): before any thread starts
    }
    if (!std::filesystem::exists(guest_dir() / "disk.raw")) {
        std::cout << "SKIP: no test guest at " << guest_dir() << " (vm_guest_setup skipped)\n";
        std::exit(77); // NOLINT(concurrency-mt-unsafe)
    }
}

// Return how a run ended and everything it printed, for failure messages.
inline std::string output(const sys::Completed& done) {
    return "exit " + done.status.describe() + "\nstdout:\n" + done.out + "\nstderr:\n" + done.err;
}

// Stops the VM when the test ends, however it ends.
struct StopGuard {
    explicit StopGuard(JrunDriver& stopped)
        : driver(stopped) {}
    ~StopGuard() { driver.ensure_stopped(); }
    JrunDriver& driver;
    StopGuard(const StopGuard&) = delete;
    StopGuard& operator=(const StopGuard&) = delete;
};

// A test with its own JRUN_HOME and SSH port, booting the shared guest; QEMU's pid file sits
// where the fixture's cleanup finds it after a crash.
class VmTest : public ::testing::Test {
protected:
    test::TempDir temp;
    std::filesystem::path home = temp.path() / "home";
    std::uint16_t ssh_port = free_port();
    std::filesystem::path pid_file =
        guest_dir().parent_path() / "running" / (std::to_string(::getpid()) + ".pid");
    JrunDriver driver{home, guest_dir(), pid_file, ssh_port};

    void SetUp() override {
        skip_unless_possible();
        std::filesystem::create_directories(pid_file.parent_path());
    }
};

} // namespace jrun::vmtest
