#!/bin/sh
# jrun: bootstrap the jail host
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
# jrun_die MESSAGE: stop with MESSAGE on stderr.
jrun_die() {
    printf 'jrun: %s\n' "$1" >&2
    exit 1
}
# jrun_pend ID, jrun_due ID, jrun_done ID: handlers still to run (see the Rationale in jrun).
jrun_pend() {
    mkdir -p "$JRUN_ROOT/var/db/jrun/pending"
    : >"$JRUN_ROOT/var/db/jrun/pending/$1"
}
jrun_due() {
    [ -e "$JRUN_ROOT/var/db/jrun/pending/$1" ]
}
jrun_done() {
    rm -f "$JRUN_ROOT/var/db/jrun/pending/$1"
}
# jrun_sysrc NAME VALUE: set an rc.conf variable unless it holds VALUE already.
jrun_sysrc() {
    jrun_cur=$(sysrc -n "$1" 2>/dev/null) || jrun_cur=
    [ "$jrun_cur" = "$2" ] || sysrc "$1=$2"
}
# jrun_sysrc_add NAME WORD: add WORD to a list variable unless it is in it already.
jrun_sysrc_add() {
    jrun_cur=$(sysrc -n "$1" 2>/dev/null) || jrun_cur=
    case " $jrun_cur " in
        *" $2 "*) ;;
        *) sysrc "$1+=$2" ;;
    esac
}
# jrun_setline FILE KEY LINE: make LINE the only KEY= line of FILE (in place of the first).
jrun_setline() {
    { [ ! -f "$1" ] || cat "$1"; } | awk -v k="$2" -v l="$3" '
        { t = $0; sub(/^[ \t]+/, "", t) }
        index(t, k "=") == 1 { if (!done) print l; done = 1; next }
        { print }
        END { if (!done) print l }' >"$1.jrun-new"
    jrun_install "$1.jrun-new" "$1" 0644 || :
}
# jrun_block FILE MARKER BLOCKFILE [PENDING]: replace the "# BEGIN MARKER" ... "# END MARKER"
# block of FILE (or append it) with the contents of BLOCKFILE; other lines stay as they are.
jrun_block() {
    { [ ! -f "$1" ] || cat "$1"; } | awk -v b="# BEGIN $2" -v e="# END $2" -v f="$3" -v file="${1#"$JRUN_ROOT"}" '
        function emit(  l) { while ((getline l < f) > 0) print l; close(f); done = 1 }
        $0 == b { skip = 1; if (!done) emit(); next }
        skip { if ($0 == e) skip = 0; next }
        { print }
        END {
            if (skip) { printf "jrun: %s has \"%s\" without \"%s\": fix the file by hand\n", file, b, e > "/dev/stderr"; exit 3 }
            if (!done) emit()
        }' >"$1.jrun-new"
    rm -f "$3"
    if jrun_install "$1.jrun-new" "$1" 0644; then
        [ -z "${4:-}" ] || jrun_pend "$4"
    fi
}
# jrun_retry COMMAND...: run COMMAND up to three times ($JRUN_RETRY_DELAY seconds apart).
jrun_retry() {
    jrun_try=1
    until "$@"; do
        [ "$jrun_try" -lt 3 ] || return 1
        jrun_try=$((jrun_try + 1))
        sleep "${JRUN_RETRY_DELAY:-10}"
    done
}
# jrun_fetch URL FILE: download URL to FILE (through FILE.part, so FILE is always complete).
jrun_fetch() {
    jrun_retry fetch -q -o "$2.part" "$1" || jrun_die "cannot download $1"
    mv -f "$2.part" "$2"
}
# jrun_unbound_apply: check the DNS configuration, then reload (or start) local_unbound when
# a file changed or it is not running.
jrun_unbound_apply() {
    if jrun_due unbound || ! service local_unbound status >/dev/null 2>&1; then
        local-unbound-checkconf >/dev/null ||
            jrun_die "local-unbound-checkconf rejected the DNS configuration (see above)"
        if service local_unbound status >/dev/null 2>&1; then
            service local_unbound reload
        else
            service local_unbound start
        fi
        jrun_done unbound
    fi
}


