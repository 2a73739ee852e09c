#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Tests of the fake FreeBSD userland itself: state persists across calls, failures read as on
# FreeBSD, failure injection works, the log tells changing from reading calls.
# Usage: selftest.sh [t_name ...]  (no argument: every t_* function of selftest*.sh; prints
# "N passed, N failed"). The tests live in selftest_{zfs,jails,tools}.sh and below.
# shellcheck disable=SC2016 # config texts and jexec commands are single-quoted on purpose
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftest_lib.sh
. "$HERE/selftest_lib.sh"
# shellcheck source=selftest_zfs.sh
. "$HERE/selftest_zfs.sh"
# shellcheck source=selftest_jails.sh
. "$HERE/selftest_jails.sh"
# shellcheck source=selftest_tools.sh
. "$HERE/selftest_tools.sh"

# --- state and log ---------------------------------------------------------------------------

t_init_creates_a_fresh_vm() {
    setup
    run zfs list -H -o name,mountpoint zroot/ROOT/default
    expect_status 0
    expect_out "zroot/ROOT/default	/"
    run freebsd-version
    expect_out "15.0-RELEASE"
    run fakebsd init
    expect_status 1
    expect_err "fakebsd: init: $FAKEBSD_STATE exists and is not empty"
}

t_state_persists_across_calls() {
    setup
    run zfs create -o mountpoint=/usr/local/jailrun zroot/jailrun
    expect_status 0
    echo data >"$JRUN_ROOT/usr/local/jailrun/file"
    run zfs list -H -o name,used,mountpoint zroot/jailrun
    expect_out "zroot/jailrun	5B	/usr/local/jailrun"
    run ifconfig bridge0 create
    run ifconfig -l
    expect_out "bridge0 lo0 vtnet0"
}

t_log_flags_changing_and_reading_calls() {
    setup
    zfs list >/dev/null
    zfs create zroot/a
    jexec nosuch touch /tmp/x 2>/dev/null
    sysrc -n sshd_enable >/dev/null
    sysrc pf_enable=YES >/dev/null
    expect_file_line "$FAKEBSD_STATE/log" "1 R host zfs list"
    expect_file_line "$FAKEBSD_STATE/log" "2 C host zfs create zroot/a"
    expect_file_line "$FAKEBSD_STATE/log" "3 C host jexec nosuch touch /tmp/x"
    expect_file_line "$FAKEBSD_STATE/log" "4 R host sysrc -n sshd_enable"
    expect_file_line "$FAKEBSD_STATE/log" "5 C host sysrc pf_enable=YES"
}

t_log_quotes_arguments_one_line_each() {
    setup
    zfs list -H -o name "zroot/x y" 2>/dev/null
    sysrc "motd=it's
two" >/dev/null
    expect_file_line "$FAKEBSD_STATE/log" "1 R host zfs list -H -o name 'zroot/x y'"
    expect_file_line "$FAKEBSD_STATE/log" "2 C host sysrc \$'motd=it\\'s\\ntwo'"
    [ "$(wc -l <"$FAKEBSD_STATE/log")" -eq 2 ] || fail "log has $(wc -l <"$FAKEBSD_STATE/log") lines"
}

t_second_converge_issues_no_changing_command() {
    setup
    converge() {
        zfs list -H -o name zroot/jailrun >/dev/null 2>&1 || zfs create -o mountpoint=/usr/local/jailrun zroot/jailrun
        ifconfig bridge0 >/dev/null 2>&1 || ifconfig bridge0 create inet 10.17.89.1/24 up >/dev/null
        [ "$(sysrc -n gateway_enable)" = YES ] || sysrc gateway_enable=YES >/dev/null
        kldstat -q -m pf || kldload pf
    }
    converge
    [ -n "$(fakebsd changes)" ] || fail "first run changed nothing"
    before=$(fakebsd digest)
    : >"$FAKEBSD_STATE/log"
    converge
    [ -z "$(fakebsd changes)" ] || fail "second run changed: $(fakebsd changes)"
    [ "$(fakebsd digest)" = "$before" ] || fail "digest changed on the second run"
}

