#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Tests of the fake FreeBSD userland itself: state persists across calls, failures read as on
# FreeBSD, failure injection works, the log tells changing from reading calls.
# Usage: selftest.sh [t_name ...]   (no argument: every t_* function; prints "N passed, N failed")
# shellcheck disable=SC2016 # config texts and jexec commands are single-quoted on purpose
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftest_lib.sh
. "$HERE/selftest_lib.sh"

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

# --- zfs -------------------------------------------------------------------------------------

t_zfs_refuses_existing_and_orphan_datasets() {
    setup
    zfs create zroot/a
    run zfs create zroot/a
    expect_status 1
    expect_err "cannot create 'zroot/a': dataset already exists"
    run zfs create zroot/b/c
    expect_err "cannot create 'zroot/b/c': parent does not exist"
    run zfs create -p zroot/b/c
    expect_status 0
    run zfs destroy zroot/nope
    expect_err "cannot open 'zroot/nope': dataset does not exist"
    run zfs create "zroot/bad name"
    expect_err "cannot create 'zroot/bad name': invalid character ' ' in name"
    run zfs create -o mountpoint=relative zroot/m
    expect_err "cannot create 'zroot/m': 'mountpoint' must be an absolute path, 'none', or 'legacy'"
}

t_zfs_destroy_refuses_children_like_freebsd() {
    setup
    zfs create zroot/a
    zfs create zroot/a/b
    zfs snapshot zroot/a@s
    run zfs destroy zroot/a
    expect_status 1
    expect_err "cannot destroy 'zroot/a': filesystem has children
use '-r' to destroy the following datasets:
zroot/a/b
zroot/a@s"
    run zfs destroy -r zroot/a
    expect_status 0
    [ ! -e "$JRUN_ROOT/zroot/a" ] || fail "mountpoint left behind"
}

t_zfs_destroy_refuses_dependent_clones() {
    setup
    zfs create -p zroot/rel/15
    echo base >"$JRUN_ROOT/zroot/rel/15/COPYRIGHT"
    zfs snapshot zroot/rel/15@base
    zfs create zroot/jails
    zfs clone zroot/rel/15@base zroot/jails/web
    run zfs destroy zroot/rel/15@base
    expect_status 1
    expect_err "cannot destroy 'zroot/rel/15@base': snapshot has dependent clones
use '-R' to destroy the following datasets:
zroot/jails/web"
    run zfs destroy -r zroot/rel/15
    expect_err "cannot destroy 'zroot/rel/15': filesystem has dependent clones
use '-R' to destroy the following datasets:
zroot/jails/web"
    run zfs destroy -R zroot/rel/15
    expect_status 0
    run zfs list -H -o name zroot/jails/web
    expect_status 1
}

t_zfs_clone_is_instant_and_shares_the_snapshot() {
    setup
    zfs create zroot/rel
    echo "base system" >"$JRUN_ROOT/zroot/rel/COPYRIGHT"
    zfs snapshot zroot/rel@base
    echo "after snapshot" >"$JRUN_ROOT/zroot/rel/COPYRIGHT"
    zfs clone zroot/rel@base zroot/web
    [ "$(cat "$JRUN_ROOT/zroot/web/COPYRIGHT")" = "base system" ] || fail "clone does not hold the snapshot's files"
    run zfs list -H -o name,used,refer,origin zroot/web
    expect_out "zroot/web	0B	12B	zroot/rel@base"
    echo more >>"$JRUN_ROOT/zroot/web/COPYRIGHT"
    run zfs list -H -o used zroot/web
    expect_out "17B"
}

t_zfs_snapshot_recursive_and_rollback() {
    setup
    zfs create -p zroot/j/web/root
    echo v1 >"$JRUN_ROOT/zroot/j/web/root/f"
    zfs snapshot -r zroot/j/web@one
    echo v2 >"$JRUN_ROOT/zroot/j/web/root/f"
    zfs snapshot -r zroot/j/web@two
    run zfs list -H -t snapshot -o name zroot/j/web/root
    expect_out "zroot/j/web/root@one
zroot/j/web/root@two"
    run zfs rollback zroot/j/web/root@one
    expect_status 1
    expect_err "cannot rollback to 'zroot/j/web/root@one': more recent snapshots or bookmarks exist
use '-r' to force deletion of the following snapshots and bookmarks:
zroot/j/web/root@two"
    run zfs rollback -r zroot/j/web/root@one
    expect_status 0
    [ "$(cat "$JRUN_ROOT/zroot/j/web/root/f")" = v1 ] || fail "rollback did not restore the file"
    run zfs snapshot zroot/j/web@one
    expect_err "cannot create snapshot 'zroot/j/web@one': dataset already exists"
}

