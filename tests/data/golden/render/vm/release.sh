#!/bin/sh
# jrun: fetch release 15.0-RELEASE
set -eu
: "${JRUN_ROOT:=}"
jrun_step=start
jrun_status=0
trap 'jrun_status=$?; [ "$jrun_status" -eq 0 ] || printf "@jrun failed %s %s\n" "$jrun_step" "$jrun_status"' EXIT
# jrun_install TMP DEST MODE: put TMP in place of DEST unless both hold the same bytes.
# Returns 0 when DEST changed, so callers can reload what reads it.
jrun_install() {
    if [ -f "$2" ] && cmp -s "$1" "$2"; then
        rm -f "$1"
        chmod "$3" "$2"
        return 1
    fi
    chmod "$3" "$1"
    mv -f "$1" "$2"
    printf '@jrun changed %s\n' "${2#"$JRUN_ROOT"}"
}
# jrun_die MESSAGE: stop with MESSAGE on stderr.
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


jrun_step=release
printf '@jrun step %s %s\n' release 'release 15.0-RELEASE'
jrun_release=15.0-RELEASE jrun_dataset=zroot/jailrun/releases/15.0-RELEASE
jrun_dir="$JRUN_ROOT"/usr/local/jailrun/releases/15.0-RELEASE jrun_dl="$JRUN_ROOT"/usr/local/jailrun/downloads/15.0-RELEASE
jrun_url=https://download.freebsd.org/releases/amd64/amd64/15.0-RELEASE
if ! zfs list -H -o name -t snapshot "$jrun_dataset@base" >/dev/null 2>&1; then
    mkdir -p "$jrun_dl"
    [ -f "$jrun_dl/MANIFEST" ] || jrun_fetch "${jrun_url%/}/MANIFEST" "$jrun_dl/MANIFEST"
    [ -f "$jrun_dl/base.txz" ] || jrun_fetch "${jrun_url%/}/base.txz" "$jrun_dl/base.txz"
    jrun_want=$(awk '$1 == "base.txz" { print $2 }' "$jrun_dl/MANIFEST")
    jrun_have=$(sha256 -q "$jrun_dl/base.txz")
    if [ -z "$jrun_want" ] || [ "$jrun_want" != "$jrun_have" ]; then
        rm -f "$jrun_dl/base.txz" "$jrun_dl/MANIFEST"
        jrun_die "base.txz of $jrun_release does not match its MANIFEST (SHA-256 ${jrun_have}, expected ${jrun_want:-none}): refusing to extract it. The download was removed; run again to fetch it anew, or check the release URL $jrun_url"
    fi
    # A dataset without @base holds an interrupted extraction: start it again from scratch.
    if zfs list -H -o name "$jrun_dataset" >/dev/null 2>&1; then
        zfs destroy -r "$jrun_dataset"
    fi
    zfs create "$jrun_dataset"
    tar -xf "$jrun_dl/base.txz" -C "$jrun_dir"
    : >"$jrun_dir/root/.hushlogin"
    mkdir -p "$jrun_dir/usr/share/skel"
    : >"$jrun_dir/usr/share/skel/dot.hushlogin"
    zfs snapshot "$jrun_dataset@base"
    rm -rf "$jrun_dl"
fi
