# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# zfs tests of the fake FreeBSD userland; sourced by selftest.sh (see there).
# shellcheck disable=SC2016 # config texts and jexec commands are single-quoted on purpose

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