t_zfs_promote_and_rename() {
    setup
    zfs create zroot/rel
    zfs snapshot zroot/rel@base
    zfs clone zroot/rel@base zroot/web
    run zfs promote zroot/rel
    expect_err "cannot promote 'zroot/rel': not a cloned filesystem"
    zfs promote zroot/web
    run zfs list -H -t all -o name,origin -r zroot/rel zroot/web
    expect_out "zroot/rel	zroot/web@base
zroot/web	-
zroot/web@base	-"
    echo x >"$JRUN_ROOT/zroot/web/f"
    zfs rename zroot/web zroot/site
    [ -f "$JRUN_ROOT/zroot/site/f" ] || fail "rename did not move the mountpoint"
    run zfs get -H -o value origin zroot/rel
    expect_out "zroot/site@base"
}

t_zfs_set_mountpoint_moves_the_files() {
    setup
    zfs create -p zroot/a/b
    echo x >"$JRUN_ROOT/zroot/a/b/f"
    zfs set mountpoint=/srv/a zroot/a
    [ -f "$JRUN_ROOT/srv/a/b/f" ] || fail "child data not at the new inherited mountpoint"
    [ ! -e "$JRUN_ROOT/zroot/a" ] || fail "old mountpoint left behind"
    run zfs get -H -o value,source mountpoint zroot/a/b
    expect_out "/srv/a/b	inherited from zroot/a"
    run zfs destroy -nv -r zroot/a
    expect_out "would destroy zroot/a
would destroy zroot/a/b"
    zfs snapshot zroot/a/b@x
    zfs rename zroot/a/b@x zroot/a/b@y
    run zfs list -H -t snapshot -o name -r zroot/a
    expect_out "zroot/a/b@y"
}

t_zfs_list_by_path_depth_and_get_sources() {
    setup
    zfs create -o mountpoint=/usr/local/jailrun zroot/jailrun
    zfs create -p zroot/jailrun/jails/web
    zfs create zroot/jailrun/jails/db
    run zfs list -H -o name -d 1 zroot/jailrun/jails
    expect_out "zroot/jailrun/jails
zroot/jailrun/jails/db
zroot/jailrun/jails/web"
    run zfs list -H -o name /usr/local/jailrun/jails/web
    expect_out "zroot/jailrun/jails/web"
    run zfs list -H -o name "$JRUN_ROOT/usr/local/jailrun/jails/web"
    expect_out "zroot/jailrun/jails/web"
    run zfs get -H mountpoint zroot/jailrun/jails
    expect_out "zroot/jailrun/jails	mountpoint	/usr/local/jailrun/jails	inherited from zroot/jailrun"
    run zfs list -o name,mountpoint zroot/jailrun
    expect_out "NAME           MOUNTPOINT
zroot/jailrun  /usr/local/jailrun"
    run zfs list -o nonsense
    expect_status 2
    expect_err_line "bad property list: invalid property 'nonsense'"
}

# --- jails -----------------------------------------------------------------------------------

t_jail_lifecycle_with_vnet_mounts_and_rc() {
    setup
    make_jail web 10
    run jail -c -f /usr/local/jailrun/jails/web/jail.conf web
    expect_status 0
    expect_out "epair10a
web: created"
    run jls -N --libxo json
    expect_out '{"__version": "2", "jail-information": {"jail": [{"name":"web","ipv4":"","hostname":"web","path":"/usr/local/jailrun/jails/web/root"}]}}'
    run jexec web ifconfig vnet0
    expect_out_line "	inet 10.17.89.10 netmask 0xffffff00 broadcast 10.17.89.255"
    run jexec web sockstat -4l -p 22 -q
    expect_out "root     sshd       $(jexec web service sshd status | sed 's/.*pid \([0-9]*\)\./\1/')  5   tcp4   *:22                  *:*"
    run ifconfig bridge0
    expect_out_line "	member: epair10a flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>"
    echo shared >"$JRUN_ROOT/srv/data/file"
    [ "$(cat "$JRUN_ROOT/usr/local/jailrun/jails/web/root/data/file")" = shared ] || fail "nullfs mount not visible"
    run zfs destroy -r zroot/jailrun/jails/web
    expect_status 1
    expect_err "cannot unmount '/usr/local/jailrun/jails/web': pool or dataset is busy"
    run jail -c -f /usr/local/jailrun/jails/web/jail.conf web
    expect_err 'jail: "web" already exists'
    run jail -r -f /usr/local/jailrun/jails/web/jail.conf web
    expect_out "web: removed"
    run ifconfig -l
    expect_out "bridge0 lo0 vtnet0"
    run mount -t nullfs
    expect_out ""
    run jail -r web
    expect_err 'jail: "web" not found'
    run zfs destroy -r zroot/jailrun/jails/web
    expect_status 0
}

