// SPDX-License-Identifier: BSD-2-Clause
// Write every per-jail artifact of the sample jails (one with hostile values) into OUT:
//   OUT/scripts/*.sh                 every guest script and wrapper (for shellcheck, sh -n)
//   OUT/monit/<jail>/root/...        the monit files at their jail paths, with a copy of each
//                                    control file whose absolute paths point into that root,
//                                    so that Debian's `monit -t` resolves includes and programs
//   OUT/monit/<jail>/monitrc         that copy (mode 0600)
#include "render/files_jail.hpp"
#include "render/guest.hpp"
#include "support/jail_samples.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

namespace fs = std::filesystem;
using namespace jrun;

void write(const fs::path& path, const std::string& text, fs::perms perms) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    fs::permissions(path, perms);
}

// Return `text` with the jail's absolute paths moved under `root`.
std::string rooted(std::string text, const std::string& root) {
    for (const std::string prefix : {"/usr/local/", "/var/"}) {
        for (auto at = text.find(" " + prefix); at != std::string::npos;
             at = text.find(" " + prefix, at + root.size() + 2)) {
            text.insert(at + 1, root);
        }
        for (auto at = text.find("\"" + prefix); at != std::string::npos;
             at = text.find("\"" + prefix, at + root.size() + 2)) {
            text.insert(at + 1, root);
        }
    }
    return text;
}

void write_monit(const fs::path& dir, const model::Jail& jail) {
    const auto root = (dir / "root").string();
    const auto exe = fs::perms::owner_all;
    const int cycle = render::monit_cycle_seconds(jail);
    write(dir / "monitrc",
          rooted(render::render_monitrc(jail), root),
          fs::perms::owner_read | fs::perms::owner_write);
    write(root + std::string(render::k_monit_binary), "#!/bin/sh\n", exe);
    for (const auto& exec : jail.execs) {
        const auto paths = render::exec_paths(exec.label);
        write(root + paths.monitrc, rooted(render::render_exec_monitrc(exec, cycle), root), exe);
        write(root + paths.start, render::render_exec_start(exec), exe);
        write(root + paths.stop, render::render_exec_stop(exec), exe);
        if (exec.healthcheck) {
            write(root + paths.check, render::render_exec_health(exec), exe);
        }
    }
}

render::JailWork work_for(const model::Jail& jail, const model::RecordedJail* recorded) {
    render::JailWork work;
    work.desired = &jail;
    work.recorded = recorded;
    work.name = jail.name;
    work.private_name = model::private_name_for(jail.name);
    work.ip = jail.ip.value_or("");
    return work;
}

void write_scripts(const fs::path& dir, const model::Jail& jail) {
    const auto rw = fs::perms::owner_read | fs::perms::owner_write;
    const auto recorded = test::recorded_jail(test::sample_jail(), "j0", "10.17.89.30");
    const auto work = work_for(jail, &recorded);
    const auto priv = work.private_name;
    const std::string n = jail.name + ".";
    write(dir / (n + "prepare.sh"), render::jail_prepare_script(work), rw);
    write(dir / (n + "supervise.sh"), render::jail_supervise_script(work), rw);
    write(dir / (n + "destroy.sh"), render::jail_destroy_script(work, {"jc'1"}), rw);
    write(dir / (n + "health.sh"), render::health_script(work), rw);
    write(dir / (n + "status.sh"), render::status_script({priv}, true), rw);
    write(dir / (n + "logs.sh"), render::logs_script({{jail.name, priv, "a'b"}}, 5, true), rw);
    write(dir / (n + "snap-create.sh"), render::snapshot_create_script({priv, "j2"}, "x'$(y)"), rw);
    write(dir / (n + "snap-list.sh"), render::snapshot_list_script({priv}), rw);
    write(dir / (n + "snap-rollback.sh"), render::snapshot_rollback_script(priv, "n"), rw);
    write(dir / (n + "snap-delete.sh"), render::snapshot_delete_script(priv, "n"), rw);
    for (const auto& exec : jail.execs) {
        const std::string e = n + render::safe_name(exec.label) + ".";
        write(dir / (e + "start.sh"), render::render_exec_start(exec), rw);
        write(dir / (e + "stop.sh"), render::render_exec_stop(exec), rw);
        if (exec.healthcheck) {
            write(dir / (e + "health.sh"), render::render_exec_health(exec), rw);
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: render_jail_samples OUT\n";
        return 2;
    }
    const fs::path out = argv[1];
    for (const auto& jail : {test::sample_jail(), test::hostile_jail("/tmp/pwned", "/home/me")}) {
        write_monit(out / "monit" / jail.name, jail);
        write_scripts(out / "scripts", jail);
    }
    return 0;
}
