#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Print the machine-independent cost of `jrun up` against the fake FreeBSD host over a loopback
# sshd: SSH round trips and guest commands per phase (docs/benchmarks.md).
#   bench/guest_round_trips.sh [BUILD_DIR]     (default build/release, else build/dev)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-}
if [ -z "$build" ]; then
    for candidate in "$src/build/release" "$src/build/dev"; do
        [ -x "$candidate/src/jrun" ] && build=$candidate && break
    done
fi
if [ -z "$build" ] || [ ! -x "$build/src/jrun" ]; then
    echo "build jrun first (cmake --build --preset release)" >&2
    exit 1
fi
exec /bin/sh "$src/tests/guest/e2e/stack.sh" "$build/src/jrun" "$src" measure