t_jail_restart_modify_and_parameter_listing() {
    setup
    make_jail web 10
    conf=/usr/local/jailrun/jails/web/jail.conf
    jail -c -f "$conf" web >/dev/null
    run jls -j web jid name path
    expect_out "1 web /usr/local/jailrun/jails/web/root"
    run jail -rc -f "$conf" web
    expect_status 0
    run jls -n -j web jid vnet
    expect_out "jid=2 vnet=new"
    sed -i 's|host.hostname = "web";|host.hostname = "www";|' "$JRUN_ROOT$conf"
    run jail -m -f "$conf" web
    expect_out "web: updated"
    run jexec web hostname
    expect_out www
    sed -i 's|path = "/usr/local/jailrun/jails/web/root";|path = "/tmp";|' "$JRUN_ROOT$conf"
    run jail -m -f "$conf" web
    expect_status 1
    expect_err "jail: web: path cannot be changed after creation"
    run jls -j nosuch
    expect_err 'jls: jail "nosuch" not found'
}

t_jail_conf_errors_read_like_jail8() {
    setup
    make_jail web 10
    printf 'web {\n  path = "/x"\n}\n' >"$JRUN_ROOT/etc/bad.conf"
    run jail -c -f /etc/bad.conf web
    expect_status 1
    expect_err "jail: /etc/bad.conf line 3: }: syntax error"
    printf 'web {\n  path = "/x";\n  bogus.param = 1;\n}\n' >"$JRUN_ROOT/etc/bad.conf"
    run jail -c -f /etc/bad.conf web
    expect_err "jail: web: unknown parameter: bogus.param"
    printf 'web {\n  path = "$nope/x";\n}\n' >"$JRUN_ROOT/etc/bad.conf"
    run jail -c -f /etc/bad.conf web
    expect_err 'jail: web: path: variable "nope" not found'
    printf 'web {\n  path = "/nonexistent";\n  persist;\n}\n' >"$JRUN_ROOT/etc/bad.conf"
    run jail -c -f /etc/bad.conf web
    expect_err "jail: web: path /nonexistent: No such file or directory"
    run jail -c -f /etc/bad.conf other
    expect_err 'jail: "other" not found'
    rm "$JRUN_ROOT/etc/devfs.rules"
    run jail -c -f /usr/local/jailrun/jails/web/jail.conf web
    expect_status 1
    expect_err_line "jail: web: devfs_ruleset 10 is defined in neither /etc/devfs.rules nor /etc/defaults/devfs.rules (fakebsd is stricter here)"
}

t_jail_checks_mount_targets_and_console_log() {
    setup
    make_jail web 10
    rmdir "$JRUN_ROOT/usr/local/jailrun/jails/web/root/data"
    run jail -c -f /usr/local/jailrun/jails/web/jail.conf web
    expect_status 1
    expect_err "jail: web: mount.fstab: /usr/local/jailrun/jails/web/root/data: No such file or directory"
    mkdir "$JRUN_ROOT/usr/local/jailrun/jails/web/root/data"
    rmdir "$JRUN_ROOT/var/log/jailrun"
    run jail -c -f /usr/local/jailrun/jails/web/jail.conf web
    expect_status 1
    expect_err_line "jail: web: open /var/log/jailrun/web.log: No such file or directory"
    expect_out_line "web: removed"
    run mount -t nullfs
    expect_out ""
}

t_jail_failing_prestart_undoes_mounts() {
    setup
    make_jail web 10
    sed -i 's|exec.prestart += "ifconfig ${epair}a up descr vnet:web";|exec.prestart += "false";|' \
        "$JRUN_ROOT/usr/local/jailrun/jails/web/jail.conf"
    run jail -c -f /usr/local/jailrun/jails/web/jail.conf web
    expect_status 1
    expect_err "jail: web: false: failed"
    run mount -t devfs
    expect_out "devfs on /dev (devfs)"
    run jls
    expect_out "   JID  IP Address      Hostname                      Path"
}

