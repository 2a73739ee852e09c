#!/bin/sh
# jrun: port forwards and jail names
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


jrun_step=forwards
printf '@jrun step %s %s\n' forwards 'pf forwards anchor'
mkdir -p "$JRUN_ROOT"/etc/pf.anchors
jrun_tmp="$JRUN_ROOT"/etc/pf.anchors/jrun-forwards.conf.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# managed by jrun: port forwards into jails (rewritten on every up)
rdr pass on vtnet0 inet proto tcp from any to (vtnet0) port 8080 -> 10.17.89.10 port 80
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/etc/pf.anchors/jrun-forwards.conf 0644; then
jrun_pend pf-anchor
fi
if jrun_due pf-anchor; then
pfctl -a jrun/managed -nf /etc/pf.anchors/jrun-forwards.conf
pfctl -a jrun/managed -f /etc/pf.anchors/jrun-forwards.conf
jrun_done pf-anchor
fi

jrun_step=dns
printf '@jrun step %s %s\n' dns 'jail names in local_unbound'
mkdir -p "$JRUN_ROOT"/var/unbound/conf.d
if [ ! -e "$JRUN_ROOT"/var/unbound/conf.d/jrun-peers.conf ]; then
    { echo '# managed by jrun: records of paired mesh peers (written by pairing)'
      echo 'server:'
      [ ! -f "$JRUN_ROOT"/var/unbound/conf.d/jrun.conf ] || sed -n '/^# BEGIN JRUN PEERS$/,/^# END JRUN PEERS$/p' "$JRUN_ROOT"/var/unbound/conf.d/jrun.conf
    } >"$JRUN_ROOT"/var/unbound/conf.d/jrun-peers.conf.jrun-new
    jrun_install "$JRUN_ROOT"/var/unbound/conf.d/jrun-peers.conf.jrun-new "$JRUN_ROOT"/var/unbound/conf.d/jrun-peers.conf 0644 || :
    jrun_pend unbound
fi
jrun_tmp="$JRUN_ROOT"/var/unbound/conf.d/jrun.conf.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# managed by jrun: jail records (rewritten on every up; peers live in
# jrun-peers.conf)
server:
    interface: 127.0.0.1
    interface: 10.17.89.1
    access-control: 127.0.0.0/8 allow
    access-control: 10.17.89.0/24 allow
    local-zone: "jrun." static
    local-data: "web.local.jrun. IN A 10.17.89.10"
forward-zone:
    name: "."
    forward-addr: 10.0.2.3
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/var/unbound/conf.d/jrun.conf 0644; then
jrun_pend unbound
fi
jrun_unbound_apply