# An `up` of one jail written as jrun's guest scripts should be: idempotent, $JRUN_ROOT-prefixed.
example_up() {
    R=${JRUN_ROOT:-}
    J=/usr/local/jailrun/jails/web
    rel=zroot/jailrun/releases/15.0-RELEASE
    url=https://download.freebsd.org/releases/amd64/amd64/15.0-RELEASE
    zfs list -H -o name zroot/jailrun >/dev/null 2>&1 || zfs create -o mountpoint=/usr/local/jailrun zroot/jailrun
    zfs list -H -o name zroot/jailrun/jails >/dev/null 2>&1 || zfs create zroot/jailrun/jails
    zfs list -H -o name "$rel" >/dev/null 2>&1 || zfs create -p "$rel"
    if [ ! -f "$R/usr/local/jailrun/releases/15.0-RELEASE/COPYRIGHT" ]; then
        fetch -q -o /usr/local/jailrun/releases/15.0-RELEASE/MANIFEST "$url/MANIFEST"
        fetch -q -o /usr/local/jailrun/releases/15.0-RELEASE/base.txz "$url/base.txz"
        want=$(awk '$1 == "base.txz" { print $2 }' "$R/usr/local/jailrun/releases/15.0-RELEASE/MANIFEST")
        sha256 -q -c "$want" /usr/local/jailrun/releases/15.0-RELEASE/base.txz >/dev/null
        tar -xf /usr/local/jailrun/releases/15.0-RELEASE/base.txz -C /usr/local/jailrun/releases/15.0-RELEASE
        rm "$R/usr/local/jailrun/releases/15.0-RELEASE/base.txz" "$R/usr/local/jailrun/releases/15.0-RELEASE/MANIFEST"
    fi
    zfs list -H -o name "$rel@base" >/dev/null 2>&1 || zfs snapshot "$rel@base"
    ifconfig bridge0 >/dev/null 2>&1 || ifconfig bridge0 create inet 10.17.89.1/24 up >/dev/null
    [ -f "$R/etc/devfs.rules" ] || printf '[devfsrules_jail_jrun=10]\nadd include $devfsrules_jail_vnet\n' >"$R/etc/devfs.rules"
    if ! zfs list -H -o name zroot/jailrun/jails/web >/dev/null 2>&1; then
        zfs create zroot/jailrun/jails/web
        zfs clone "$rel@base" zroot/jailrun/jails/web/root
    fi
    conf="web { path = \"$J/root\"; host.hostname = web; persist; mount.devfs; devfs_ruleset = 10;
    exec.start = \"/bin/sh /etc/rc\"; exec.stop = \"/bin/sh /etc/rc.shutdown jail\"; }"
    [ "$(cat "$R$J/jail.conf" 2>/dev/null)" = "$conf" ] || printf '%s\n' "$conf" >"$R$J/jail.conf"
    [ "$(sysrc -f "$J/root/etc/rc.conf" -n sshd_enable 2>/dev/null)" = YES ] ||
        sysrc -f "$J/root/etc/rc.conf" sshd_enable=YES >/dev/null
    jls -N --libxo json | grep -q '"name":"web"' || jail -c -f "$J/jail.conf" web >/dev/null
    jexec web service sshd status >/dev/null || jexec web service sshd start >/dev/null
}

t_example_up_changes_nothing_the_second_time() {
    setup
    fakebsd release "$FAKEBSD_STATE/fixtures" 15.0-RELEASE >/dev/null
    example_up || fail "first up failed"
    run jexec web sockstat -4l -p 22 -q
    [ -n "$OUT" ] || fail "sshd does not listen in the jail"
    before=$(fakebsd digest)
    : >"$FAKEBSD_STATE/log"
    example_up || fail "second up failed"
    [ -z "$(fakebsd changes)" ] || fail "second up changed: $(fakebsd changes)"
    [ "$(fakebsd digest)" = "$before" ] || fail "second up changed the state"
    [ -s "$FAKEBSD_STATE/log" ] || fail "second up made no call at all"
}

t_digest_changes_with_any_write() {
    setup
    d1=$(fakebsd digest)
    zfs list >/dev/null
    [ "$(fakebsd digest)" = "$d1" ] || fail "a read changed the digest"
    echo x >"$JRUN_ROOT/etc/motd"
    [ "$(fakebsd digest)" != "$d1" ] || fail "a file write left the digest unchanged"
}

t_parallel_calls_are_serialised() {
    setup
    for i in 1 2 3 4 5 6; do zfs create "zroot/p$i" & done
    wait
    run zfs list -H -o name -d 1 zroot
    expect_out "zroot
zroot/ROOT
zroot/home
zroot/p1
zroot/p2
zroot/p3
zroot/p4
zroot/p5
zroot/p6
zroot/tmp
zroot/usr
zroot/var"
    [ "$(cut -d' ' -f1 "$FAKEBSD_STATE/log" | sort -n | uniq | wc -l)" -eq 7 ] || fail "sequence numbers collide"
}

# --- failure injection -----------------------------------------------------------------------

t_injected_failure_fails_the_next_call_once() {
    setup
    fakebsd fail zfs
    run zfs create zroot/a
    expect_status 1
    expect_err "cannot open 'zroot/a': pool I/O is currently suspended"
    run zfs list -H -o name zroot/a
    expect_status 1
    run zfs create zroot/a
    expect_status 0
    expect_file_line "$FAKEBSD_STATE/log" "1 C! host zfs create zroot/a"
}

t_injected_failure_hits_the_nth_matching_call() {
    setup
    fakebsd fail ifconfig 2 "match=*create*" "message=ifconfig: SIOCIFCREATE2: Device busy" status=2
    run ifconfig -l
    run ifconfig bridge0 create
    expect_status 0
    run ifconfig -l
    run ifconfig bridge1 create
    expect_status 2
    expect_err "ifconfig: SIOCIFCREATE2: Device busy"
    run ifconfig bridge1 create
    expect_status 0
    [ -z "$(ls "$FAKEBSD_STATE/fail")" ] || fail "injection not consumed"
}

main "$@"
