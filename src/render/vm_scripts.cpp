// SPDX-License-Identifier: BSD-2-Clause
// probe_script/parse_probe, wiring_script and shares_script (reference-behaviour.md §6.5, §6.6,
// §6.9), with the fixes: peer records survive the rewrite of the jail records (they live in
// their own file), and a stale share never costs a real directory (only jrun's own symbolic
// links are removed, a busy share stops the script with its name).
#include "render/detail/vm_shell.hpp"
#include "render/files_vm.hpp"
#include "render/guest.hpp"
#include "render/layout.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace jrun::render {

namespace {

std::string s(std::string_view view) {
    return std::string(view);
}

Script vm_script(std::string_view title) {
    Script script(title);
    script.line(detail::vm_helpers());
    return script;
}

constexpr std::string_view k_probe = R"sh(jrun_marker="$JRUN_ROOT/var/db/jrun/bootstrap"
if [ -f "$jrun_marker" ]; then
    printf '@jrun data bootstrap %s\n' "$(tr -cd '0-9' <"$jrun_marker")"
fi
if zfs list -H -o name zroot/jailrun/jails >/dev/null 2>&1; then
    zfs list -H -o name -d 1 zroot/jailrun/jails | while IFS= read -r jrun_ds; do
        [ "$jrun_ds" = zroot/jailrun/jails ] || printf '@jrun data dataset %s\n' "${jrun_ds##*/}"
    done
fi
if zfs list -H -o name zroot/jailrun/releases >/dev/null 2>&1; then
    zfs list -H -o name -t snapshot -r zroot/jailrun/releases | while IFS= read -r jrun_snap; do
        jrun_rel=${jrun_snap#zroot/jailrun/releases/}
        case $jrun_rel in
            */*) ;;
            *@base) printf '@jrun data release %s\n' "${jrun_rel%@base}" ;;
        esac
    done
fi
jls name | while IFS= read -r jrun_jail; do
    [ -n "$jrun_jail" ] || continue
    printf '@jrun data running %s\n' "$jrun_jail"
    jls -j "$jrun_jail" ip4.addr | tr ',' '\n' | sed -n 's/^\([0-9.]*\)$/@jrun data ip \1/p'
    case $(jls -j "$jrun_jail" vnet) in
        inherit | disable | - | '') ;;
        *) { jexec "$jrun_jail" ifconfig 2>/dev/null || :; } |
            awk '$1 == "inet" && $2 !~ /^127\./ { print "@jrun data ip " $2 }' ;;
    esac
done
printf '@jrun data probe complete\n')sh";

// Return the sh function NAME that is true for exactly the `words`.
std::string membership_function(std::string_view name, const std::vector<std::string>& words) {
    std::string out = s(name) + "() {\n";
    if (!words.empty()) {
        std::vector<std::string> patterns;
        patterns.reserve(words.size());
        for (const auto& word : words) {
            patterns.push_back(quote(word));
        }
        out += "    case $1 in\n        " + join(patterns, " | ") + ") return 0 ;;\n    esac\n";
    }
    return out + "    return 1\n}";
}

// Return true when `target` is an absolute path jrun may link: no `.`/`..` components, no
// control characters, not `/` and not inside the share directory.
bool is_link_target(std::string_view target) {
    if (target.size() < 2 || target.front() != '/' || target.size() > 1024) {
        return false;
    }
    const bool control = std::any_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    const auto parts = split(target.substr(1), '/');
    const bool dots = std::any_of(parts.begin(), parts.end(), [](const std::string& part) {
        return part.empty() || part == "." || part == "..";
    });
    const auto share_dir = s(layout::k_share_dir);
    const bool in_share_dir = target == share_dir || starts_with(target, share_dir + "/");
    return !control && !dots && !in_share_dir;
}

// Return the failing command for the first share jrun cannot handle; empty when all are fine.
std::vector<std::string> share_problem(const std::vector<ShareMount>& shares) {
    for (const auto& share : shares) {
        if (!is_share_tag(share.tag)) {
            return {"jrun_die", "invalid 9p share tag: " + share.tag};
        }
        if (!share.target.empty() && !is_link_target(share.target)) {
            return {"jrun_die",
                    "invalid base mount target for share " + share.tag + ": " + share.target};
        }
    }
    return {};
}

constexpr std::string_view k_share_helpers =
    R"sh(# jrun_mounted TAG: true when share TAG is mounted at /mnt/jrun/TAG.
jrun_mounted() {
    mount -t p9fs | grep -qF " on /mnt/jrun/$1 ("
}
# jrun_link TAG TARGET: make TARGET a symbolic link to /mnt/jrun/TAG; replace only a link jrun
# made (one into /mnt/jrun), never a file or directory.
jrun_link() {
    jrun_path="$JRUN_ROOT$2"
    jrun_dest="$JRUN_ROOT/mnt/jrun/$1"
    if [ -L "$jrun_path" ]; then
        jrun_old=$(readlink "$jrun_path")
        [ "$jrun_old" != "$jrun_dest" ] || return 0
        case $jrun_old in
            "$JRUN_ROOT/mnt/jrun/"*) rm -f "$jrun_path" ;;
            *) jrun_die "cannot link base mount $2 to share $1: $2 is a symbolic link to ${jrun_old#"$JRUN_ROOT"} that jrun did not make; move it away" ;;
        esac
    elif [ -e "$jrun_path" ]; then
        jrun_die "cannot link base mount $2 to share $1: $2 exists and jrun never replaces a file or directory; move it away"
    fi
    mkdir -p "$(dirname "$jrun_path")"
    ln -s "$jrun_dest" "$jrun_path"
    printf '@jrun changed %s\n' "$2"
}
)sh";

constexpr std::string_view k_stale_links = R"sh(jrun_links="$JRUN_ROOT/var/db/jrun/share-links"
if [ -f "$jrun_links" ]; then
    jrun_tab=$(printf '\t')
    while IFS=$jrun_tab read -r jrun_tag jrun_target; do
        ! jrun_wanted_link "$jrun_target" || continue
        jrun_path="$JRUN_ROOT$jrun_target"
        if [ -L "$jrun_path" ] && [ "$(readlink "$jrun_path")" = "$JRUN_ROOT/mnt/jrun/$jrun_tag" ]; then
            rm -f "$jrun_path"
            printf '@jrun changed %s\n' "$jrun_target"
        fi
    done <"$jrun_links"
fi)sh";

constexpr std::string_view k_stale_shares = R"sh(for jrun_mp in "$JRUN_ROOT/mnt/jrun"/*; do
    [ -e "$jrun_mp" ] || [ -L "$jrun_mp" ] || continue
    jrun_tag=${jrun_mp##*/}
    ! jrun_wanted_tag "$jrun_tag" || continue
    if jrun_mounted "$jrun_tag"; then
        umount "/mnt/jrun/$jrun_tag" ||
            jrun_die "cannot unmount share $jrun_tag at /mnt/jrun/$jrun_tag: it is busy (a jail's mount or a process uses it; see fstat -f /mnt/jrun/$jrun_tag); stop what uses it and run again"
    fi
    if rmdir "$jrun_mp" 2>/dev/null; then
        printf '@jrun changed %s\n' "/mnt/jrun/$jrun_tag"
    else
        printf 'jrun: warning: /mnt/jrun/%s is not an empty directory; left in place\n' "$jrun_tag" >&2
    fi
done)sh";

