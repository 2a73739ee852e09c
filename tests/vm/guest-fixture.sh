#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The `vm` tier's shared guest (CTest FIXTURES_SETUP / FIXTURES_CLEANUP `vm_guest`).
#   guest-fixture.sh setup DIR    build the full Debian guest into DIR/full once (cached by the
#                                 hash of build-test-guest.sh); exit 77 (skip) when not root or
#                                 when Debian's archive cannot supply the packages
#   guest-fixture.sh cleanup DIR  kill any QEMU a failed test left behind (DIR/running/*.pid)
# JRUN_VM_GUEST_DIR overrides DIR (e.g. a cache kept between build trees).
set -eu

mode=$1
dir=${JRUN_VM_GUEST_DIR:-$2}
here=$(cd "$(dirname "$0")" && pwd)

setup() {
    if [ "$(id -u)" != 0 ]; then
        echo "SKIP: building the test guest needs root (debootstrap, loop devices)"
        exit 77
    fi
    stamp=$(sha256sum "$here/build-test-guest.sh" | cut -d' ' -f1)
    if [ -f "$dir/full/disk.raw" ] && [ "$(cat "$dir/full/.stamp" 2>/dev/null)" = "$stamp" ]; then
        echo "using the guest built before in $dir/full"
        exit 0
    fi
    mkdir -p "$dir"
    log=$dir/build.log
    echo "building the test guest into $dir/full (log: $log)"
    if ! KEEP_RAW=1 bash "$here/build-test-guest.sh" full "$dir/full" >"$log" 2>&1; then
        tail -n 30 "$log"
        if grep -q -E 'Unable to locate package|Failed to fetch|Temporary failure resolving|Could not resolve|Release signature' "$log"; then
            echo "SKIP: Debian's archive could not supply the guest's packages"
            exit 77
        fi
        exit 1
    fi
    rm -rf "$dir/full/rootfs"
    echo "$stamp" >"$dir/full/.stamp"
}

cleanup() {
    for pidfile in "$dir"/running/*.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        if grep -q qemu "/proc/$pid/cmdline" 2>/dev/null; then
            echo "killing QEMU $pid left by a test ($pidfile)"
            kill -9 "$pid" || true
        fi
        rm -f "$pidfile"
    done
}

case "$mode" in
setup) setup ;;
cleanup) cleanup ;;
*)
    echo "usage: $0 setup|cleanup DIR" >&2
    exit 2
    ;;
esac
