// SPDX-License-Identifier: BSD-2-Clause
// jail_destroy_script: execs stopped, jail removed, mounts undone, clones promoted, datasets
// and files destroyed (reference-behaviour.md §6.8, SPEC §8: a base jail with clones is refused
// unless its clones are promoted).
#include "render/detail/jail_sh.hpp"
#include "render/files_jail.hpp"
#include "render/guest.hpp"

namespace jrun::render {

namespace {

// Return a `case` pattern matching exactly the names in `names` (never empty).
std::string case_pattern(const std::vector<std::string>& names) {
    std::string pattern;
    for (const auto& name : names) {
        pattern += (pattern.empty() ? "" : " | ") + quote(name);
    }
    return pattern.empty() ? "''" : pattern;
}

// Refuse before changing anything when a clone of this jail is not listed in `promote`.
void add_clone_check(Script& script,
                     const JailWork& work,
                     const std::vector<std::string>& promote) {
    const auto paths = jail_paths(work.private_name);
    script.step("clones", "check the jails cloned from " + work.name);
    script.line("jrun_refused=");
    script.line("for jrun_c in $(jrun_clones_of " + quote(paths.root_dataset) + "); do");
    script.line("    case $jrun_c in");
    script.line("        " + case_pattern(promote) + ") ;;");
    script.line("        *) jrun_refused=\"$jrun_refused $jrun_c\" ;;");
    script.line("    esac");
    script.line("done");
    script.line("if [ -n \"$jrun_refused\" ]; then");
    script.line("    printf 'jrun: %s is the base of jails that would lose their data:%s\\n' "
                + quote(work.name) + " \"$jrun_refused\" >&2");
    script.line("    exit 1");
    script.line("fi");
}

// Promote the listed clones while any still depends on a snapshot of this jail: one promotion
// may leave later snapshots (and so other clones) behind.
void add_promotions(Script& script, const JailWork& work) {
    const auto paths = jail_paths(work.private_name);
    script.step("promote", "promote the jails cloned from " + work.name);
    script.line("jrun_c=$(jrun_clones_of " + quote(paths.root_dataset) + " | head -n 1)");
    script.line("while [ -n \"$jrun_c\" ]; do");
    script.line("    zfs promote \"zroot/jailrun/jails/$jrun_c/root\"");
    script.line("    jrun_c=$(jrun_clones_of " + quote(paths.root_dataset) + " | head -n 1)");
    script.line("done");
}

} // namespace

std::string jail_destroy_script(const JailWork& work, const std::vector<std::string>& promote) {
    Script script("destroy jail " + work.name);
    detail::add_jail_helpers(script);
    add_clone_check(script, work, promote);
    script.step("stop", "stop " + work.name + " and unmount its directories");
    detail::add_stop_jail(script, work.private_name);
    add_promotions(script, work);
    script.step("destroy", "destroy the datasets and files of " + work.name);
    detail::add_destroy_datasets(script, work.private_name);
    return script.text();
}

} // namespace jrun::render