std::string share_links_file(const std::vector<ShareMount>& shares) {
    std::string out;
    for (const auto& share : shares) {
        if (!share.target.empty()) {
            out += share.tag + "\t" + share.target + "\n";
        }
    }
    return out;
}

void add_share_mounts(Script& script, const std::vector<ShareMount>& shares) {
    for (const auto& share : shares) {
        script.step("share:" + share.tag, "mount share " + share.tag);
        const auto dir = s(layout::k_share_dir) + "/" + share.tag;
        script.line("mkdir -p " + guest_path(dir));
        script.line("jrun_mounted " + quote(share.tag) + " || mount -t p9fs " + quote(share.tag)
                    + " " + quote(dir));
        if (!share.target.empty()) {
            script.run({"jrun_link", share.tag, share.target});
        }
    }
}

} // namespace

std::string probe_script() {
    auto script = Script("probe the jail host");
    script.step("probe", "datasets, releases and running jails");
    script.line(k_probe);
    return script.text();
}

plan::LiveSnapshot parse_probe(std::string_view out) {
    plan::LiveSnapshot live;
    for (const auto& [key, value] : parse_report(out).data) {
        if (key == "probe") {
            live.probed = value == "complete";
        } else if (key == "bootstrap") {
            live.bootstrapped = value == std::to_string(k_bootstrap_version);
        } else if (key == "ip" && is_ipv4(value)) {
            live.ips_in_use.insert(value);
        } else if (value.empty()) {
            continue;
        } else if (key == "dataset") {
            live.datasets.insert(value);
        } else if (key == "running") {
            live.running.insert(value);
        } else if (key == "release") {
            live.releases.insert(value);
        }
    }
    return live;
}

