# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# Assertions and fixtures for selftest.sh: each test runs in a subshell with a fresh state
# directory; `run` captures a command's output and status, expect_* compare them.

PATH=$HERE/bin:/usr/bin:/bin
export PATH

fail() {
    printf 'FAIL: %s\n' "$1" >&2
    exit 1
}

# setup: a fresh fake VM for this test.
setup() {
    FAKEBSD_STATE=$TEST_DIR/state
    export FAKEBSD_STATE
    fakebsd init || fail "fakebsd init failed"
    eval "$(fakebsd env)"
    # shellcheck disable=SC2034 # used by selftest.sh
    HOME_SHARE=$TEST_DIR/share
}

# run CMD ARGS...: run a command, keeping stdout in OUT, stderr in ERR and status in RC.
run() {
    "$@" >"$TEST_DIR/out" 2>"$TEST_DIR/err"
    RC=$?
    OUT=$(cat "$TEST_DIR/out")
    ERR=$(cat "$TEST_DIR/err")
    LAST="$*"
}

expect_status() {
    [ "$RC" = "$1" ] || fail "'$LAST' exited $RC, expected $1 (stderr: $ERR)"
}

expect_out() {
    [ "$OUT" = "$1" ] || fail "'$LAST' printed:
$OUT
expected:
$1"
}

expect_err() {
    [ "$ERR" = "$1" ] || fail "'$LAST' reported:
$ERR
expected:
$1"
}

expect_out_line() {
    printf '%s\n' "$OUT" | grep -Fxq -- "$1" || fail "'$LAST' printed no line '$1' in:
$OUT"
}

expect_no_out_line() {
    if printf '%s\n' "$OUT" | grep -Fxq -- "$1"; then fail "'$LAST' printed line '$1'"; fi
}

expect_err_line() {
    printf '%s\n' "$ERR" | grep -Fxq -- "$1" || fail "'$LAST' reported no line '$1' in:
$ERR"
}

expect_file_line() {
    grep -Fxq -- "$2" "$1" || fail "$1 has no line '$2':
$(cat "$1")"
}

# expect_logged "FLAG CONTEXT ARGV": a log line with that content (any sequence number).
expect_logged() {
    sed 's/^[0-9]* //' "$FAKEBSD_STATE/log" | grep -Fxq -- "$1" || fail "no log line '$1':
$(cat "$FAKEBSD_STATE/log")"
}

# make_jail NAME ID: a release, a ZFS clone for the jail root and a jail.conf as jrun writes them
# (VNET on epair<ID>, devfs, an fstab with a nullfs mount of /srv/data at /data, sshd enabled).
make_jail() {
    name=$1
    id=$2
    jdir=/usr/local/jailrun/jails/$name
    if ! zfs list zroot/jailrun >/dev/null 2>&1; then
        zfs create -o mountpoint=/usr/local/jailrun zroot/jailrun
        zfs create zroot/jailrun/jails
        zfs create -p zroot/jailrun/releases/15.0-RELEASE
        fakebsd release "$FAKEBSD_STATE/fixtures" 15.0-RELEASE >/dev/null
        tar -xf "$FAKEBSD_STATE/fixtures/download.freebsd.org/releases/amd64/amd64/15.0-RELEASE/base.txz" \
            -C /usr/local/jailrun/releases/15.0-RELEASE
        zfs snapshot zroot/jailrun/releases/15.0-RELEASE@base
        ifconfig bridge0 create inet 10.17.89.1/24 up >/dev/null
        mkdir -p "$JRUN_ROOT/var/log/jailrun" "$JRUN_ROOT/srv/data"
        # shellcheck disable=SC2016 # a devfs.rules variable, not a shell one
        printf '[devfsrules_jail_jrun=10]\nadd include $devfsrules_jail_vnet\nadd path '"'"'tun*'"'"' unhide\n' \
            >"$JRUN_ROOT/etc/devfs.rules"
    fi
    zfs create "zroot/jailrun/jails/$name"
    zfs clone zroot/jailrun/releases/15.0-RELEASE@base "zroot/jailrun/jails/$name/root"
    root=$JRUN_ROOT$jdir/root
    mkdir -p "$root/data"
    printf '/srv/data %s/root/data nullfs rw 0 0\n' "$jdir" >"$JRUN_ROOT$jdir/fstab"
    printf 'ifconfig_epair%sb_name="vnet0"\nifconfig_vnet0="inet 10.17.89.%s/24"\ndefaultrouter="10.17.89.1"\nsshd_enable="YES"\n' \
        "$id" "$id" >>"$root/etc/rc.conf"
    printf 'search local.jrun\nnameserver 10.17.89.1\n' >"$root/etc/resolv.conf"
    cat >"$JRUN_ROOT$jdir/jail.conf" <<EOF
$name {
    \$id = $id;
    \$epair = "epair\${id}";
    \$bridge = "bridge0";
    exec.start = "/bin/sh /etc/rc";
    exec.stop = "/bin/sh /etc/rc.shutdown";
    exec.clean;
    exec.consolelog = "/var/log/jailrun/$name.log";
    path = "$jdir/root";
    mount.devfs;
    mount.fstab = "$jdir/fstab";
    devfs_ruleset = 10;
    host.hostname = "$name";
    persist;
    allow.raw_sockets;
    allow.chflags;
    allow.sysvipc = 1;
    vnet;
    vnet.interface = "\${epair}b";
    exec.prestart = "ifconfig \${epair}a destroy 2>/dev/null || true";
    exec.prestart += "ifconfig \${epair} create up";
    exec.prestart += "ifconfig \${epair}a up descr vnet:$name";
    exec.prestart += "ifconfig \${bridge} addm \${epair}a up";
    exec.poststop = "ifconfig \${bridge} deletem \${epair}a";
    exec.poststop += "ifconfig \${epair}a destroy";
}
EOF
}