jrun_step=pkg
printf '@jrun step %s %s\n' pkg 'package repositories and host tools'
mkdir -p "$JRUN_ROOT"/usr/local/etc/pkg/repos
jrun_tmp="$JRUN_ROOT"/usr/local/etc/pkg/repos/FreeBSD.conf.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# managed by jrun: package repositories of the jail host
FreeBSD-ports: {
  url: "https://pkg.FreeBSD.org/${ABI}/quarterly",
  mirror_type: "none",
  signature_type: "fingerprints",
  fingerprints: "/usr/share/keys/pkg",
  enabled: yes
}
FreeBSD-ports-kmods: {
  url: "https://pkg.FreeBSD.org/${ABI}/kmods_quarterly_0",
  mirror_type: "none",
  signature_type: "fingerprints",
  fingerprints: "/usr/share/keys/pkg",
  enabled: yes
}
FreeBSD-base: {
  enabled: no
}
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/etc/pkg/repos/FreeBSD.conf 0644; then
jrun_pend pkg-update
fi
pkg -N >/dev/null 2>&1 || jrun_retry pkg bootstrap -y
if jrun_due pkg-update; then
    jrun_retry pkg update -f
    jrun_done pkg-update
fi
jrun_missing=
for jrun_pkg in btop fping curl zstd; do
    pkg info -e "$jrun_pkg" || jrun_missing="$jrun_missing $jrun_pkg"
done
# shellcheck disable=SC2086 # a list of package names
[ -z "$jrun_missing" ] || jrun_retry pkg install -y $jrun_missing

jrun_step=boot
printf '@jrun step %s %s\n' boot 'loader and sysctl settings'
jrun_setline "$JRUN_ROOT"/boot/loader.conf kern.hz kern.hz=100
jrun_setline "$JRUN_ROOT"/boot/loader.conf virtio_load 'virtio_load="YES"'
jrun_setline "$JRUN_ROOT"/boot/loader.conf virtio_p9fs_load 'virtio_p9fs_load="YES"'
jrun_setline "$JRUN_ROOT"/etc/sysctl.conf vfs.zfs.arc_max vfs.zfs.arc_max=2147483648

jrun_step=pf
printf '@jrun step %s %s\n' pf 'packet filter with NAT and the forwards anchor'
kldstat -q -m pf || kldload pf
mkdir -p "$JRUN_ROOT"/etc/pf.anchors
if [ ! -e "$JRUN_ROOT"/etc/pf.anchors/jrun-forwards.conf ]; then
cat >"$JRUN_ROOT"/etc/pf.anchors/jrun-forwards.conf.jrun-new <<'JRUN_BLOCK'
# managed by jrun: port forwards into jails (rewritten on every up)
JRUN_BLOCK
mv -f "$JRUN_ROOT"/etc/pf.anchors/jrun-forwards.conf.jrun-new "$JRUN_ROOT"/etc/pf.anchors/jrun-forwards.conf
printf '@jrun changed %s\n' /etc/pf.anchors/jrun-forwards.conf
fi
jrun_tmp="$JRUN_ROOT"/etc/pf.conf.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# managed by jrun: packet filter of the jail host
ext_if = "vtnet0"
jrun_if = "bridge0"
jrun_net = "10.17.89.0/24"
ygg_if = "ygg0"

set block-policy return
set skip on lo
scrub in on $ext_if all fragment reassemble

nat on $ext_if from $jrun_net to any -> ($ext_if)
rdr-anchor "jrun/*"
load anchor "jrun/managed" from "/etc/pf.anchors/jrun-forwards.conf"

block in all
pass out quick keep state
antispoof for $ext_if
pass in on $ext_if proto tcp to port ssh flags any keep state (sloppy)
pass quick on $jrun_if
pass quick on $ygg_if inet6
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/etc/pf.conf 0644; then
jrun_pend pf
fi
jrun_sysrc pf_enable YES
if jrun_due pf; then
    pfctl -nf /etc/pf.conf
    pfctl -f /etc/pf.conf
    jrun_done pf
fi
pfctl -s info | grep -q '^Status: Enabled' || pfctl -e

jrun_step=bridge
printf '@jrun step %s %s\n' bridge 'bridge0 at 10.17.89.1/24 and IP forwarding'
jrun_sysrc_add cloned_interfaces bridge0
jrun_sysrc ifconfig_bridge0 'inet 10.17.89.1/24'
jrun_sysrc gateway_enable YES
ifconfig bridge0 >/dev/null 2>&1 || ifconfig bridge0 create
ifconfig bridge0 | grep -q '^[[:space:]]inet 10\.17\.89\.1 ' ||
    ifconfig bridge0 inet 10.17.89.1/24 up
ifconfig bridge0 | head -n 1 | grep -q '[<,]UP[,>]' || ifconfig bridge0 up
[ "$(sysctl -n net.inet.ip.forwarding)" = 1 ] || sysctl net.inet.ip.forwarding=1

