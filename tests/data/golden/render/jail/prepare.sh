#!/bin/sh
# jrun: prepare jail web
set -eu
: "${JRUN_ROOT:=}"
jrun_step=start
jrun_status=0
trap 'jrun_status=$?; [ "$jrun_status" -eq 0 ] || printf "@jrun failed %s %s\n" "$jrun_step" "$jrun_status"' EXIT
# jrun_install TMP DEST MODE: put TMP in place of DEST unless both hold the same bytes.
# Returns 0 when DEST changed, so callers can reload what reads it.
jrun_install() {
    if [ -f "$2" ] && cmp -s "$1" "$2"; then
        rm -f "$1"
        chmod "$3" "$2"
        return 1
    fi
    chmod "$3" "$1"
    mv -f "$1" "$2"
    printf '@jrun changed %s\n' "${2#"$JRUN_ROOT"}"
}
# jrun_ds DATASET: true when DATASET (or snapshot) exists.
jrun_ds() { zfs list -H -o name "$1" >/dev/null 2>&1; }
# jrun_running JAIL: true when jail JAIL runs.
jrun_running() { jls -j "$1" jid >/dev/null 2>&1; }
# jrun_rc FILE NAME VALUE: set NAME in rc.conf FILE unless it has VALUE.
jrun_rc() {
    [ "$(sysrc -f "$1" -n "$2" 2>/dev/null)" = "$3" ] || sysrc -f "$1" "$2=$3" >/dev/null
}
# jrun_mkdir DIR: create DIR (a "$JRUN_ROOT" path) unless it exists.
jrun_mkdir() { [ -d "$1" ] || mkdir -p "$1"; }
# jrun_rmdir DIR: remove DIR (a "$JRUN_ROOT" path) when it is an empty directory.
jrun_rmdir() { [ ! -d "$1" ] || rmdir "$1" 2>/dev/null || :; }
# jrun_nullfs_at TARGET: print "SOURCE OPTIONS" of the nullfs mount on TARGET.
jrun_nullfs_at() {
    mount -p -t nullfs | T=$1 awk '$2 == ENVIRON["T"] { print $1 " " $4 }'
}
# jrun_mounts_below DIR: mountpoints (not ZFS) strictly below DIR, deepest first.
jrun_mounts_below() {
    mount -p | D=$1/ awk '$3 != "zfs" && index($2, ENVIRON["D"]) == 1 { print $2 }' | sort -r
}
# jrun_monit_up JAIL: true when monit runs in JAIL and answers.
jrun_monit_up() { jrun_running "$1" && jexec "$1" monit summary >/dev/null 2>&1; }
# jrun_clones_of DATASET: private names of the jails cloned from a snapshot of DATASET.
jrun_clones_of() {
    zfs list -H -o name,origin -t filesystem -r zroot/jailrun/jails |
        P=$1@ awk -F'\t' 'index($2, ENVIRON["P"]) == 1 { n = $1; sub(/\/root$/, "", n); sub(/.*\//, "", n); print n }'
}


jrun_step=create
printf '@jrun step %s %s\n' create 'create the datasets of web'
jrun_ds zroot/jailrun/jails/j4b5e57f6eb2f || zfs create zroot/jailrun/jails/j4b5e57f6eb2f
if ! jrun_ds zroot/jailrun/jails/j4b5e57f6eb2f/root; then
    zfs clone zroot/jailrun/releases/15.0-RELEASE@base zroot/jailrun/jails/j4b5e57f6eb2f/root
