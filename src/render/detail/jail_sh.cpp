// SPDX-License-Identifier: BSD-2-Clause
#include "render/detail/jail_sh.hpp"

#include "render/files_jail.hpp"

#include <algorithm>

namespace jrun::render::detail {

namespace {

// Rationale: fake and real tools take FreeBSD paths as arguments (the fake maps them), so the
// functions below get plain paths for tools and "$JRUN_ROOT"-prefixed ones for test/mkdir/ln.
// ENVIRON passes values to awk: `awk -v` would interpret backslashes in them.
constexpr std::string_view k_helpers =
    R"sh(# jrun_ds DATASET: true when DATASET (or snapshot) exists.
jrun_ds() { zfs list -H -o name "$1" >/dev/null 2>&1; }
# jrun_running JAIL: true when jail JAIL runs.
jrun_running() { jls -j "$1" jid >/dev/null 2>&1; }
# jrun_rc FILE NAME VALUE: set NAME in rc.conf FILE unless it has VALUE.
jrun_rc() {
    [ "$(sysrc -f "$1" -n "$2" 2>/dev/null)" = "$3" ] || sysrc -f "$1" "$2=$3" >/dev/null
}
# jrun_mkdir DIR: create DIR (a "$JRUN_ROOT" path) unless it exists.
jrun_mkdir() { [ -d "$1" ] || mkdir -p "$1"; }
# jrun_rmdir DIR: remove DIR (a "$JRUN_ROOT" path) when it is an empty directory.
jrun_rmdir() { [ ! -d "$1" ] || rmdir "$1" 2>/dev/null || :; }
# jrun_nullfs_at TARGET: print "SOURCE OPTIONS" of the nullfs mount on TARGET.
jrun_nullfs_at() {
    mount -p -t nullfs | T=$1 awk '$2 == ENVIRON["T"] { print $1 " " $4 }'
}
# jrun_mounts_below DIR: mountpoints (not ZFS) strictly below DIR, deepest first.
jrun_mounts_below() {
    mount -p | D=$1/ awk '$3 != "zfs" && index($2, ENVIRON["D"]) == 1 { print $2 }' | sort -r
}
# jrun_monit_up JAIL: true when monit runs in JAIL and answers.
jrun_monit_up() { jrun_running "$1" && jexec "$1" monit summary >/dev/null 2>&1; }
# jrun_clones_of DATASET: private names of the jails cloned from a snapshot of DATASET.
jrun_clones_of() {
    zfs list -H -o name,origin -t filesystem -r zroot/jailrun/jails |
        P=$1@ awk -F'\t' 'index($2, ENVIRON["P"]) == 1 { n = $1; sub(/\/root$/, "", n); sub(/.*\//, "", n); print n }'
}
)sh";

} // namespace

void add_jail_helpers(Script& script) {
    script.line(k_helpers);
}

bool has_step(const JailWork& work, plan::StepKind kind) {
    return std::any_of(work.steps.begin(), work.steps.end(), [kind](const plan::Step& step) {
        return step.kind == kind;
    });
}

std::string host(std::string_view path) {
    return guest_path(path);
}

void add_stop_jail(Script& script, std::string_view private_name) {
    const auto paths = jail_paths(private_name);
    const std::string priv = quote(private_name);
    script.line("if jrun_monit_up " + priv + "; then");
    script.line("    jexec " + priv + " monit -g jrun stop all");
    script.line("fi");
    script.line("if jrun_running " + priv + "; then");
    script.line("    if [ -f " + host(paths.jail_conf) + " ]; then");
    script.line("        jail -r -f " + quote(paths.jail_conf) + " " + priv);
    script.line("    else");
    script.line("        jail -r " + priv);
    script.line("    fi");
    script.line("fi");
    script.line("for jrun_m in $(jrun_mounts_below " + quote(paths.root) + "); do");
    script.line("    umount \"$jrun_m\"");
    script.line("done");
}

void add_destroy_datasets(Script& script, std::string_view private_name) {
    const auto paths = jail_paths(private_name);
    const std::string ds = quote(paths.dataset);
    script.line("jrun_origin=$(zfs get -H -o value origin " + quote(paths.root_dataset)
                + " 2>/dev/null) || jrun_origin=");
    script.line("if jrun_ds " + ds + "; then");
    script.line("    zfs destroy -r " + ds);
    script.line("fi");
    // The snapshot of a base jail that this clone came from (zroot/.../<base>/root@jrun-<priv>).
    script.line("case $jrun_origin in");
    script.line("    */root@jrun-*)");
    script.line("        if jrun_ds \"$jrun_origin\"; then");
    script.line("            case $(zfs get -H -o value clones \"$jrun_origin\") in");
    script.line("                '' | -) zfs destroy \"$jrun_origin\" ;;");
    script.line("            esac");
    script.line("        fi");
    script.line("        ;;");
    script.line("esac");
    script.line("if [ -L " + host(paths.conf_link) + " ] || [ -e " + host(paths.conf_link)
                + " ]; then");
    script.line("    rm -f " + host(paths.conf_link));
    script.line("fi");
    script.line("if [ -e " + host(paths.console_log) + " ]; then");
    script.line("    rm -f " + host(paths.console_log));
    script.line("fi");
    // Rationale: rmdir, never rm -rf: a directory that is not empty here holds data jrun did
    // not put there (or a share still mounted), and the next create reports it.
    script.line("jrun_rmdir " + host(paths.root));
    script.line("jrun_rmdir " + host(paths.dir));
}

} // namespace jrun::render::detail