jrun_step=ntpd
printf '@jrun step %s %s\n' ntpd 'ntpd that accepts the clock jumps of a suspended VM'
if ! grep -qx 'tinker panic 0' "$JRUN_ROOT"/etc/ntp.conf; then
    { echo 'tinker panic 0'; cat "$JRUN_ROOT"/etc/ntp.conf; } >"$JRUN_ROOT"/etc/ntp.conf.jrun-new
    jrun_install "$JRUN_ROOT"/etc/ntp.conf.jrun-new "$JRUN_ROOT"/etc/ntp.conf 0644 || :
    jrun_pend ntpd
fi
jrun_sysrc ntpd_enable YES
if ! service ntpd status >/dev/null 2>&1; then
    service ntpd start
    jrun_done ntpd
elif jrun_due ntpd; then
    service ntpd restart
    jrun_done ntpd
fi

jrun_step=zfs
printf '@jrun step %s %s\n' zfs 'ZFS datasets for jails and releases'
zfs list -H -o name zroot/jailrun >/dev/null 2>&1 ||
    zfs create -o mountpoint=/usr/local/jailrun zroot/jailrun
zfs list -H -o name zroot/jailrun/jails >/dev/null 2>&1 ||
    zfs create zroot/jailrun/jails
zfs list -H -o name zroot/jailrun/releases >/dev/null 2>&1 ||
    zfs create zroot/jailrun/releases
mkdir -p "$JRUN_ROOT"/var/log/jailrun

jrun_step=release
printf '@jrun step %s %s\n' release 'release 15.0-RELEASE'
jrun_release=15.0-RELEASE jrun_dataset=zroot/jailrun/releases/15.0-RELEASE
jrun_dir="$JRUN_ROOT"/usr/local/jailrun/releases/15.0-RELEASE jrun_dl="$JRUN_ROOT"/usr/local/jailrun/downloads/15.0-RELEASE
jrun_url=https://download.freebsd.org/releases/amd64/amd64/15.0-RELEASE
if ! zfs list -H -o name -t snapshot "$jrun_dataset@base" >/dev/null 2>&1; then
    mkdir -p "$jrun_dl"
    [ -f "$jrun_dl/MANIFEST" ] || jrun_fetch "${jrun_url%/}/MANIFEST" "$jrun_dl/MANIFEST"
    [ -f "$jrun_dl/base.txz" ] || jrun_fetch "${jrun_url%/}/base.txz" "$jrun_dl/base.txz"
    jrun_want=$(awk '$1 == "base.txz" { print $2 }' "$jrun_dl/MANIFEST")
    jrun_have=$(sha256 -q "$jrun_dl/base.txz")
    if [ -z "$jrun_want" ] || [ "$jrun_want" != "$jrun_have" ]; then
        rm -f "$jrun_dl/base.txz" "$jrun_dl/MANIFEST"
        jrun_die "base.txz of $jrun_release does not match its MANIFEST (SHA-256 ${jrun_have}, expected ${jrun_want:-none}): refusing to extract it. The download was removed; run again to fetch it anew, or check the release URL $jrun_url"
    fi
    # A dataset without @base holds an interrupted extraction: start it again from scratch.
    if zfs list -H -o name "$jrun_dataset" >/dev/null 2>&1; then
        zfs destroy -r "$jrun_dataset"
    fi
    zfs create "$jrun_dataset"
    tar -xf "$jrun_dl/base.txz" -C "$jrun_dir"
    : >"$jrun_dir/root/.hushlogin"
    mkdir -p "$jrun_dir/usr/share/skel"
    : >"$jrun_dir/usr/share/skel/dot.hushlogin"
    zfs snapshot "$jrun_dataset@base"
    rm -rf "$jrun_dl"
fi

jrun_step=devfs
printf '@jrun step %s %s\n' devfs 'devfs ruleset for VNET jails'
cat >"$JRUN_ROOT"/etc/devfs.rules.jrun-block <<'JRUN_BLOCK'
# BEGIN JRUN DEVFS
[devfsrules_jail_jrun=10]
add include $devfsrules_jail_vnet
add path 'tun*' unhide
# END JRUN DEVFS
JRUN_BLOCK
jrun_block "$JRUN_ROOT"/etc/devfs.rules 'JRUN DEVFS' "$JRUN_ROOT"/etc/devfs.rules.jrun-block devfs
if jrun_due devfs; then
    service devfs restart
    jrun_done devfs
fi