fi
if [ -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/.jrun-clone-reset ]; then
    rm -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/ssh/ssh_host_* "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/yggdrasil.key "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/db/monit.id "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/db/monit.state
    rm -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/*.monitrc "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/* "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/run/jrun/* "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/log/jailrun/*
    rm -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/.jrun-clone-reset
fi
chmod 0700 "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f

jrun_step=restart
printf '@jrun step %s %s\n' restart 'stop web if its address changed'
if jrun_running j4b5e57f6eb2f && ! ifconfig epair11a >/dev/null 2>&1; then
    jail -r -f /usr/local/jailrun/jails/j4b5e57f6eb2f/jail.conf j4b5e57f6eb2f
fi

jrun_step=config
printf '@jrun step %s %s\n' config 'write the configuration of web'
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/jail.conf.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# jrun: jail web (generated; do not edit)
j4b5e57f6eb2f {
    $id = 11;
    $epair = "epair${id}";
    $bridge = "bridge0";
    exec.start = "/bin/sh /etc/rc";
    exec.stop = "/bin/sh /etc/rc.shutdown jail";
    exec.clean;
    exec.consolelog = "/var/log/jailrun/j4b5e57f6eb2f.log";
    path = "/usr/local/jailrun/jails/j4b5e57f6eb2f/root";
    mount.devfs;
    mount.fstab = "/usr/local/jailrun/jails/j4b5e57f6eb2f/fstab";
    devfs_ruleset = 10;
    host.hostname = "web";
    persist;
    allow.raw_sockets;
    allow.chflags;
    allow.sysvipc = 1;
    vnet;
    vnet.interface = "${epair}b";
    exec.prestart = "ifconfig ${epair}a destroy 2>/dev/null || true";
    exec.prestart += "ifconfig ${epair} create up";
    exec.prestart += "ifconfig ${epair}a up descr vnet:j4b5e57f6eb2f";
    exec.prestart += "ifconfig ${bridge} addm ${epair}a up";
    exec.poststop = "ifconfig ${bridge} deletem ${epair}a";
    exec.poststop += "ifconfig ${epair}a destroy";
}
JRUN_EOF
jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/jail.conf 0644 || :
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/fstab.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# jrun: nullfs mounts of this jail (generated; do not edit)
/mnt/jrun/jrun_0df1f6fe00 /usr/local/jailrun/jails/j4b5e57f6eb2f/root/srv/app nullfs rw 0 0
/mnt/jrun/jrun_301935daca /usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/db/data nullfs ro 0 0
JRUN_EOF
jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/fstab 0644 || :
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/resolv.conf.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# jrun: generated; do not edit
search local.jrun
nameserver 10.17.89.1
JRUN_EOF
jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/resolv.conf 0644 || :
jrun_mkdir "$JRUN_ROOT"/etc/jail.conf.d
jrun_mkdir "$JRUN_ROOT"/var/log/jailrun
if [ ! -L "$JRUN_ROOT"/etc/jail.conf.d/j4b5e57f6eb2f.conf ] || [ "$(readlink "$JRUN_ROOT"/etc/jail.conf.d/j4b5e57f6eb2f.conf)" != ../../usr/local/jailrun/jails/j4b5e57f6eb2f/jail.conf ]; then
    ln -sf ../../usr/local/jailrun/jails/j4b5e57f6eb2f/jail.conf "$JRUN_ROOT"/etc/jail.conf.d/j4b5e57f6eb2f.conf
fi
jrun_rc /usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf ifconfig_epair11b_name vnet0
jrun_rc /usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf ifconfig_vnet0 'inet 10.17.89.11/24'
jrun_rc /usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf defaultrouter 10.17.89.1
jrun_rc /usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf syslogd_flags -ss
jrun_rc /usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf sendmail_enable NONE
jrun_rc /usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf cron_flags '-J 60'
for jrun_n in $(sed -n 's/^\(ifconfig_epair[0-9]*b_name\)=.*/\1/p' "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf | sort -u); do
    [ "$jrun_n" = ifconfig_epair11b_name ] || sysrc -f /usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf -x "$jrun_n" >/dev/null
done
jrun_mkdir "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/srv/app
jrun_mkdir "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/db/data

jrun_step=start
printf '@jrun step %s %s\n' start 'start web'
jrun_running j4b5e57f6eb2f || jail -c -f /usr/local/jailrun/jails/j4b5e57f6eb2f/jail.conf j4b5e57f6eb2f

jrun_step=mounts
printf '@jrun step %s %s\n' mounts 'mount the shared directories of web'
jrun_cur=$(jrun_nullfs_at /usr/local/jailrun/jails/j4b5e57f6eb2f/root/srv/app)
if [ "$jrun_cur" != '/mnt/jrun/jrun_0df1f6fe00 rw' ]; then
    [ -z "$jrun_cur" ] || umount /usr/local/jailrun/jails/j4b5e57f6eb2f/root/srv/app
    mount -t nullfs -o rw /mnt/jrun/jrun_0df1f6fe00 /usr/local/jailrun/jails/j4b5e57f6eb2f/root/srv/app
fi
jrun_cur=$(jrun_nullfs_at /usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/db/data)
if [ "$jrun_cur" != '/mnt/jrun/jrun_301935daca ro' ]; then
    [ -z "$jrun_cur" ] || umount /usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/db/data
    mount -t nullfs -o ro /mnt/jrun/jrun_301935daca /usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/db/data
fi

jrun_step=packages
printf '@jrun step %s %s\n' packages 'install the packages web needs'
[ -x "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/bin/monit ] || jexec j4b5e57f6eb2f pkg install -y monit
[ -x "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/bin/python3.13 ] || jexec j4b5e57f6eb2f pkg install -y python313
