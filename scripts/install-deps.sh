#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Install every Debian package jrun needs to build, test and run. Idempotent and quiet:
# packages already present are not touched, and apt is only called when something is missing.
# Usage: scripts/install-deps.sh [build|test|all]   (default: all)
set -eu

build_pkgs="cmake ninja-build g++ pkg-config nlohmann-json3-dev libgtest-dev libgmock-dev
  libbenchmark-dev libssl-dev libcurl4-openssl-dev liblzma-dev"
# Runtime tools jrun drives on the host (ssh, qemu, ansible...) and the validators and servers
# the test tiers use (TESTING.md); debootstrap and extlinux build the vm tier's Debian guest.
test_pkgs="clang clang-format clang-tidy libclang-rt-14-dev openssh-client openssh-server
  shellcheck monit unbound ansible python3 qemu-system-x86 qemu-utils genisoimage ovmf
  iproute2 procps xz-utils hyperfine valgrind seabios debootstrap extlinux e2fsprogs"

what=${1:-all}
case "$what" in
build) wanted="$build_pkgs" ;;
test | all) wanted="$build_pkgs $test_pkgs" ;;
*)
    echo "usage: $0 [build|test|all]" >&2
    exit 2
    ;;
esac

missing=""
for pkg in $wanted; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $pkg"
    fi
done
if [ -z "$missing" ]; then
    exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
# shellcheck disable=SC2086 # word splitting of the package list is intended
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
