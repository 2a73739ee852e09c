# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# Network interfaces of the host and of each VNET jail: $S/net/host/<ifname> and
# $S/net/jail.<name>/<ifname>, each a key=value file:
#   kind=loopback|ether|bridge|epair  up=0|1  inet=ADDR/LEN ...  descr=TEXT  mac=..
#   members=IF ... (bridge)  unit=epairN side=a|b (epair)

# net_dir [JAIL]: directory of the host's or a jail's interfaces.
net_dir() {
    if [ -n "${1:-}" ]; then printf '%s' "$S/net/jail.$1"; else printf '%s' "$S/net/host"; fi
}

# net_ctx_dir: the interfaces visible in the current context (non-VNET jails see the host's).
net_ctx_dir() {
    if fb_in_jail && [ -d "$S/net/jail.$FB_JAIL" ]; then net_dir "$FB_JAIL"; else net_dir; fi
}

# net_unit_used UNIT: true when a cloned unit (epair10, bridge0) exists in any VNET.
net_unit_used() {
    for _nu in "$S"/net/*/*; do
        [ -f "$_nu" ] || continue
        case ${_nu##*/} in "$1" | "$1"a | "$1"b) return 0 ;; esac
        [ "$(kv_get "$_nu" unit)" = "$1" ] && return 0
    done
    return 1
}

# net_find_unit UNIT: files of every interface of a cloned epair unit, in any VNET.
net_find_unit() {
    for _nf in "$S"/net/*/*; do
        [ -f "$_nf" ] || continue
        [ "$(kv_get "$_nf" unit)" = "$1" ] && printf '%s\n' "$_nf"
    done
    return 0
}

# net_mac N: a deterministic MAC address.
net_mac() {
    printf '58:9c:fc:%02x:%02x:%02x\n' $(($1 / 65536 % 256)) $(($1 / 256 % 256)) $(($1 % 256))
}

# net_drop_member DIR IF: remove IF from every bridge of a VNET directory.
net_drop_member() {
    for _nd in "$1"/*; do
        [ -f "$_nd" ] || continue
        [ "$(kv_get "$_nd" kind)" = bridge ] || continue
        _nd_m=$(kv_get "$_nd" members | tr ' ' '\n' | grep -vx "$2" | paste -sd' ' - || true)
        kv_set "$_nd" members "$_nd_m"
    done
}

# net_return_vnet JAIL: give a removed jail's interfaces back to the host (with the names they
# have now, as FreeBSD does), destroying the jail's own loopback.
net_return_vnet() {
    _nr_dir=$(net_dir "$1")
    [ -d "$_nr_dir" ] || return 0
    for _nr in "$_nr_dir"/*; do
        [ -f "$_nr" ] || continue
        _nr_name=${_nr##*/}
        [ "$(kv_get "$_nr" kind)" = loopback ] && continue
        [ -e "$S/net/host/$_nr_name" ] && _nr_name=$(kv_get "$_nr" unit)$(kv_get "$_nr" side)
        kv_set "$_nr" up 0
        kv_set "$_nr" inet ""
        mv "$_nr" "$S/net/host/$_nr_name"
    done
    rm -rf "$_nr_dir"
}

# net_show FILE: print one interface as ifconfig(8) does (a deterministic subset).
net_show() {
    _ns_name=${1##*/}
    _ns_kind=$(kv_get "$1" kind)
    _ns_up=$(kv_get "$1" up)
    case $_ns_kind:$_ns_up in
        loopback:1) printf '%s: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n' "$_ns_name" ;;
        loopback:*) printf '%s: flags=1008008<LOOPBACK,MULTICAST,LOWER_UP> metric 0 mtu 16384\n' "$_ns_name" ;;
        *:1) printf '%s: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n' "$_ns_name" ;;
        *) printf '%s: flags=1008802<BROADCAST,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n' "$_ns_name" ;;
    esac
    _ns_descr=$(kv_get "$1" descr)
    [ -z "$_ns_descr" ] || printf '\tdescription: %s\n' "$_ns_descr"
    _ns_mac=$(kv_get "$1" mac)
    [ -z "$_ns_mac" ] || printf '\tether %s\n' "$_ns_mac"
    for _ns_a in $(kv_get "$1" inet); do
        printf '%s\n' "$_ns_a" | awk -F/ '{
            len = $2; m = 0
            for (i = 0; i < 32; i++) { m = m * 2 + (i < len ? 1 : 0) }
            split($1, o, ".")
            ip = ((o[1] * 256 + o[2]) * 256 + o[3]) * 256 + o[4]
            host = 4294967295 - m; b = ip - (ip % (host + 1)) + host
            if (len == 32) printf "\tinet %s netmask 0x%08x\n", $1, m
            else printf "\tinet %s netmask 0x%08x broadcast %d.%d.%d.%d\n", $1, m,
                int(b / 16777216) % 256, int(b / 65536) % 256, int(b / 256) % 256, b % 256
        }'
    done
    for _ns_m in $(kv_get "$1" members); do
        printf '\tmember: %s flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n' "$_ns_m"
    done
    case $_ns_kind in
        bridge | epair) printf '\tgroups: %s\n' "$_ns_kind" ;;
        loopback) printf '\tgroups: lo\n' ;;
    esac
    return 0
}