t_jexec_runs_with_the_jail_root_as_prefix() {
    setup
    make_jail web 10
    jail -c -f /usr/local/jailrun/jails/web/jail.conf web >/dev/null
    run jexec web sh -c 'echo hello >"$JRUN_ROOT/tmp/greeting"; hostname'
    expect_out web
    [ "$(cat "$JRUN_ROOT/usr/local/jailrun/jails/web/root/tmp/greeting")" = hello ] || fail "file not in the jail"
    run jexec web sysrc -n sshd_enable
    expect_out YES
    expect_logged "W host jexec web sysrc -n sshd_enable"
    expect_logged "R jail:web sysrc -n sshd_enable"
    expect_logged "C host ifconfig epair10 create up"
    expect_logged "C host ifconfig epair10b vnet 1"
    run jexec nosuch true
    expect_err 'jexec: jail "nosuch" not found'
    run jexec web /usr/local/bin/nosuch
    expect_err "jexec: execvp: /usr/local/bin/nosuch: No such file or directory"
}

# --- network, mounts ---------------------------------------------------------------------------

t_ifconfig_epair_and_bridge() {
    setup
    run ifconfig epair create
    expect_out epair0a
    run ifconfig epair10 create up
    expect_out epair10a
    run ifconfig epair10 create
    expect_err "ifconfig: SIOCIFCREATE2 (epair10): File exists"
    ifconfig bridge0 create >/dev/null
    ifconfig bridge0 addm epair10a up
    run ifconfig bridge0 addm epair10a
    expect_err "ifconfig: BRDGADD epair10a: File exists"
    run ifconfig bridge0 addm nope0
    expect_err "ifconfig: BRDGADD nope0: No such file or directory"
    ifconfig epair10a destroy
    run ifconfig epair10b
    expect_err "ifconfig: interface epair10b does not exist"
    run ifconfig bridge0
    expect_no_out_line "	member: epair10a flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>"
    run ifconfig bridge0 inet 10.17.89.300/24
    expect_err "ifconfig: 10.17.89.300/24: bad value"
}

t_mount_nullfs_and_p9fs_fail_like_freebsd() {
    setup
    mkdir -p "$JRUN_ROOT/srv/src" "$JRUN_ROOT/mnt/dst" "$HOME_SHARE"
    run umount /mnt/dst
    expect_err "umount: /mnt/dst: not a file system root directory"
    run mount -t nullfs /srv/nope /mnt/dst
    expect_err "mount_nullfs: /srv/nope: No such file or directory"
    run mount -t nullfs /srv/src /mnt/missing
    expect_err "mount_nullfs: /mnt/missing: No such file or directory"
    : >"$JRUN_ROOT/mnt/file"
    run mount -t nullfs /srv/src /mnt/file
    expect_err "mount_nullfs: /mnt/file: Not a directory"
    mount -t nullfs /srv/src /mnt/dst
    echo through >"$JRUN_ROOT/mnt/dst/f"
    [ "$(cat "$JRUN_ROOT/srv/src/f")" = through ] || fail "write did not reach the source"
    mkdir -p "$JRUN_ROOT/mnt/jrun/share"
    fakebsd share share "$HOME_SHARE"
    run mount -t p9fs share /mnt/jrun/share
    expect_err "mount: share: Operation not supported by device"
    kldload virtio_p9fs
    mount -t p9fs share /mnt/jrun/share
    mkdir -p "$JRUN_ROOT/mnt/jrun/share/sub" "$JRUN_ROOT/mnt/inner"
    mount -t nullfs /mnt/jrun/share/sub /mnt/inner
    run umount /mnt/jrun/share
    expect_err "umount: unmount of /mnt/jrun/share failed: Device busy"
    umount /mnt/inner
    umount /mnt/jrun/share
    umount /mnt/dst
    [ ! -e "$JRUN_ROOT/mnt/dst/f" ] || fail "covered directory shows the source after umount"
}

# --- configuration tools ---------------------------------------------------------------------

