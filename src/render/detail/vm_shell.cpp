// SPDX-License-Identifier: BSD-2-Clause
#include "render/detail/vm_shell.hpp"

#include "render/files_vm.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace jrun::render::detail {

namespace {

// Rationale: a handler (reload, restart) that follows a changed file is recorded in a file
// before it runs and forgotten after it succeeded, so a run that fails between the two (the
// file is then already up to date) still runs the handler next time: "only when changed" and
// "converges after a failure" both hold.
constexpr std::string_view k_helpers = R"sh(# jrun_die MESSAGE: stop with MESSAGE on stderr.
jrun_die() {
    printf 'jrun: %s\n' "$1" >&2
    exit 1
}
# jrun_pend ID, jrun_due ID, jrun_done ID: handlers still to run (see the Rationale in jrun).
jrun_pend() {
    mkdir -p "$JRUN_ROOT/var/db/jrun/pending"
    : >"$JRUN_ROOT/var/db/jrun/pending/$1"
}
jrun_due() {
    [ -e "$JRUN_ROOT/var/db/jrun/pending/$1" ]
}
jrun_done() {
    rm -f "$JRUN_ROOT/var/db/jrun/pending/$1"
}
# jrun_sysrc NAME VALUE: set an rc.conf variable unless it holds VALUE already.
jrun_sysrc() {
    jrun_cur=$(sysrc -n "$1" 2>/dev/null) || jrun_cur=
    [ "$jrun_cur" = "$2" ] || sysrc "$1=$2"
}
# jrun_sysrc_add NAME WORD: add WORD to a list variable unless it is in it already.
jrun_sysrc_add() {
    jrun_cur=$(sysrc -n "$1" 2>/dev/null) || jrun_cur=
    case " $jrun_cur " in
        *" $2 "*) ;;
        *) sysrc "$1+=$2" ;;
    esac
}
# jrun_setline FILE KEY LINE: make LINE the only KEY= line of FILE (in place of the first).
jrun_setline() {
    { [ ! -f "$1" ] || cat "$1"; } | awk -v k="$2" -v l="$3" '
        { t = $0; sub(/^[ \t]+/, "", t) }
        index(t, k "=") == 1 { if (!done) print l; done = 1; next }
        { print }
        END { if (!done) print l }' >"$1.jrun-new"
    jrun_install "$1.jrun-new" "$1" 0644 || :
}
# jrun_block FILE MARKER BLOCKFILE [PENDING]: replace the "# BEGIN MARKER" ... "# END MARKER"
# block of FILE (or append it) with the contents of BLOCKFILE; other lines stay as they are.
jrun_block() {
    { [ ! -f "$1" ] || cat "$1"; } | awk -v b="# BEGIN $2" -v e="# END $2" -v f="$3" -v file="${1#"$JRUN_ROOT"}" '
        function emit(  l) { while ((getline l < f) > 0) print l; close(f); done = 1 }
        $0 == b { skip = 1; if (!done) emit(); next }
        skip { if ($0 == e) skip = 0; next }
        { print }
        END {
            if (skip) { printf "jrun: %s has \"%s\" without \"%s\": fix the file by hand\n", file, b, e > "/dev/stderr"; exit 3 }
            if (!done) emit()
        }' >"$1.jrun-new"
    rm -f "$3"
    if jrun_install "$1.jrun-new" "$1" 0644; then
        [ -z "${4:-}" ] || jrun_pend "$4"
    fi
}
# jrun_retry COMMAND...: run COMMAND up to three times ($JRUN_RETRY_DELAY seconds apart).
jrun_retry() {
    jrun_try=1
    until "$@"; do
        [ "$jrun_try" -lt 3 ] || return 1
        jrun_try=$((jrun_try + 1))
        sleep "${JRUN_RETRY_DELAY:-10}"
    done
}
# jrun_fetch URL FILE: download URL to FILE (through FILE.part, so FILE is always complete).
jrun_fetch() {
    jrun_retry fetch -q -o "$2.part" "$1" || jrun_die "cannot download $1"
    mv -f "$2.part" "$2"
}
# jrun_unbound_apply: check the DNS configuration, then reload (or start) local_unbound when
# a file changed or it is not running.
jrun_unbound_apply() {
    if jrun_due unbound || ! service local_unbound status >/dev/null 2>&1; then
        local-unbound-checkconf >/dev/null ||
            jrun_die "local-unbound-checkconf rejected the DNS configuration (see above)"
        if service local_unbound status >/dev/null 2>&1; then
            service local_unbound reload
        else
            service local_unbound start
        fi
        jrun_done unbound
    fi
}
)sh";

