// SPDX-License-Identifier: BSD-2-Clause
#include "provision/ansible_provisioner.hpp"

#include "hub/source.hpp"
#include "provision/ansible_files.hpp"
#include "provision/ansible_output.hpp"

#include <array>
#include <ctime>
#include <filesystem>

namespace jrun::provision {

namespace {

using namespace std::chrono_literals;

constexpr auto k_poll = 250ms;

void report(const ProgressSink& progress, Progress::Kind kind, std::string text) {
    if (progress) {
        progress(Progress{kind, std::move(text)});
    }
}

std::string timestamp(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&t, &utc);
    std::array<char, 32> buffer{};
    const auto n = std::strftime(buffer.data(), buffer.size(), "%Y%m%dT%H%M%SZ", &utc);
    return std::string(buffer.data(), n);
}

// The subject of a step in messages: "setup 'db' of jail 'web'".
std::string subject(const SetupTarget& target, const model::SetupStep& step) {
    return "setup '" + step.label + "' of " + target.describe();
}

sys::Command playbook_command(const AnsibleOptions& options,
                              const std::string& dir,
                              const std::string& playbook) {
    sys::Command command(
        {options.ansible_playbook, "-i", dir + "/inventory.json", "-e", "@" + dir + "/vars.json"});
    if (options.debug) {
        command.arg("-v");
    }
    command.arg(playbook)
        .set_cwd(std::filesystem::path(playbook).parent_path())
        .set_env("ANSIBLE_NOCOLOR", "1")
        .set_env("ANSIBLE_FORCE_COLOR", "0")
        .set_env("ANSIBLE_HOST_KEY_CHECKING", "True")
        .set_env("ANSIBLE_STDOUT_CALLBACK", "default")
        .set_env("ANSIBLE_CALLBACK_RESULT_FORMAT", "json")
        .set_env("ANSIBLE_RETRY_FILES_ENABLED", "False")
        .set_env("PYTHONUNBUFFERED", "1")
        .unset_env("ANSIBLE_SSH_EXECUTABLE")
        .unset_env("ANSIBLE_SSH_COMMON_ARGS");
    return command;
}

} // namespace

struct AnsibleProvisioner::Run {
    sys::Command command;
    OutputParser parser;
    std::string log;
    std::string partial_out;
    std::string partial_err;
    bool debug = false;

    void take(std::string& partial, std::string_view bytes, const ProgressSink& progress) {
        partial.append(bytes);
        std::size_t newline = 0;
        while ((newline = partial.find('\n')) != std::string::npos) {
            line(partial.substr(0, newline), progress);
            partial.erase(0, newline + 1);
        }
    }

    void line(const std::string& text, const ProgressSink& progress) {
        log += text + "\n";
        if (debug) {
            report(progress, Progress::Kind::output, text);
        }
        if (auto task = parser.feed(text)) {
            report(progress, Progress::Kind::task, *task);
        }
    }

    void finish(const ProgressSink& progress) {
        for (std::string* partial : {&partial_out, &partial_err}) {
            if (!partial->empty()) {
                line(*partial, progress);
                partial->clear();
            }
        }
    }
};

AnsibleOptions ansible_options(const Settings& settings) {
    return AnsibleOptions{
        settings.ansible_playbook, settings.home + "/ansible", settings.log_dir, settings.debug};
}

Result<std::string> AnsibleProvisioner::playbook_path(const model::SetupStep& step,
                                                      const ProgressSink& progress) {
    if (!step.file.empty()) {
        return step.file;
    }
    if (m_hub == nullptr) {
        return Error{ErrorKind::internal, "cannot run " + step.url, "no hub was configured", {}};
    }
    auto cached = m_hub->obtain(step.url, [&](std::string_view message) {
        report(progress, Progress::Kind::note, std::string(message));
    });
    if (!cached) {
        return cached.error();
    }
    return cached->playbook;
}

