// SPDX-License-Identifier: BSD-2-Clause
// jail_prepare_script: datasets (ZFS clone), configuration files, start/restart, live nullfs
// mounts and packages of one jail (reference-behaviour.md §6.3, §6.4, §6.9). Every changing
// command is guarded by a check, so a second run changes nothing and an interrupted run
// converges on the next.
#include "render/detail/jail_sh.hpp"
#include "render/files_jail.hpp"
#include "render/guest.hpp"
#include "render/layout.hpp"

#include <set>

namespace jrun::render {

namespace {

using detail::host;

std::string release_snapshot(const model::Jail& jail) {
    return std::string(layout::k_releases_dataset) + "/" + jail.release + "@base";
}

// Return the snapshot the jail's root is cloned from: the release's, or a snapshot of the base
// jail's root made for this jail.
std::string clone_source(const JailWork& work) {
    if (work.base_private_name.empty()) {
        return release_snapshot(*work.desired);
    }
    return jail_paths(work.base_private_name).root_dataset + "@jrun-" + work.private_name;
}

// A recreate destroys the jail only while its root is cloned from another source, so a second
// run (root already from the right source) destroys nothing.
void add_recreate(Script& script, const JailWork& work) {
    const auto paths = jail_paths(work.private_name);
    script.step("recreate", "destroy " + work.name + " to create it again");
    script.line("jrun_origin=$(zfs get -H -o value origin " + quote(paths.root_dataset)
                + " 2>/dev/null) || jrun_origin=");
    script.line("if [ -n \"$jrun_origin\" ] && [ \"$jrun_origin\" != " + quote(clone_source(work))
                + " ]; then");
    detail::add_stop_jail(script, work.private_name);
    detail::add_destroy_datasets(script, work.private_name);
    script.line("fi");
}

// Clear what a clone of a base jail must not inherit: its host keys, mesh key, monit state
// and the base's supervised processes (reference §6.3 quirk). Marked before the clone, so an
// interrupted run resets on the next.
void add_identity_reset(Script& script, const JailPaths& paths) {
    const std::string marker = host(paths.dir + "/.jrun-clone-reset");
    const std::string root = paths.root;
    script.line("if [ -f " + marker + " ]; then");
    script.line("    rm -f " + host(root + "/etc/ssh") + "/ssh_host_* "
                + host(root + "/usr/local/etc/yggdrasil.key") + " "
                + host(root + "/var/db/monit.id") + " " + host(root + "/var/db/monit.state"));
    script.line("    rm -f " + host(root + std::string(k_monit_dir)) + "/*.monitrc "
                + host(root + std::string(k_wrapper_dir)) + "/* "
                + host(root + std::string(k_exec_run_dir)) + "/* "
                + host(root + std::string(layout::k_log_dir)) + "/*");
    script.line("    rm -f " + marker);
    script.line("fi");
}

void add_create(Script& script, const JailWork& work) {
    const auto paths = jail_paths(work.private_name);
    const std::string root_ds = quote(paths.root_dataset);
    script.step("create", "create the datasets of " + work.name);
    script.line("jrun_ds " + quote(paths.dataset) + " || zfs create " + quote(paths.dataset));
    script.line("if ! jrun_ds " + root_ds + "; then");
    if (work.base_private_name.empty()) {
        script.line("    zfs clone " + quote(clone_source(work)) + " " + root_ds);
    } else {
        const std::string snapshot = quote(clone_source(work));
        script.line("    : >" + host(paths.dir + "/.jrun-clone-reset"));
        script.line("    jrun_ds " + snapshot + " || zfs snapshot " + snapshot);
        script.line("    zfs clone " + snapshot + " " + root_ds);
    }
    script.line("fi");
    add_identity_reset(script, paths);
    script.line("chmod 0700 " + host(paths.dir));
}

// Stop a running jail whose address changed while the jail.conf it was started with is still
// on disk (its exec.poststop removes the old epair). Detected live: the host lacks the
// epair of the new address.
void add_stop_for_new_address(Script& script, const JailWork& work) {
    const auto paths = jail_paths(work.private_name);
    const std::string priv = quote(work.private_name);
    const std::string epair = "epair" + std::to_string(epair_index(work.ip)) + "a";
    script.step("restart", "stop " + work.name + " if its address changed");
    script.line("if jrun_running " + priv + " && ! ifconfig " + epair + " >/dev/null 2>&1; then");
    script.line("    jail -r -f " + quote(paths.jail_conf) + " " + priv);
    script.line("fi");
}

void add_rc_conf(Script& script, const JailWork& work, const JailPaths& paths) {
    const std::string rc = quote(paths.root + "/etc/rc.conf");
    const auto settings = jail_rc_settings(work.ip);
    for (const auto& [name, value] : settings) {
        script.line("jrun_rc " + rc + " " + quote(name) + " " + quote(value));
    }
    // The names of epairs of earlier addresses (or of the base jail this one was cloned from).
    script.line("for jrun_n in $(sed -n 's/^\\(ifconfig_epair[0-9]*b_name\\)=.*/\\1/p' "
                + host(paths.root + "/etc/rc.conf") + " | sort -u); do");
    script.line("    [ \"$jrun_n\" = " + quote(settings.front().first) + " ] || sysrc -f " + rc
                + " -x \"$jrun_n\" >/dev/null");
    script.line("done");
}

void add_config(Script& script, const JailWork& work) {
    const auto paths = jail_paths(work.private_name);
    const auto& jail = *work.desired;
    script.step("config", "write the configuration of " + work.name);
    script.write_file(
        paths.jail_conf, render_jail_conf(work.private_name, jail.name, work.ip), "0644");
    script.write_file(paths.fstab, render_jail_fstab(work.private_name, jail.mounts), "0644");
    script.write_file(paths.root + "/etc/resolv.conf", render_jail_resolv_conf(), "0644");
    script.line("jrun_mkdir " + host("/etc/jail.conf.d"));
    script.line("jrun_mkdir " + host(layout::k_log_dir));
    const std::string link = host(paths.conf_link);
    const std::string target = quote(paths.link_target);
    script.line("if [ ! -L " + link + " ] || [ \"$(readlink " + link + ")\" != " + target
                + " ]; then");
    script.line("    ln -sf " + target + " " + link);
    script.line("fi");
    add_rc_conf(script, work, paths);
    for (const auto& mount : jail.mounts) {
        script.line("jrun_mkdir " + host(paths.root + mount.jail));
    }
}

void add_start(Script& script, const JailWork& work) {
    const auto paths = jail_paths(work.private_name);
    const std::string priv = quote(work.private_name);
    script.step("start", "start " + work.name);
    script.line("jrun_running " + priv + " || jail -c -f " + quote(paths.jail_conf) + " " + priv);
}

// Unmount what the jail should no longer see (recorded mounts gone from the config), then
// mount each desired one that is not mounted from its share with its options.
void add_mounts(Script& script, const JailWork& work) {
    const auto paths = jail_paths(work.private_name);
    std::set<std::string> targets;
    for (const auto& mount : work.desired->mounts) {
        targets.insert(paths.root + mount.jail);
    }
    script.step("mounts", "mount the shared directories of " + work.name);
    if (work.recorded != nullptr) {
        for (const auto& mount : work.recorded->spec.mounts) {
            const std::string target = paths.root + mount.jail;
            if (!targets.contains(target)) {
                script.line("[ -z \"$(jrun_nullfs_at " + quote(target) + ")\" ] || umount "
                            + quote(target));
            }
        }
    }
    for (const auto& mount : work.desired->mounts) {
        const std::string target = quote(paths.root + mount.jail);
        const std::string options = mount.readonly ? "ro" : "rw";
        script.line("jrun_cur=$(jrun_nullfs_at " + target + ")");
        script.line("if [ \"$jrun_cur\" != " + quote(share_dir(mount) + " " + options)
                    + " ]; then");
        script.line("    [ -z \"$jrun_cur\" ] || umount " + target);
        script.line("    mount -t nullfs -o " + options + " " + quote(share_dir(mount)) + " "
                    + target);
        script.line("fi");
    }
}

void add_package(Script& script,
                 const JailWork& work,
                 std::string_view package,
                 std::string_view binary) {
    const auto paths = jail_paths(work.private_name);
    script.line("[ -x " + host(paths.root + std::string(binary)) + " ] || jexec "
                + quote(work.private_name) + " pkg install -y " + quote(package));
}

void add_packages(Script& script, const JailWork& work) {
    const auto& jail = *work.desired;
    if (jail.execs.empty() && jail.setup.empty()) {
        return;
    }
    script.step("packages", "install the packages " + work.name + " needs");
    if (!jail.execs.empty()) {
        add_package(script, work, "monit", k_monit_binary);
    }
    if (!jail.setup.empty()) {
        add_package(script, work, k_jail_python_package, k_jail_python_binary);
    }
}

} // namespace

std::string jail_prepare_script(const JailWork& work) {
    Script script("prepare jail " + work.name);
    if (work.desired == nullptr) {
        script.line("echo 'jrun: jail_prepare_script needs a desired jail' >&2; exit 1");
        return script.text();
    }
    detail::add_jail_helpers(script);
    if (detail::has_step(work, plan::StepKind::recreate_jail)) {
        add_recreate(script, work);
    }
    add_create(script, work);
    add_stop_for_new_address(script, work);
    add_config(script, work);
    add_start(script, work);
    add_mounts(script, work);
    add_packages(script, work);
    return script.text();
}

} // namespace jrun::render
