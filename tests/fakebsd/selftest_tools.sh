# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# Configuration tool tests of the fake FreeBSD userland; sourced by selftest.sh (see there).
# shellcheck disable=SC2016 # config texts and jexec commands are single-quoted on purpose

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

t_monit_accepts_repeat_after_an_exec_action() {
    setup
    make_jail web 10
    jail -c -f /usr/local/jailrun/jails/web/jail.conf web >/dev/null
    jexec web pkg install -y monit >/dev/null
    write_monitrc web
    f=$JRUN_ROOT/usr/local/jailrun/jails/web/root/usr/local/etc/monit.d/web-app.monitrc
    sed 's|then exec "/usr/local/bin/monit restart web-app"|& repeat every 3 cycles|' "$f" >"$f.new"
    mv "$f.new" "$f"
    grep -q 'repeat every 3 cycles' "$f" || fail "the test did not add repeat"
    run jexec web monit -t
    expect_out "Control file syntax OK"
    printf '    if status != 0 then alert repeat\n' >>"$f"
    run jexec web monit -t
    expect_status 1
}