// Return a here-document delimiter that is not a line of `content`.
std::string delimiter_for(std::string_view content) {
    const auto lines = split(content, '\n');
    std::string delimiter = "JRUN_BLOCK";
    for (int n = 1; std::find(lines.begin(), lines.end(), delimiter) != lines.end(); ++n) {
        delimiter = "JRUN_BLOCK_" + std::to_string(n);
    }
    return delimiter;
}

} // namespace

std::string_view vm_helpers() {
    return k_helpers;
}

std::string heredoc_to(std::string_view dest, std::string_view content) {
    std::string text(content);
    if (!text.empty() && text.back() != '\n') {
        text += '\n';
    }
    if (text.empty()) {
        return ": >" + std::string(dest);
    }
    const auto delimiter = delimiter_for(text);
    return "cat >" + std::string(dest) + " <<'" + delimiter + "'\n" + text + delimiter;
}

void add_block(Script& script,
               std::string_view path,
               std::string_view marker,
               std::string_view block,
               std::string_view pending) {
    const auto block_file = guest_path(std::string(path) + ".jrun-block");
    script.line(heredoc_to(block_file, block));
    std::string call = "jrun_block " + guest_path(path) + " " + quote(marker) + " " + block_file;
    if (!pending.empty()) {
        call += " " + quote(pending);
    }
    script.line(call);
}

void add_setline(Script& script, std::string_view path, std::string_view line) {
    const auto key = line.substr(0, line.find('='));
    script.line("jrun_setline " + guest_path(path) + " " + quote(key) + " " + quote(line));
}

void add_create_file(Script& script,
                     std::string_view path,
                     std::string_view content,
                     std::string_view pending) {
    const auto dest = guest_path(path);
    script.line("if [ ! -e " + dest + " ]; then");
    script.line(heredoc_to(dest + ".jrun-new", content));
    script.line("mv -f " + dest + ".jrun-new " + dest);
    script.line("printf '@jrun changed %s\\n' " + quote(path));
    if (!pending.empty()) {
        script.line("jrun_pend " + quote(pending));
    }
    script.line("fi");
}

// Append: create the peers file when absent, taking over the peers block that the Python
// implementation kept inside jrun.conf (reference-behaviour.md §6.6).
void add_peers_file(Script& script) {
    const auto peers = guest_path(k_unbound_peers_conf);
    const auto jrun_conf = guest_path(k_unbound_jrun_conf);
    script.line(
        "if [ ! -e " + peers
        + " ]; then\n"
          "    { echo '# managed by jrun: records of paired mesh peers (written by pairing)'\n"
          "      echo 'server:'\n"
          "      [ ! -f "
        + jrun_conf + " ] || sed -n '/^# BEGIN JRUN PEERS$/,/^# END JRUN PEERS$/p' " + jrun_conf
        + "\n"
          "    } >"
        + peers
        + ".jrun-new\n"
          "    jrun_install "
        + peers + ".jrun-new " + peers
        + " 0644 || :\n"
          "    jrun_pend unbound\nfi");
}

std::string pending_dir() {
    return std::string(k_state_dir) + "/pending";
}

} // namespace jrun::render::detail
