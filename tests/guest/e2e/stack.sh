#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Guest tier (TESTING.md): the real jrun binary drives examples/stack.ucl onto the fake FreeBSD
# userland (tests/fakebsd) through a real sshd on 127.0.0.1 (JRUN_TARGET=ssh://...).
#   stack.sh JRUN SOURCE_DIR SCENARIO
# Scenarios: up_twice, down_all, fail_once, parallel. Exit 77 (skipped) without sshd.
set -eu
JRUN=$1
SRC=$2
SCENARIO=$3
FAKEBIN=$SRC/tests/fakebsd/bin
HERE=$SRC/tests/guest/e2e

[ -x /usr/sbin/sshd ] || { echo "skipped: /usr/sbin/sshd is not installed"; exit 77; }
command -v ssh-keygen >/dev/null || { echo "skipped: ssh-keygen is not installed"; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jrun-guest.XXXXXX")
SSHD_PID=
cleanup() {
    status=$?
    # jrun's control masters outlive it by design (ControlPersist): stop them, then sshd's
    # sessions and sshd itself.
    for socket in "$WORK"/home/run/*; do
        [ -S "$socket" ] && ssh -o ControlPath="$socket" -O exit jrun-test >/dev/null 2>&1
    done
    if [ -n "$SSHD_PID" ]; then
        pkill -P "$SSHD_PID" 2>/dev/null || :
        kill "$SSHD_PID" 2>/dev/null || :
    fi
    if [ "$status" -eq 0 ]; then rm -rf "$WORK"; else echo "kept $WORK for inspection" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    printf 'FAIL: %s\n' "$1" >&2
    exit 1
}

# --- the fake FreeBSD host behind a loopback sshd ----------------------------------------------
start_host() {
    FAKEBSD_STATE=$WORK/state
    export FAKEBSD_STATE
    PATH=$FAKEBIN:/usr/bin:/bin:/usr/sbin:/sbin
    export PATH
    fakebsd init >/dev/null
    FAKEBSD_FIXTURES=$WORK/fixtures
    export FAKEBSD_FIXTURES
    fakebsd release "$FAKEBSD_FIXTURES" 15.0-RELEASE >/dev/null
    mkdir -p "$WORK/ssh" /run/sshd 2>/dev/null || mkdir -p "$WORK/ssh"
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/host_key"
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/id_ed25519"
    cp "$WORK/ssh/id_ed25519.pub" "$WORK/ssh/authorized_keys"
    port=$(free_port)
    {
        printf 'ListenAddress 127.0.0.1\nPort %s\nHostKey %s\n' "$port" "$WORK/ssh/host_key"
        printf 'AuthorizedKeysFile %s\nPidFile %s\n' "$WORK/ssh/authorized_keys" "$WORK/ssh/sshd.pid"
        printf 'StrictModes no\nUsePAM no\nPermitRootLogin prohibit-password\nLogLevel VERBOSE\n'
        fakebsd env --sshd | sed "s|^SetEnv |SetEnv FAKEBSD_FIXTURES=$FAKEBSD_FIXTURES |"
    } >"$WORK/ssh/sshd_config"
    /usr/sbin/sshd -f "$WORK/ssh/sshd_config" -E "$WORK/ssh/sshd.log" -D </dev/null >/dev/null 2>&1 &
    SSHD_PID=$!
    wait_port "$port"
    export JRUN_HOME="$WORK/home"
    JRUN_TARGET="ssh://$(id -un)@127.0.0.1:$port"
    export JRUN_TARGET
    export JRUN_SSH_KEY="$WORK/ssh/id_ed25519"
    export JRUN_ANSIBLE_PLAYBOOK="$HERE/bin/ansible-playbook"
    export JRUN_TEST_ANSIBLE_LOG="$WORK/ansible.log"
    export JRUN_HUB_URL="file://$SRC/tests/data/hub"
    export JRUN_JOBS=1
    unset JRUN_ENV_FILE
    share_examples_dir
}

free_port() {
    for candidate in $(seq 24000 24999 | shuf -n 50); do
        if [ -z "$(ss -Htln "sport = :$candidate")" ]; then
            echo "$candidate"
            return
        fi
    done
    fail "no free port"
}

wait_port() {
    for _ in $(seq 1 100); do
        if ssh-keyscan -p "$1" 127.0.0.1 >/dev/null 2>&1; then return; fi
        sleep 0.1
    done
    fail "sshd did not start: $(cat "$WORK/ssh/sshd.log")"
}

# The VM offers the mount of fastapi-314 as a 9p share, as QEMU's -virtfs would.
share_examples_dir() {
    dir=$(realpath "$SRC/examples/fastapi")
    SHARE_TAG="jrun_$(printf '%s' "$dir" | sha256sum | cut -c1-10)"
    fakebsd share "$SHARE_TAG" "$dir"
}

# --- running jrun ----------------------------------------------------------------------------
jrun() {
    "$JRUN" "$@" >"$WORK/out" 2>"$WORK/err"
    RC=$?
}

jrun_ok() {
    jrun "$@" || :
    [ "$RC" -eq 0 ] || fail "jrun $* exited $RC:
$(cat "$WORK/out" "$WORK/err")"
}

expect_out_contains() {
    grep -Fq -- "$1" "$WORK/out" || fail "jrun printed no '$1':
$(cat "$WORK/out" "$WORK/err")"
}

# Compare the changing commands of the run (sequence numbers and this test's temporary paths
# taken out) with a golden file; JRUN_UPDATE_GOLDEN=1 rewrites it. Needs JRUN_JOBS=1.
expect_command_golden() {
    # The 9p tag names the examples directory, which differs from checkout to checkout.
    fakebsd changes | sed -e 's/^[0-9]* //' -e "s|$WORK|<work>|g" -e "s|$SRC|<src>|g" \
        -e "s|$SHARE_TAG|<share-tag>|g" >"$WORK/changes"
    if [ "${JRUN_UPDATE_GOLDEN:-}" = 1 ]; then
        mkdir -p "$(dirname "$1")"
        cp "$WORK/changes" "$1"
        return
    fi
    diff -u "$1" "$WORK/changes" >"$WORK/changes.diff" || fail "the changing commands differ from $1:
$(cat "$WORK/changes.diff")"
}

running_jails() {
    jls -N name 2>/dev/null | sort | tr '\n' ' '
}

# --- scenarios -------------------------------------------------------------------------------
up_twice() {
    start_host
    jrun_ok up "$SRC/examples/stack.ucl"
    # probe, bootstrap, shares, 3 prepare scripts, 1 supervise (fastapi-314's exec), wiring
    expect_out_contains "(8 round trips to"
    expect_command_golden "$SRC/tests/data/golden/guest/stack_up.changes"
    [ "$(jls -q name | wc -l)" -eq 3 ] || fail "expected 3 running jails, got: $(jls)"
    origin=$(zfs get -H -o value origin "zroot/jailrun/jails/$(private fastapi-314)/root")
    case $origin in
    "zroot/jailrun/jails/$(private python-314)/root@"*) ;;
    *) fail "fastapi-314's root is not a clone of python-314's: origin '$origin'" ;;
    esac
    grep -q 'port 8080' "$FAKEBSD_STATE/root/etc/pf.anchors/jrun-forwards.conf" ||
        fail "no forward of 8080 in the pf anchor"
    grep -q 'port 6432' "$FAKEBSD_STATE/root/etc/pf.anchors/jrun-forwards.conf" ||
        fail "no forward of 6432 in the pf anchor"
    : >"$FAKEBSD_STATE/log"
    jrun_ok up "$SRC/examples/stack.ucl"
    expect_out_contains "nothing to do"
    expect_out_contains "(1 round trip to"
    changes=$(fakebsd changes)
    [ -z "$changes" ] || fail "the second up changed something:
$changes"
}

down_all() {
    start_host
    jrun_ok up "$SRC/examples/stack.ucl"
    jrun_ok down -y
    [ -z "$(jls -q name)" ] || fail "jails left running: $(jls)"
    left=$(zfs list -H -o name -r zroot/jailrun/jails | grep -v '^zroot/jailrun/jails$' || :)
    [ -z "$left" ] || fail "datasets left: $left"
    ! grep -q '^rdr' "$FAKEBSD_STATE/root/etc/pf.anchors/jrun-forwards.conf" || fail "rdr rules left"
    jrun_ok status --json
    grep -q '"jails": \[\]' "$WORK/out" || fail "state still has jails: $(cat "$WORK/out")"
}

fail_once() {
    start_host
    fakebsd fail zfs 'match=zfs clone *jails*' >/dev/null
    jrun up "$SRC/examples/stack.ucl" || :
    [ "$RC" -ne 0 ] || fail "up succeeded although zfs clone failed"
    jrun_ok up "$SRC/examples/stack.ucl"
    [ "$(jls -q name | wc -l)" -eq 3 ] || fail "expected 3 running jails after the retry, got: $(jls)"
    jrun_ok up "$SRC/examples/stack.ucl"
    expect_out_contains "nothing to do"
}

parallel() {
    start_host
    export JRUN_JOBS=2
    jrun_ok up "$SRC/examples/stack.ucl"
    # python-314 and postgres-16 share the first wave: the second starts before the first is done.
    first_done=$(grep -n '| done' "$WORK/out" | head -1 | cut -d: -f1)
    second_start=$(grep -n 'postgres-16 ' "$WORK/out" | head -1 | cut -d: -f1)
    if [ -z "$first_done" ] || [ -z "$second_start" ]; then
        fail "no progress lines: $(cat "$WORK/out")"
    fi
    [ "$second_start" -lt "$first_done" ] || fail "waves ran one jail at a time:
$(cat "$WORK/out")"
}

# status, cmd (exit code and hostile words), ssh, logs and snapshots against the deployed stack.
commands() {
    start_host
    jrun_ok up "$SRC/examples/stack.ucl"
    jrun_ok status --show all
    for name in python-314 postgres-16 fastapi-314; do
        grep -Eq "^$name +running" "$WORK/out" || fail "status shows $name not running:
$(cat "$WORK/out")"
    done
    expect_out_contains "6432->5432/tcp"
    jrun_ok status fastapi-314
    expect_out_contains "uvicorn"
    jrun cmd fastapi-314 sh -c 'exit 3' || :
    [ "$RC" -eq 3 ] || fail "jrun cmd passed on exit status $RC, not 3"
    # shellcheck disable=SC2016 # the payload must not expand
    hostile='$(touch pwned) `touch pwned` ; "quoted" '"'single'"' *'
    jrun_ok cmd postgres-16 printf '%s\n' "$hostile"
    [ "$(cat "$WORK/out")" = "$hostile" ] || fail "the word came back as: $(cat "$WORK/out")"
    [ -z "$(find "$WORK" / -maxdepth 1 -name pwned 2>/dev/null)" ] || fail "a payload ran"
    ssh_commands
    jrun_ok logs fastapi-314 -n 5
    jrun_ok snapshot create fastapi-314 before-change
    jrun_ok snapshot list fastapi-314
    expect_out_contains "before-change"
    jrun_ok snapshot rollback fastapi-314 before-change -y
    jrun_ok snapshot delete fastapi-314 before-change -y
    jrun_ok snapshot create --all everything
    [ "$(zfs list -H -t snapshot -o name | grep -c '@everything$')" -ge 3 ] ||
        fail "--all did not snapshot every jail: $(zfs list -t snapshot)"
    jrun snapshot rollback fastapi-314 no-such -y || :
    [ "$RC" -ne 0 ] || fail "rolling back to a missing snapshot succeeded"
}

# `jrun ssh` without a terminal: a command after `--` runs in the jail through the fake's jexec
# (FAKEBSD_JAIL is its private name) or on the host, exit codes pass through, a script piped
# into `jrun ssh [JAIL]` reaches that shell's stdin, and a pty is asked for only on a terminal.
# shellcheck disable=SC2016 # the remote shells expand these
ssh_commands() {
    web=$(private fastapi-314)
    jrun_ok ssh fastapi-314 -- sh -c 'printf "%s %s\n" "${FAKEBSD_JAIL:-host}" "$(hostname)"' </dev/null
    [ "$(cat "$WORK/out")" = "$web fastapi-314" ] || fail "jrun ssh JAIL -- CMD ran as: $(cat "$WORK/out")"
    jrun ssh fastapi-314 -- sh -c 'exit 7' </dev/null || :
    [ "$RC" -eq 7 ] || fail "jrun ssh JAIL -- CMD passed on exit status $RC, not 7"
    jrun cmd fastapi-314 -- sh -c 'exit 6' </dev/null || :
    [ "$RC" -eq 6 ] || fail "jrun cmd JAIL -- CMD passed on exit status $RC, not 6"
    jrun ssh -- sh -c 'exit 5' </dev/null || :
    [ "$RC" -eq 5 ] || fail "jrun ssh -- CMD passed on exit status $RC, not 5"
    printf '%s\n' 'echo "in ${FAKEBSD_JAIL:-host}"' 'exit 4' >"$WORK/script"
    jrun ssh fastapi-314 <"$WORK/script" || :
    if [ "$RC" -ne 4 ] || [ "$(cat "$WORK/out")" != "in $web" ]; then
        fail "a script piped into jrun ssh JAIL gave $RC: $(cat "$WORK/out" "$WORK/err")"
    fi
    jrun ssh <"$WORK/script" || :
    if [ "$RC" -ne 4 ] || [ "$(cat "$WORK/out")" != "in host" ]; then
        fail "a script piped into jrun ssh gave $RC: $(cat "$WORK/out" "$WORK/err")"
    fi
    ! grep -q 'Pseudo-terminal' "$WORK/err" || fail "ssh was asked for a tty: $(cat "$WORK/err")"
    jrun ssh fastapi-314 -- test -t 0 </dev/null || :
    [ "$RC" -eq 1 ] || fail "the command had a terminal without one (exit $RC)"
    # Under a pseudo-terminal (script(1)), ssh is asked for one (-t): the command has a tty.
    script -qec "$(printf '%s ' "$JRUN" ssh fastapi-314 -- test -t 0)" /dev/null </dev/null \
        >"$WORK/out" 2>&1 || fail "no terminal under a pty: $(cat "$WORK/out")"
    # At a terminal with stdout captured, none: a pty would turn "\n" into "\r\n" in the file.
    if script -qec "$JRUN ssh fastapi-314 -- test -t 0 >$WORK/captured" /dev/null </dev/null \
        >"$WORK/out" 2>&1; then
        fail "the command had a terminal although stdout was a file"
    fi
    jrun ssh fastapi-314 extra </dev/null || :
    if [ "$RC" -ne 2 ] || ! grep -Fq -- "-- COMMAND [ARG...]" "$WORK/err"; then
        fail "jrun ssh JAIL WORD gave $RC: $(cat "$WORK/err")"
    fi
    # Without a target, the local VM: none runs here (no QMP socket), and jrun says just that.
    (
        unset JRUN_TARGET
        JRUN_HOME="$WORK/no-vm" JRUN_SSH_PORT=$(free_port) jrun ssh -- true </dev/null || :
        if [ "$RC" -ne 1 ] || ! grep -Fq "the VM is not running" "$WORK/err"; then
            fail "jrun ssh without a VM gave $RC: $(cat "$WORK/err")"
        fi
    ) || exit 1
}

# Print the figures of docs/benchmarks.md: round trips and guest commands of each phase.
measure() {
    start_host
    jrun_ok up "$SRC/examples/stack.ucl"
    trips=$(sed -n 's/.*(\([0-9]*\) round trips\{0,1\} to.*/\1/p' "$WORK/out")
    changing=$(fakebsd changes | wc -l)
    total=$(wc -l <"$FAKEBSD_STATE/log")
    echo "stack.ucl first up (3 new jails, fresh host): $trips round trips, $total guest commands ($changing changing)"
    for name in python-314 postgres-16 fastapi-314; do
        n=$(grep -c " jail:$(private "$name") " "$FAKEBSD_STATE/log" || :)
        echo "  commands inside $name: $n"
    done
    : >"$FAKEBSD_STATE/log"
    jrun_ok up "$SRC/examples/stack.ucl"
    trips=$(sed -n 's/.*(\([0-9]*\) round trips\{0,1\} to.*/\1/p' "$WORK/out")
    echo "stack.ucl second up (nothing to do): $trips round trip, $(wc -l <"$FAKEBSD_STATE/log") guest commands ($(fakebsd changes | wc -l) changing)"
    : >"$FAKEBSD_STATE/log"
    printf '%s\n' 'jail "extra" {' '  forward { w { host = 9090; jail = 80; } }' \
        '  exec { web { cmd = "httpd -f"; healthcheck { test = "true"; } } }' '}' >"$WORK/extra.ucl"
    jrun_ok up "$WORK/extra.ucl"
    trips=$(sed -n 's/.*(\([0-9]*\) round trips\{0,1\} to.*/\1/p' "$WORK/out")
    echo "one more jail with a forward and an exec on the running host: $trips round trips, $(wc -l <"$FAKEBSD_STATE/log") guest commands ($(fakebsd changes | wc -l) changing)"
}

private() {
    printf 'j%s' "$(printf '%s' "$1" | sha256sum | cut -c1-12)"
}

"$SCENARIO"
echo "ok: $SCENARIO"
