#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Boot-to-ready and readiness lag of `jrun start` against the vm tier's Debian guest (TCG).
# Prints figures; asserts nothing (docs/benchmarks.md).
#   bench/vm_boot.sh JRUN_BINARY GUEST_DIR [RUNS]
# GUEST_DIR holds disk.raw (tests/vm/guest-fixture.sh setup DIR builds it into DIR/full).
# Readiness lag = the moment `jrun start` returns minus the moment sshd first greets an
# independent prober (polling every 20 ms with one connection at a time).
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

# Print the monotonic time (s) at which 127.0.0.1:$port first sends an SSH banner.
probe_banner() {
    python3 - "$port" <<'PY'
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
}

now() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }

i=1
while [ "$i" -le "$runs" ]; do
    probe_banner >"$work/banner" &
    prober=$!
    t0=$(now)
    "$jrun" start >"$work/out" 2>"$work/err" || { cat "$work/err"; kill "$prober"; exit 1; }
    t1=$(now)
    wait "$prober"
    tb=$(cat "$work/banner")
    python3 - "$t0" "$tb" "$t1" "$i" <<'PY'
import sys
t0, tb, t1, i = map(float, sys.argv[1:5])
print(f"run {int(i)}: boot-to-ready {t1 - t0:.1f} s, sshd greeted after {tb - t0:.1f} s, "
      f"readiness lag {1000 * (t1 - tb):.0f} ms")
PY
    cat "$work/out"
    "$jrun" stop -y >/dev/null
    i=$((i + 1))
done