t_sysrc_writes_like_freebsd() {
    setup
    run sysrc pf_enable
    expect_out "pf_enable: NO"
    run sysrc pf_enable=YES
    expect_out "pf_enable: NO -> YES"
    run sysrc cloned_interfaces+=bridge0
    expect_out "cloned_interfaces:  -> bridge0"
    run sysrc -f /etc/other.conf 'greeting=say "hi"'
    expect_out 'greeting:  -> say "hi"'
    expect_file_line "$JRUN_ROOT/etc/other.conf" 'greeting="say \"hi\""'
    run sysrc -f /etc/other.conf -n greeting
    expect_out 'say "hi"'
    expect_file_line "$JRUN_ROOT/etc/rc.conf" 'pf_enable="YES"'
    run sysrc nosuch_var
    expect_status 1
    expect_err "sysrc: unknown variable 'nosuch_var'"
    sysrc -x pf_enable
    run sysrc -n pf_enable
    expect_out NO
}

t_service_follows_rc_subr() {
    setup
    run service ntpd start
    expect_status 1
    expect_err "Cannot 'start' ntpd. Set ntpd_enable to YES in /etc/rc.conf or use 'onestart' instead of 'start'."
    run service ntpd onestart
    expect_out "Starting ntpd."
    run service ntpd onestart
    expect_err_line "ntpd already running? (pid=$(awk '$1 == "ntpd" { print $2 }' "$FAKEBSD_STATE/run/host/services"))."
    run service ntpd onestatus
    expect_status 0
    service ntpd onestop >/dev/null
    run service ntpd onestop
    expect_err "ntpd not running? (check /var/run/ntpd.pid)."
    run service nosuch start
    expect_err "nosuch does not exist in /etc/rc.d or the local startup directories (/usr/local/etc/rc.d), or is not executable"
    run service ntpd enable
    expect_out "ntpd enabled in /etc/rc.conf"
}

t_pfctl_checks_syntax_and_loads_anchors() {
    setup
    write_pf_conf
    run pfctl -nf /etc/pf.conf
    expect_err "pfctl: /dev/pf: No such file or directory"
    kldload pf
    run pfctl -nf /etc/pf.conf
    expect_status 0
    printf 'pass in on $nope\nblock in all\nnat on vtnet0 from any to any -> (vtnet0)\n' >"$JRUN_ROOT/etc/bad.conf"
    run pfctl -nf /etc/bad.conf
    expect_status 1
    expect_err "/etc/bad.conf:1: macro 'nope' not defined
/etc/bad.conf:1: syntax error
/etc/bad.conf:3: Rules must be in order: options, ethernet, normalization, queueing, translation, filtering
pfctl: Syntax error in config file: pf rules not loaded"
    pfctl -f /etc/pf.conf
    run pfctl -a jrun/managed -s nat
    expect_out "rdr pass on vtnet0 inet proto tcp from any to (vtnet0) port 8080 -> 10.17.89.10 port 80"
    pfctl -e 2>/dev/null
    run pfctl -e
    expect_err "pfctl: pf already enabled"
    run pfctl -s info
    expect_out_line "Status: Enabled for 0 days 00:00:00          Debug: Urgent"
}

t_monit_checks_and_supervises() {
    setup
    make_jail web 10
    jail -c -f /usr/local/jailrun/jails/web/jail.conf web >/dev/null
    run jexec web monit -t
    expect_status 127
    expect_err "sh: monit: not found"
    jexec web pkg install -y monit >/dev/null
    write_monitrc web
    chmod 644 "$JRUN_ROOT/usr/local/jailrun/jails/web/root/usr/local/etc/monitrc"
    run jexec web monit -t
    expect_err "The control file '/usr/local/etc/monitrc' must have permissions no more than -rwx------ (0700); right now permissions are -rw-r--r-- (0644)."
    chmod 600 "$JRUN_ROOT/usr/local/jailrun/jails/web/root/usr/local/etc/monitrc"
    run jexec web monit -t
    expect_out "Control file syntax OK"
    run jexec web monit status
    expect_err "Cannot connect to the monit daemon. Did you start it with http support?"
    jexec web service monit onestart >/dev/null
    jexec web monit -g jrun stop all
    run jexec web monit summary web-app
    expect_out_line "│ web-app                         │ Not monitored              │ Process       │"
    jexec web monit -g jrun start all
    fakebsd health jail:web web-app-health fail
    run jexec web monit summary
    expect_out_line "│ web-app                         │ OK                         │ Process       │"
    expect_out_line "│ web-app-health                  │ Status failed              │ Program       │"
    run jexec web monit restart nosuch
    expect_status 1
    expect_err "Service 'nosuch' not found"
    printf 'check process x with pidfile /x\n  frobnicate now\n' >>"$JRUN_ROOT/usr/local/jailrun/jails/web/root/usr/local/etc/monitrc"
    run jexec web monit reload
    expect_status 1
    expect_err "/usr/local/etc/monitrc:14: syntax error 'frobnicate'"
}

