// SPDX-License-Identifier: BSD-2-Clause
// Snapshots of jail datasets (reference-behaviour.md §1.9, §8; SPEC §8: list the real space).
// A snapshot covers a jail's config dataset and its root (`zfs snapshot -r`); one command for
// every jail makes `--all` atomic (zfs(8): all snapshots of one command are taken at once).
#include "render/detail/jail_sh.hpp"
#include "render/files_jail.hpp"
#include "render/guest.hpp"
#include "util/strings.hpp"

#include <charconv>

namespace jrun::render {

namespace {

// Stop the script unless "$jrun_snap" is a valid ZFS snapshot name (zfs(8): letters, digits
// and `_.:-`); checked on the host so that the refusal and zfs agree.
void add_name_check(Script& script, std::string_view snapshot) {
    script.line("jrun_snap=" + quote(snapshot));
    script.line("case $jrun_snap in");
    script.line("    '' | *[!A-Za-z0-9_.:-]*)");
    script.line("        printf 'jrun: invalid snapshot name: %s\\n' \"$jrun_snap\" >&2");
    script.line("        exit 2");
    script.line("        ;;");
    script.line("esac");
}

// Stop the script unless jail `jail`'s snapshot exists.
void add_exists_check(Script& script, std::string_view jail) {
    const auto paths = jail_paths(jail);
    script.line("if ! jrun_ds " + quote(paths.dataset) + "@\"$jrun_snap\"; then");
    script.line("    printf 'jrun: no snapshot %s of jail %s\\n' \"$jrun_snap\" " + quote(jail)
                + " >&2");
    script.line("    exit 1");
    script.line("fi");
}

std::optional<std::uint64_t> parse_bytes(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// Return the jail (private name) of dataset `dataset` ("zroot/jailrun/jails/<priv>[/root]").
std::optional<std::string> jail_of(std::string_view dataset) {
    const std::string prefix = std::string(jail_paths("").dataset);
    if (!starts_with(dataset, prefix)) {
        return std::nullopt;
    }
    dataset.remove_prefix(prefix.size());
    if (ends_with(dataset, "/root")) {
        dataset.remove_suffix(5);
    }
    if (dataset.empty() || dataset.find('/') != std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(dataset);
}

} // namespace

std::string snapshot_create_script(const std::vector<std::string>& jails,
                                   std::string_view snapshot) {
    Script script("snapshot " + std::string(snapshot));
    detail::add_jail_helpers(script);
    script.step("snapshot", "take snapshot " + std::string(snapshot));
    add_name_check(script, snapshot);
    script.line("jrun_have=; jrun_missing=");
    script.line("set --");
    for (const auto& jail : jails) {
        const std::string ds = quote(jail_paths(jail).dataset);
        script.line("if jrun_ds " + ds + "@\"$jrun_snap\"; then jrun_have=\"$jrun_have \"" + ds
                    + "; else jrun_missing=1; fi");
        script.line("set -- \"$@\" " + ds + "@\"$jrun_snap\"");
    }
    // Idempotent: a second run finds every snapshot; a name taken on only some jails is refused
    // rather than leaving snapshots of different moments under one name.
    script.line("if [ -n \"$jrun_missing\" ] && [ -n \"$jrun_have\" ]; then");
    script.line("    printf 'jrun: snapshot %s already exists for:%s\\n' \"$jrun_snap\" "
                "\"$jrun_have\" >&2");
    script.line("    exit 1");
    script.line("fi");
    script.line("if [ -n \"$jrun_missing\" ]; then");
    script.line("    zfs snapshot -r \"$@\"");
    script.line("fi");
    return script.text();
}

std::string snapshot_list_script(const std::vector<std::string>& jails) {
    Script script("list snapshots");
    detail::add_jail_helpers(script);
    for (const auto& jail : jails) {
        const std::string ds = quote(jail_paths(jail).dataset);
        script.line("if jrun_ds " + ds + "; then");
        script.line("    zfs list -Hp -t snapshot -o name,used,creation -r " + ds);
        script.line("fi");
    }
    return script.text();
}

std::vector<SnapshotInfo> parse_snapshot_list(std::string_view out) {
    std::vector<SnapshotInfo> snapshots;
    for (const auto& line : split(out, '\n')) {
        const auto fields = split(line, '\t');
        const auto at = fields.empty() ? std::string::npos : fields[0].find('@');
        if (fields.size() != 3 || at == std::string::npos) {
            continue;
        }
        const auto jail = jail_of(std::string_view(fields[0]).substr(0, at));
        const auto used = parse_bytes(fields[1]);
        if (!jail || !used) {
            continue;
        }
        const std::string name = fields[0].substr(at + 1);
        auto same = std::find_if(snapshots.begin(), snapshots.end(), [&](const SnapshotInfo& s) {
            return s.jail == *jail && s.name == name;
        });
        if (same == snapshots.end()) {
            snapshots.push_back({*jail, name, fields[2], *used});
        } else {
            same->used_bytes += *used; // the root dataset holds the jail's real data
        }
    }
    return snapshots;
}

// Rationale: the snapshots taken after the target are destroyed first (what the user confirmed;
// `zfs destroy -r` takes both datasets' snapshots of one name), never with `rollback -R`,
// which would also destroy jails cloned from them: zfs refuses and names them instead. Only the
// root is rolled back: the parent dataset holds jail.conf and fstab, which jrun renders from
// the recorded state (an old copy could bring back an old address or mount).
std::string snapshot_rollback_script(std::string_view jail, std::string_view snapshot) {
    const auto paths = jail_paths(jail);
    const std::string priv = quote(jail);
    Script script("roll back " + std::string(jail) + " to " + std::string(snapshot));
    detail::add_jail_helpers(script);
    script.step("check", "find snapshot " + std::string(snapshot));
    add_name_check(script, snapshot);
    add_exists_check(script, jail);
    script.step("stop", "stop the jail");
    detail::add_stop_jail(script, jail);
    script.step("rollback", "roll back to " + std::string(snapshot));
    script.line("for jrun_s in $(zfs list -H -o name -t snapshot -d 1 " + quote(paths.dataset)
                + " | S=\"$jrun_snap\" awk -F@ 'f { print } $2 == ENVIRON[\"S\"] { f = 1 }'); do");
    script.line("    zfs destroy -r \"$jrun_s\"");
    script.line("done");
    script.line("if jrun_ds " + quote(paths.root_dataset) + "@\"$jrun_snap\"; then");
    script.line("    zfs rollback " + quote(paths.root_dataset) + "@\"$jrun_snap\"");
    script.line("fi");
    script.step("start", "start the jail");
    script.line("jrun_running " + priv + " || jail -c -f " + quote(paths.jail_conf) + " " + priv);
    return script.text();
}

std::string snapshot_delete_script(std::string_view jail, std::string_view snapshot) {
    const std::string ds = quote(jail_paths(jail).dataset);
    Script script("delete snapshot " + std::string(snapshot));
    detail::add_jail_helpers(script);
    script.step("delete", "delete snapshot " + std::string(snapshot));
    add_name_check(script, snapshot);
    script.line("if jrun_ds " + ds + "@\"$jrun_snap\"; then");
    script.line("    zfs destroy -r " + ds + "@\"$jrun_snap\"");
    script.line("fi");
    return script.text();
}

} // namespace jrun::render
