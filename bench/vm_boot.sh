#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Boot-to-ready and readiness lag of `jrun start` against the vm tier's Debian guest (TCG).
# Prints figures; asserts nothing (docs/benchmarks.md).
#   bench/vm_boot.sh JRUN_BINARY GUEST_DIR [RUNS]
# GUEST_DIR holds disk.raw (tests/vm/guest-fixture.sh setup DIR builds it into DIR/full).
#
# Two independent probers run beside `jrun start`:
# - a banner prober connects every 20 ms and notes when sshd first greets;
# - a login prober, from that moment, logs in with jrun's key and pinned known_hosts (plain
#   OpenSSH, no control master) back to back until one login succeeds, and notes when it did.
# jrun's moment is when it prints "SSH ready" (its readiness login done). Lag from the login
# prober is the readiness lag SPEC §7 bounds (sshd accepting logins -> jrun knows); lag from
# the banner includes one login executed by the emulated CPU.
set -eu

jrun=$1
guest=$2
runs=${3:-1}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

export JRUN_HOME="$work/home" JRUN_IMAGE="$guest/disk.raw" JRUN_QEMU_ACCEL=tcg \
    JRUN_QEMU_MEMORY=512M JRUN_QEMU_CPUS=2 JRUN_QEMU_DISK_SIZE=3G \
    JRUN_QEMU_BIOS=/usr/share/seabios/bios-256k.bin JRUN_VM_PYTHON_INTERPRETER=python3.11 \
    JRUN_SSH_PORT="$port" NO_COLOR=1

cleanup() {
    "$jrun" purge -y >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

now() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }

# Write the monotonic time (s) at which 127.0.0.1:$port first sends an SSH banner to $1.
probe_banner() {
    python3 - "$port" >"$1.tmp" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=1)
        s.settimeout(20)
        if s.recv(4) == b"SSH-":
            print(f"{time.monotonic():.3f}")
            break
        s.close()
    except OSError:
        pass
    time.sleep(0.02)
PY
    mv "$1.tmp" "$1"
}

# Once $1 (the banner time) exists, log in until it works; write "TIME ATTEMPTS" to $2.
probe_login() {
    while [ ! -f "$1" ]; do sleep 0.02; done
    attempts=0
    while :; do
        attempts=$((attempts + 1))
        if ssh -F none -o BatchMode=yes -o ConnectTimeout=20 -o StrictHostKeyChecking=yes \
            -o UserKnownHostsFile="$JRUN_HOME/ssh/known_hosts" -o GlobalKnownHostsFile=/dev/null \
            -o IdentitiesOnly=yes -i "$JRUN_HOME/ssh/id_ed25519" -p "$port" -l admin \
            127.0.0.1 true 2>/dev/null; then
            echo "$(now) $attempts" >"$2"
            return
        fi
        sleep 0.05
    done
}

# Copy stdin to $1, writing the monotonic time of the first "SSH ready" line to $2.
stamp_ready() {
    python3 -c '
import sys, time
out, mark = open(sys.argv[1], "w"), sys.argv[2]
for line in sys.stdin:
    out.write(line); out.flush()
    if "SSH ready" in line:
        open(mark, "w").write(f"{time.monotonic():.3f}\n")
' "$1" "$2"
}

i=1
while [ "$i" -le "$runs" ]; do
    rm -f "$work/banner" "$work/login" "$work/ready"
    probe_banner "$work/banner" &
    banner_pid=$!
    probe_login "$work/banner" "$work/login" &
    login_pid=$!
    t0=$(now)
    if ! "$jrun" start 2>"$work/err" | stamp_ready "$work/out" "$work/ready"; then
        cat "$work/err"
        kill "$banner_pid" "$login_pid" 2>/dev/null || true
        exit 1
    fi
    t1=$(now)
    wait "$banner_pid" "$login_pid"
    # shellcheck disable=SC2046 # the login file holds two words: time and attempts
    python3 - "$t0" "$(cat "$work/banner")" $(cat "$work/login") "$(cat "$work/ready")" \
        "$t1" "$i" <<'PY'
import sys
t0, tb, tl, logins, tr, t1, i = map(float, sys.argv[1:8])
print(f"run {int(i)}: boot to ready {tr - t0:.1f} s (start returned after {t1 - t0:.1f} s); "
      f"sshd greeted after {tb - t0:.1f} s, first independent login after {tl - t0:.1f} s "
      f"({int(logins)} attempt(s)); readiness lag {1000 * (tr - tl):+.0f} ms after that login, "
      f"{1000 * (tr - tb):.0f} ms after the greeting")
PY
    cat "$work/out"
    "$jrun" stop -y >/dev/null 2>&1
    i=$((i + 1))
done
