# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# A minimal unbound.conf checker for local-unbound-checkconf and service local_unbound:
# clauses (server:, remote-control:, forward-zone:, stub-zone:), known keywords, include:
# globs, local-zone/local-data syntax, IPv4/IPv6 addresses. Messages follow unbound-checkconf.

# unbound_records FILE(guest) ROOT: records with include: statements expanded.
unbound_records() {
    _ur_root=$2
    _ur_real=$2$1
    [ -f "$_ur_real" ] || return 0
    awk -v f="$1" '{ print f "\t" NR "\t" $0 }' "$_ur_real" | while IFS="$(printf '\t')" read -r _ur_f _ur_l _ur_t; do
        _ur_inc=$(printf '%s\n' "$_ur_t" | sed -n 's/^[[:space:]]*include:[[:space:]]*"\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p')
        if [ -z "$_ur_inc" ]; then
            printf '%s\t%s\t%s\n' "$_ur_f" "$_ur_l" "$_ur_t"
            continue
        fi
        IFS=
        # shellcheck disable=SC2086 # the pattern is globbed on purpose, never split
        set -- $_ur_root$_ur_inc
        IFS=' '
        for _ur_file in "$@"; do
            [ -f "$_ur_file" ] && unbound_records "${_ur_file#"$_ur_root"}" "$_ur_root"
        done
    done
}

# unbound_check ROOT [CONFIG]: check the configuration; errors on stderr, status 1.
unbound_check() {
    _uc_conf=${2:-/var/unbound/unbound.conf}
    if [ ! -f "$1$_uc_conf" ]; then
        echo "$_uc_conf: No such file or directory" >&2
        echo "read $_uc_conf failed: 1 errors in configuration file" >&2
        return 1
    fi
    unbound_records "$_uc_conf" "$1" | awk -v conf="$_uc_conf" '
        BEGIN {
            FS = "\t"
            split("server remote-control forward-zone stub-zone auth-zone view python dynlib rpz cachedb", c, " ")
            for (i in c) clause[c[i]] = 1
            split("username directory chroot pidfile interface port access-control do-ip4 do-ip6 do-udp do-tcp " \
                "verbosity logfile use-syslog hide-identity hide-version local-zone local-data local-data-ptr " \
                "domain-insecure module-config auto-trust-anchor-file trust-anchor-file harden-glue " \
                "harden-dnssec-stripped prefetch cache-min-ttl cache-max-ttl num-threads outgoing-interface " \
                "so-reuseport private-address private-domain do-not-query-localhost val-permissive-mode " \
                "tls-cert-bundle qname-minimisation serve-expired control-enable control-interface control-port " \
                "control-use-cert server-key-file server-cert-file control-key-file control-cert-file name " \
                "forward-addr forward-host forward-first forward-tls-upstream stub-addr stub-host stub-first " \
                "edns-buffer-size", k, " ")
            for (i in k) known[k[i]] = 1
        }
        function err(msg) { printf "%s:%d: error: %s\n", $1, $2, msg; n++ }
        function v4(a,   o, i) {
            if (a !~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/) return 0
            split(a, o, "."); for (i = 1; i <= 4; i++) if (o[i] + 0 > 255) return 0
            return 1
        }
        function ip(a,   b) {
            b = a; sub(/@[0-9]+$/, "", b); sub(/\/[0-9]+$/, "", b)
            return v4(b) || b ~ /^[0-9a-fA-F:]+:[0-9a-fA-F:]*$/
        }
        {
            t = $3; sub(/^[ \t]+/, "", t)
            if (t ~ /^#/ || t == "") next
            sub(/[ \t]+#.*$/, "", t)
            key = t; sub(/:.*/, "", key); val = substr(t, length(key) + 2); gsub(/^[ \t]+|[ \t]+$/, "", val)
            if (index(t, ":") == 0) { err("syntax error"); next }
            if (key in clause) { if (val != "") err("syntax error"); cur = key; next }
            if (!(key in known)) { err("unknown keyword \047" key "\047"); next }
            if (cur == "") { err("syntax error"); next }
            uq = val; if (uq ~ /^".*"$/) uq = substr(uq, 2, length(uq) - 2)
            if (key == "interface" || key == "forward-addr" || key == "stub-addr") { if (!ip(uq)) err("cannot parse ip address: \047" uq "\047") }
            else if (key == "access-control") {
                split(val, a, /[ \t]+/)
                if (!ip(a[1]) || a[2] !~ /^(allow|deny|refuse|allow_snoop|deny_non_local|refuse_non_local|allow_setrd)$/) err("syntax error")
            } else if (key == "local-data") {
                if (val !~ /^".*"$/) { err("syntax error"); next }
                m = split(uq, f, /[ \t]+/)
                if (m < 3) err("syntax error")
                else {
                    ty = (f[2] == "IN") ? f[3] : f[2]; rd = (f[2] == "IN") ? f[4] : f[3]
                    if (ty == "A" && !v4(rd)) err("bad local-data \047" uq "\047")
                    if (ty == "AAAA" && rd !~ /:/) err("bad local-data \047" uq "\047")
                }
            } else if (key == "local-zone") {
                m = split(val, f, /[ \t]+/)
                if (m != 2 || f[2] !~ /^(deny|refuse|static|transparent|typetransparent|redirect|nodefault|inform|inform_deny|always_transparent|always_refuse|always_nxdomain|noview)$/)
                    err("bad local-zone type")
            } else if (key ~ /^do-|^hide-|^harden-|chroot|use-syslog|control-enable|forward-first|prefetch/) {
                if (key != "chroot" && uq !~ /^(yes|no)$/) err("expected yes or no.")
            }
        }
        END {
            if (n) { printf "read %s failed: %d errors in configuration file\n", conf, n; exit 1 }
        }' >&2
}
