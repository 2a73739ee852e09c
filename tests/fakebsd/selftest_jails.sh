# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# Jail, network and mount tests of the fake FreeBSD userland; sourced by selftest.sh (see there).
# shellcheck disable=SC2016 # config texts and jexec commands are single-quoted on purpose

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

t_mount_listing_is_a_read_and_shows_read_only() {
    setup
    mkdir -p "$JRUN_ROOT/srv/src" "$JRUN_ROOT/mnt/ro" "$JRUN_ROOT/mnt/rw"
    mount -t nullfs -o ro /srv/src /mnt/ro
    mount -t nullfs /srv/src /mnt/rw
    : >"$FAKEBSD_STATE/log"
    run mount -p -t nullfs
    expect_out "/srv/src		/mnt/ro	nullfs	ro	0 0
/srv/src		/mnt/rw	nullfs	rw	0 0"
    run mount -t nullfs
    expect_out "/srv/src on /mnt/ro (nullfs, local, read-only)
/srv/src on /mnt/rw (nullfs, local)"
    [ -z "$(fakebsd changes)" ] || fail "a listing was logged as a change: $(fakebsd changes)"
}
