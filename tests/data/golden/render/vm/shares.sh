#!/bin/sh
# jrun: 9p shares of the host
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

# jrun_mounted TAG: true when share TAG is mounted at /mnt/jrun/TAG.
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


jrun_step=shares
printf '@jrun step %s %s\n' shares 'share directory'
jrun_wanted_tag() {
    case $1 in
        jrun_0123456789 | jrun_abcdef0123) return 0 ;;
    esac
    return 1
}
jrun_wanted_link() {
    case $1 in
        /srv/data) return 0 ;;
    esac
    return 1
}
mkdir -p "$JRUN_ROOT"/mnt/jrun
kldstat -q -m virtio_p9fs || kldload virtio_p9fs

jrun_step=share:jrun_0123456789
printf '@jrun step %s %s\n' share:jrun_0123456789 'mount share jrun_0123456789'
mkdir -p "$JRUN_ROOT"/mnt/jrun/jrun_0123456789
jrun_mounted jrun_0123456789 || mount -t p9fs jrun_0123456789 /mnt/jrun/jrun_0123456789
jrun_link jrun_0123456789 /srv/data

jrun_step=share:jrun_abcdef0123
printf '@jrun step %s %s\n' share:jrun_abcdef0123 'mount share jrun_abcdef0123'
mkdir -p "$JRUN_ROOT"/mnt/jrun/jrun_abcdef0123
jrun_mounted jrun_abcdef0123 || mount -t p9fs jrun_abcdef0123 /mnt/jrun/jrun_abcdef0123

jrun_step=fstab
printf '@jrun step %s %s\n' fstab 'shares in /etc/fstab'
cat >"$JRUN_ROOT"/etc/fstab.jrun-block <<'JRUN_BLOCK'
# BEGIN JRUN P9FS
jrun_0123456789	/mnt/jrun/jrun_0123456789	p9fs	rw,late,failok	0	0
jrun_abcdef0123	/mnt/jrun/jrun_abcdef0123	p9fs	rw,late,failok	0	0
# END JRUN P9FS
JRUN_BLOCK
jrun_block "$JRUN_ROOT"/etc/fstab 'JRUN P9FS' "$JRUN_ROOT"/etc/fstab.jrun-block

jrun_step=stale-links
printf '@jrun step %s %s\n' stale-links 'base mount links no longer wanted'
jrun_links="$JRUN_ROOT/var/db/jrun/share-links"
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
fi
mkdir -p "$JRUN_ROOT"/var/db/jrun
jrun_tmp="$JRUN_ROOT"/var/db/jrun/share-links.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
jrun_0123456789	/srv/data
JRUN_EOF
jrun_install "$jrun_tmp" "$JRUN_ROOT"/var/db/jrun/share-links 0644 || :

jrun_step=stale-shares
printf '@jrun step %s %s\n' stale-shares 'shares no longer wanted'
for jrun_mp in "$JRUN_ROOT/mnt/jrun"/*; do
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
done