jrun_step=jails
printf '@jrun step %s %s\n' jails 'jail.conf including one file per jail'
mkdir -p "$JRUN_ROOT"/etc/jail.conf.d
cat >"$JRUN_ROOT"/etc/jail.conf.jrun-block <<'JRUN_BLOCK'
# BEGIN JRUN JAILS
.include "/etc/jail.conf.d/*.conf";
# END JRUN JAILS
JRUN_BLOCK
jrun_block "$JRUN_ROOT"/etc/jail.conf 'JRUN JAILS' "$JRUN_ROOT"/etc/jail.conf.jrun-block
jrun_sysrc jail_enable YES

jrun_step=dns
printf '@jrun step %s %s\n' dns 'local_unbound resolving jail names'
jrun_sysrc local_unbound_enable YES
mkdir -p "$JRUN_ROOT"/var/unbound/conf.d
if [ ! -e "$JRUN_ROOT"/var/unbound/conf.d/jrun-peers.conf ]; then
    { echo '# managed by jrun: records of paired mesh peers (written by pairing)'
      echo 'server:'
      [ ! -f "$JRUN_ROOT"/var/unbound/conf.d/jrun.conf ] || sed -n '/^# BEGIN JRUN PEERS$/,/^# END JRUN PEERS$/p' "$JRUN_ROOT"/var/unbound/conf.d/jrun.conf
    } >"$JRUN_ROOT"/var/unbound/conf.d/jrun-peers.conf.jrun-new
    jrun_install "$JRUN_ROOT"/var/unbound/conf.d/jrun-peers.conf.jrun-new "$JRUN_ROOT"/var/unbound/conf.d/jrun-peers.conf 0644 || :
    jrun_pend unbound
fi
if [ ! -e "$JRUN_ROOT"/var/unbound/conf.d/jrun.conf ]; then
cat >"$JRUN_ROOT"/var/unbound/conf.d/jrun.conf.jrun-new <<'JRUN_BLOCK'
# managed by jrun: jail records (rewritten on every up; peers live in
# jrun-peers.conf)
server:
    interface: 127.0.0.1
    interface: 10.17.89.1
    access-control: 127.0.0.0/8 allow
    access-control: 10.17.89.0/24 allow
    local-zone: "jrun." static
forward-zone:
    name: "."
    forward-addr: 10.0.2.3
JRUN_BLOCK
mv -f "$JRUN_ROOT"/var/unbound/conf.d/jrun.conf.jrun-new "$JRUN_ROOT"/var/unbound/conf.d/jrun.conf
printf '@jrun changed %s\n' /var/unbound/conf.d/jrun.conf
jrun_pend unbound
fi
jrun_tmp="$JRUN_ROOT"/var/unbound/unbound.conf.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# managed by jrun: local_unbound of the jail host
server:
    username: unbound
    directory: /var/unbound
    chroot: ""
    pidfile: /var/run/local_unbound.pid
remote-control:
    control-enable: yes
    control-interface: /var/run/local_unbound.ctl
    control-use-cert: no
include: /var/unbound/conf.d/jrun.conf
include: /var/unbound/conf.d/jrun-peers.conf
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/var/unbound/unbound.conf 0644; then
jrun_pend unbound
fi
jrun_unbound_apply
jrun_sysrc resolv_enable NO
cat >"$JRUN_ROOT"/etc/dhclient.conf.jrun-block <<'JRUN_BLOCK'
# BEGIN JRUN DNS
interface "vtnet0" {
    supersede domain-name-servers 127.0.0.1;
    prepend domain-search "local.jrun";
}
# END JRUN DNS
JRUN_BLOCK
jrun_block "$JRUN_ROOT"/etc/dhclient.conf 'JRUN DNS' "$JRUN_ROOT"/etc/dhclient.conf.jrun-block
jrun_tmp="$JRUN_ROOT"/etc/resolv.conf.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# managed by jrun: the VM resolves through local_unbound
search local.jrun
nameserver 127.0.0.1
JRUN_EOF
jrun_install "$jrun_tmp" "$JRUN_ROOT"/etc/resolv.conf 0644 || :

jrun_step=marker
printf '@jrun step %s %s\n' marker 'record the bootstrap'
mkdir -p "$JRUN_ROOT"/var/db/jrun
jrun_tmp="$JRUN_ROOT"/var/db/jrun/bootstrap.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
1
JRUN_EOF
jrun_install "$jrun_tmp" "$JRUN_ROOT"/var/db/jrun/bootstrap 0644 || :
