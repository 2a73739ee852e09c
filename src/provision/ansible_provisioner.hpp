// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "hub/playbook_cache.hpp"
#include "model/settings.hpp"
#include "provision/provisioner.hpp"
#include "sys/clock.hpp"
#include "sys/file_system.hpp"
#include "sys/process_runner.hpp"

#include <mutex>
#include <string>

namespace jrun::provision {

// Where and how AnsibleProvisioner runs ansible-playbook.
struct AnsibleOptions {
    std::string ansible_playbook = "ansible-playbook"; // JRUN_ANSIBLE_PLAYBOOK
    std::string work_dir; // wrapper, inventory and vars of a run (removed after it), mode 0700
    std::string log_dir;  // one full log per run under <log_dir>/setup/
    bool debug = false;   // JRUN_DEBUG: every output line goes to the ProgressSink
};

// Return the options for `settings`: work files under $JRUN_HOME/ansible, logs in JRUN_LOG_DIR.
[[nodiscard]] AnsibleOptions ansible_options(const Settings& settings);

// Runs setup steps with ansible-playbook (see ARCHITECTURE.md "Ansible"): the inventory's host
// is the FreeBSD host, reached through a generated ssh wrapper that runs every remote command
// inside the jail with jexec. run_setup() may run concurrently for different jails (each run
// has its own work directory and log). Output streams line by line: each `TASK [...]` is a
// Progress, the whole output goes to a log file per run, and a failure becomes the failing task's
// message.
class AnsibleProvisioner final : public Provisioner {
public:
    // `hub` resolves `url` steps (may be null when no step has a URL).
    AnsibleProvisioner(sys::ProcessRunner& runner,
                       sys::FileSystem& fs,
                       const sys::Clock& clock,
                       hub::PlaybookCache* hub,
                       AnsibleOptions options)
        : m_runner(runner),
          m_fs(fs),
          m_clock(clock),
          m_hub(hub),
          m_options(std::move(options)) {}

    [[nodiscard]] Status run_setup(const SetupTarget& target,
                                   const model::SetupStep& step,
                                   const ProgressSink& progress) override;

    // Return the path of the log of the last run (empty before the first).
    [[nodiscard]] std::string last_log() const {
        const std::lock_guard lock(m_mutex);
        return m_last_log;
    }

private:
    struct Run;
    [[nodiscard]] Result<std::string> playbook_path(const model::SetupStep& step,
                                                    const ProgressSink& progress);
    [[nodiscard]] Status
    write_files(const SetupTarget& target, const model::SetupStep& step, const std::string& dir);
    [[nodiscard]] Status execute(Run& run, const ProgressSink& progress);
    [[nodiscard]] std::string log_path(const SetupTarget& target, const model::SetupStep& step);

    sys::ProcessRunner& m_runner;
    sys::FileSystem& m_fs;
    const sys::Clock& m_clock;
    hub::PlaybookCache* m_hub;
    AnsibleOptions m_options;
    mutable std::mutex m_mutex; // guards m_last_log: steps of different jails run concurrently
    std::string m_last_log;
};

} // namespace jrun::provision