t_pkg_installs_from_the_catalog_only() {
    setup
    run pkg install -y nosuch
    expect_status 1
    expect_err "pkg: No packages available to install matching 'nosuch' have been found in the repositories"
    run pkg install -y curl
    expect_out_line "	curl: 8.14.1"
    run pkg info -e curl
    expect_status 0
    run pkg install -y curl
    expect_out_line "The most recent versions of packages are already installed"
    run pkg install curl zstd
    expect_status 1
    make_jail web 10
    rm "$JRUN_ROOT/usr/local/jailrun/jails/web/root/etc/resolv.conf"
    jail -c -f /usr/local/jailrun/jails/web/jail.conf web >/dev/null
    run jexec web pkg install -y monit
    expect_status 1
    expect_err "pkg: Error fetching pkg+https://pkg.FreeBSD.org/FreeBSD:15:amd64/quarterly/meta.conf: Non-recoverable resolver failure"
}

t_fetch_serves_fixtures_and_sha256_checks_them() {
    setup
    out=$(fakebsd release "$FAKEBSD_STATE/fixtures" 15.0-RELEASE)
    base=https://download.freebsd.org/releases/amd64/amd64/15.0-RELEASE
    mkdir -p "$JRUN_ROOT/usr/local/jailrun/releases"
    run fetch -q -o /usr/local/jailrun/releases/base.txz "$base/base.txz"
    expect_status 0
    sum=$(awk '{ print $2 }' "$out/MANIFEST")
    run sha256 -q -c "$sum" /usr/local/jailrun/releases/base.txz
    expect_out "$sum"
    run sha256 -c 0000 /usr/local/jailrun/releases/base.txz
    expect_status 2
    run fetch -o /tmp/x "$base/nothere.txz"
    expect_err "fetch: $base/nothere.txz: Not Found"
    mkdir -p "$JRUN_ROOT/usr/local/jailrun/releases/15.0-RELEASE"
    tar -xf /usr/local/jailrun/releases/base.txz -C /usr/local/jailrun/releases/15.0-RELEASE
    [ -f "$JRUN_ROOT/usr/local/jailrun/releases/15.0-RELEASE/COPYRIGHT" ] || fail "tar did not extract into the tree"
}

t_kernel_and_identity_tools() {
    setup
    run kldload pf
    expect_status 0
    run kldload pf
    expect_err "kldload: can't load pf: module already loaded or in kernel"
    run kldload nosuch
    expect_err "kldload: can't load nosuch: No such file or directory"
    run sysctl net.inet.ip.forwarding=1
    expect_out "net.inet.ip.forwarding: 0 -> 1"
    run sysctl -n hw.machine_arch
    expect_out amd64
    run sysctl no.such.oid
    expect_err "sysctl: unknown oid 'no.such.oid'"
    run uname -r
    expect_out 15.0-RELEASE
    run hostname
    expect_out freebsd
}

t_unbound_checkconf_and_control() {
    setup
    mkdir -p "$JRUN_ROOT/var/unbound/conf.d"
    printf 'server:\n  username: unbound\n  directory: /var/unbound\n  chroot: ""\ninclude: /var/unbound/conf.d/*.conf\nremote-control:\n  control-enable: yes\n' \
        >"$JRUN_ROOT/var/unbound/unbound.conf"
    printf 'server:\n  interface: 10.17.89.1\n  local-zone: "jrun." static\n  local-data: "web.local.jrun. IN A 10.17.89.10"\n' \
        >"$JRUN_ROOT/var/unbound/conf.d/jrun.conf"
    run local-unbound-checkconf
    expect_out "unbound-checkconf: no errors in /var/unbound/unbound.conf"
    sysrc local_unbound_enable=YES >/dev/null
    service local_unbound start >/dev/null
    run local-unbound-control list_local_data
    expect_out "web.local.jrun.	3600	IN	A	10.17.89.10"
    printf '  local-data: "web.local.jrun. IN A 10.17.89.999"\n  bogus: 1\n' >>"$JRUN_ROOT/var/unbound/conf.d/jrun.conf"
    run service local_unbound reload
    expect_status 1
    expect_err "/var/unbound/conf.d/jrun.conf:5: error: bad local-data 'web.local.jrun. IN A 10.17.89.999'
/var/unbound/conf.d/jrun.conf:6: error: unknown keyword 'bogus'
read /var/unbound/unbound.conf failed: 2 errors in configuration file"
}

main "$@"