Status AnsibleProvisioner::write_files(const SetupTarget& target,
                                       const model::SetupStep& step,
                                       const std::string& dir) {
    auto wrapper = render_ssh_wrapper(target);
    if (!wrapper) {
        return wrapper.error();
    }
    auto vars = render_extra_vars(step.vars);
    if (!vars) {
        return vars.error();
    }
    const std::string wrapper_path = dir + "/ssh";
    for (auto st : {m_fs.remove_all(dir), m_fs.create_directories(dir)}) {
        if (!st) {
            return st;
        }
    }
    auto st = m_fs.write_file_atomic(wrapper_path, *wrapper, 0700);
    if (st) {
        st = m_fs.write_file_atomic(
            dir + "/inventory.json", render_inventory(target, wrapper_path), 0600);
    }
    if (st) {
        st = m_fs.write_file_atomic(dir + "/vars.json", *vars, 0600);
    }
    return st;
}

std::string AnsibleProvisioner::log_path(const SetupTarget& target, const model::SetupStep& step) {
    const std::string owner = target.kind == SetupTarget::Kind::jail ? target.jail : "vm";
    return m_options.log_dir + "/setup/" + hub::sanitize_name(owner) + "-"
           + hub::sanitize_name(step.label) + "-" + timestamp(m_clock.wall_time()) + ".log";
}

Status AnsibleProvisioner::execute(Run& run, const ProgressSink& progress) {
    auto child = m_runner.spawn(run.command);
    if (!child) {
        return child.error();
    }
    while (true) {
        auto chunk = (*child)->read_output(k_poll);
        if (!chunk) {
            return chunk.error();
        }
        run.take(run.partial_out, chunk->out, progress);
        run.take(run.partial_err, chunk->err, progress);
        auto exited = (*child)->try_wait();
        if (chunk->eof || !exited || exited->has_value()) {
            break;
        }
    }
    auto done = (*child)->wait();
    if (!done) {
        return done.error();
    }
    run.take(run.partial_out, done->out, progress);
    run.take(run.partial_err, done->err, progress);
    run.finish(progress);
    if (done->success()) {
        return {};
    }
    return Error{ErrorKind::remote, {}, done->status.describe(), {}};
}

Status AnsibleProvisioner::run_setup(const SetupTarget& target,
                                     const model::SetupStep& step,
                                     const ProgressSink& progress) {
    auto playbook = playbook_path(step, progress);
    if (!playbook) {
        return playbook.error();
    }
    const std::string dir =
        m_options.work_dir + "/"
        + hub::sanitize_name((target.kind == SetupTarget::Kind::jail ? target.jail : "vm") + "-"
                             + step.label);
    if (auto st = write_files(target, step, dir); !st) {
        return st;
    }
    Run run{playbook_command(m_options, dir, *playbook), {}, {}, {}, {}, m_options.debug};
    run.log = "# " + run.command.display() + "\n";
    auto outcome = execute(run, progress);
    (void)m_fs.remove_all(dir);
    const std::string log = log_path(target, step);
    const auto logged = m_fs.create_directories(m_options.log_dir + "/setup");
    const bool kept = logged && m_fs.write_file_atomic(log, run.log, 0600);
    {
        const std::lock_guard lock(m_mutex);
        m_last_log = log;
    }
    if (outcome) {
        return outcome;
    }
    Error error = outcome.error();
    if (error.kind != ErrorKind::remote) {
        return error;
    }
    error.hint = kept ? "the full log is " + log + " (JRUN_DEBUG=true streams it)"
                      : "set JRUN_DEBUG=true to see Ansible's output";
    if (const auto& failure = run.parser.failure()) {
        error.what = subject(target, step) + " failed: task '" + failure->task + "' on "
                     + failure->host + (failure->unreachable ? " (unreachable)" : "");
        error.why = failure->message;
        return error;
    }
    error.what = subject(target, step) + " failed: ansible-playbook ended with " + error.why;
    const std::string text = run.parser.error_text();
    error.why = text.empty() ? "no task failed; see the log" : text;
    return error;
}

} // namespace jrun::provision