std::string wiring_script(const std::vector<AnchorRule>& rules,
                          const std::vector<DnsRecord>& records) {
    auto script = vm_script("port forwards and jail names");
    const auto anchor = s(layout::k_anchor);
    const auto file = s(layout::k_anchor_file);
    script.step("forwards", "pf forwards anchor");
    script.line("mkdir -p \"$JRUN_ROOT\"/etc/pf.anchors");
    script.write_file(file, render_forwards_anchor(rules), "0644", "jrun_pend pf-anchor");
    script.line("if jrun_due pf-anchor; then");
    script.run({"pfctl", "-a", anchor, "-nf", file});
    script.run({"pfctl", "-a", anchor, "-f", file});
    script.line("jrun_done pf-anchor\nfi");
    script.step("dns", "jail names in local_unbound");
    script.line("mkdir -p \"$JRUN_ROOT\"/var/unbound/conf.d");
    detail::add_peers_file(script);
    script.write_file(
        k_unbound_jrun_conf, render_unbound_jrun_conf(records), "0644", "jrun_pend unbound");
    script.line("jrun_unbound_apply");
    return script.text();
}

std::vector<ShareMount> share_mounts(const model::RecordedVm& vm,
                                     const std::optional<model::Base>& base) {
    std::vector<ShareMount> out;
    for (const auto& share : vm.shares) {
        ShareMount mount{share.tag, {}};
        if (base) {
            for (const auto& m : base->mounts) {
                if (m.host == share.host) {
                    mount.target = m.target;
                }
            }
        }
        out.push_back(std::move(mount));
    }
    return out;
}

std::string shares_script(const std::vector<ShareMount>& shares) {
    auto script = vm_script("9p shares of the host");
    script.line(k_share_helpers);
    script.step("shares", "share directory");
    if (const auto problem = share_problem(shares); !problem.empty()) {
        script.run(problem);
        return script.text();
    }
    std::vector<std::string> tags;
    std::vector<std::string> targets;
    for (const auto& share : shares) {
        tags.push_back(share.tag);
        if (!share.target.empty()) {
            targets.push_back(share.target);
        }
    }
    script.line(membership_function("jrun_wanted_tag", tags));
    script.line(membership_function("jrun_wanted_link", targets));
    script.line("mkdir -p " + guest_path(layout::k_share_dir));
    if (!shares.empty()) {
        script.line("kldstat -q -m virtio_p9fs || kldload virtio_p9fs");
    }
    add_share_mounts(script, shares);
    script.step("fstab", "shares in /etc/fstab");
    detail::add_block(script, k_fstab, k_fstab_marker, render_fstab_block(shares), {});
    script.step("stale-links", "base mount links no longer wanted");
    script.line(k_stale_links);
    script.line("mkdir -p " + guest_path(k_state_dir));
    script.write_file(k_share_links, share_links_file(shares), "0644");
    script.step("stale-shares", "shares no longer wanted");
    script.line(k_stale_shares);
    return script.text();
}

} // namespace jrun::render
