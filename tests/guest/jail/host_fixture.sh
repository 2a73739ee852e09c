#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A fake FreeBSD host prepared only as far as jails need it (the real bootstrap script is tested
# on its own): the jrun datasets, a release and its @base snapshot, bridge0, the devfs ruleset,
# /etc/jail.conf.d, the log directory and the 9p share directories of the given tags.
# Usage: host_fixture.sh TAG... (with FAKEBSD_STATE set and tests/fakebsd/bin on PATH).
set -eu
fakebsd init >/dev/null
eval "$(fakebsd env)"
zfs create -o mountpoint=/usr/local/jailrun zroot/jailrun
zfs create zroot/jailrun/jails
zfs create -p zroot/jailrun/releases/15.0-RELEASE
fakebsd release "$FAKEBSD_STATE/fixtures" 15.0-RELEASE >/dev/null
tar -xf "$FAKEBSD_STATE/fixtures/download.freebsd.org/releases/amd64/amd64/15.0-RELEASE/base.txz" \
    -C /usr/local/jailrun/releases/15.0-RELEASE
zfs snapshot zroot/jailrun/releases/15.0-RELEASE@base
ifconfig bridge0 create inet 10.17.89.1/24 up >/dev/null
mkdir -p "$JRUN_ROOT/etc/jail.conf.d" "$JRUN_ROOT/var/log/jailrun"
# shellcheck disable=SC2016 # a devfs.rules variable, not a shell one
printf '[devfsrules_jail_jrun=10]\nadd include $devfsrules_jail_vnet\nadd path '"'"'tun*'"'"' unhide\n' \
    >"$JRUN_ROOT/etc/devfs.rules"
for tag; do
    mkdir -p "$JRUN_ROOT/mnt/jrun/$tag"
done
: >"$FAKEBSD_STATE/log"