write_pf_conf() {
    mkdir -p "$JRUN_ROOT/etc/pf.anchors"
    cat >"$JRUN_ROOT/etc/pf.conf" <<'EOF'
ext_if = "vtnet0"
jrun_if = "bridge0"
jrun_net = "10.17.89.0/24"
set block-policy return
set skip on lo
scrub in on $ext_if all fragment reassemble
nat on $ext_if from $jrun_net to any -> ($ext_if)
rdr-anchor "jrun/*"
load anchor "jrun/managed" from "/etc/pf.anchors/jrun-forwards.conf"
block in all
pass out quick keep state
antispoof for $ext_if
pass in on $ext_if proto tcp to port ssh flags S/SA keep state
pass quick on $jrun_if
pass quick on ygg0 inet6
EOF
    printf '# managed by jailrun\nrdr pass on vtnet0 inet proto tcp from any to (vtnet0) port 8080 -> 10.17.89.10 port 80\n' \
        >"$JRUN_ROOT/etc/pf.anchors/jrun-forwards.conf"
}

# write_monitrc JAIL: a control file and one exec with a health check, as jrun renders them.
write_monitrc() {
    r=$JRUN_ROOT/usr/local/jailrun/jails/$1/root
    mkdir -p "$r/usr/local/etc/monit.d" "$r/usr/local/libexec/jrun"
    printf '#!/bin/sh\nexec /usr/sbin/daemon -p /var/run/%s-app.pid -- /bin/sleep 1000\n' "$1" >"$r/usr/local/libexec/jrun/$1-app"
    printf '#!/bin/sh\nexit 0\n' >"$r/usr/local/libexec/jrun/$1-app-health"
    printf '#!/bin/sh\nexec /bin/pkill -F "/var/run/%s-app.pid"\n' "$1" >"$r/usr/local/libexec/jrun/$1-app-stop"
    chmod 755 "$r"/usr/local/libexec/jrun/*
    cat >"$r/usr/local/etc/monitrc" <<EOF
set daemon 30
set log syslog
set idfile /var/db/monit.id
set statefile /var/db/monit.state
set pidfile /var/run/monit.pid
set httpd port 2812 and
    use address 127.0.0.1
    allow 127.0.0.1
check system $1-system
    if loadavg (5min) > 6 for 5 cycles then alert
    if memory usage > 90% for 5 cycles then alert
include /usr/local/etc/monit.d/*.monitrc
EOF
    cat >"$r/usr/local/etc/monit.d/$1-app.monitrc" <<EOF
check process $1-app with pidfile /var/run/$1-app.pid
    group jrun
    start program = "/usr/local/libexec/jrun/$1-app" with timeout 60 seconds
    stop program = "/usr/local/libexec/jrun/$1-app-stop"
    if does not exist for 1 cycles then restart
    if 5 restarts within 10 cycles then unmonitor
check program $1-app-health with path "/usr/local/libexec/jrun/$1-app-health" with timeout 5 seconds
    depends on $1-app
    every 2 cycles
    if status != 0 for 3 cycles then exec "/usr/local/bin/monit restart $1-app"
EOF
    chmod 600 "$r/usr/local/etc/monitrc"
}

# main [TEST...]: run the tests (default: every t_* function of selftest.sh).
main() {
    tests=$*
    [ -n "$tests" ] || tests=$(sed -n 's/^\(t_[a-z0-9_]*\)() {$/\1/p' "$HERE"/selftest*.sh)
    passed=0
    failed=0
    for t in $tests; do
        TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fakebsd-selftest.XXXXXX")
        if (set -u; "$t"); then
            passed=$((passed + 1))
            echo "ok $t"
        else
            failed=$((failed + 1))
            echo "not ok $t"
        fi
        rm -rf "$TEST_DIR"
    done
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}
