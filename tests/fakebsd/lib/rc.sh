# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# rc.conf reading and the service model shared by service(8), the jail's /etc/rc and sockstat.
# A context's running daemons are lines "name pid" in <run dir>/services.

k_daemons="sshd ntpd local_unbound syslogd cron sendmail monit yggdrasil"

# rc_read VAR FILES...: VAR's last assignment in the files (sh quoting undone), or status 1.
rc_read() {
    _rr_var=$1
    shift
    for _rr in "$@"; do
        [ -f "$_rr" ] && cat "$_rr"
    done | awk -v k="$_rr_var" '
        function unquote(v,   out, i, c) {
            if (v ~ /^\047.*\047$/) return substr(v, 2, length(v) - 2)
            if (v !~ /^".*"$/) return v
            v = substr(v, 2, length(v) - 2); out = ""
            for (i = 1; i <= length(v); i++) {
                c = substr(v, i, 1)
                if (c == "\\" && index("\"\\$`", substr(v, i + 1, 1))) { i++; c = substr(v, i, 1) }
                out = out c
            }
            return out
        }
        { sub(/^[ \t]+/, "") }
        index($0, k "=") == 1 {
            v = substr($0, length(k) + 2); sub(/[ \t]*(#[^"\047]*)?$/, "", v)
            val = unquote(v); found = 1
        }
        END { if (found) print val; else exit 1 }'
}

# rc_get ROOT VAR: VAR's value after /etc/defaults/rc.conf, /etc/rc.conf, /etc/rc.conf.local.
rc_get() {
    rc_read "$2" "$1/etc/defaults/rc.conf" "$1/etc/rc.conf" "$1/etc/rc.conf.local"
}

# rc_yes ROOT VAR: checkyesno.
rc_yes() {
    case $(rc_get "$1" "$2" 2>/dev/null || true) in
        [Yy][Ee][Ss] | [Tt][Rr][Uu][Ee] | [Oo][Nn] | 1) return 0 ;;
    esac
    return 1
}

# svc_script ROOT NAME: path of the rc script (empty when absent).
svc_script() {
    for _ss in "$1/etc/rc.d/$2" "$1/usr/local/etc/rc.d/$2"; do
        if [ -f "$_ss" ]; then
            printf '%s' "$_ss"
            return 0
        fi
    done
    return 1
}

# svc_is_daemon NAME
svc_is_daemon() {
    case " $k_daemons " in *" $1 "*) return 0 ;; esac
    return 1
}

# svc_pid RUNDIR NAME: pid of a running daemon (empty when stopped).
svc_pid() {
    awk -v n="$2" '$1 == n { print $2 }' "$1/services" 2>/dev/null || true
}

# svc_mark RUNDIR NAME PID|"": record a daemon as running (with PID) or stopped.
svc_mark() {
    mkdir -p "$1"
    { awk -v n="$2" '$1 != n' "$1/services" 2>/dev/null || true; [ -z "$3" ] || echo "$2 $3"; } \
        >"$1/services.tmp"
    mv "$1/services.tmp" "$1/services"
}

# svc_pidfile NAME: the pidfile rc.subr would name in its "not running?" message.
svc_pidfile() {
    case $1 in
        local_unbound) echo /var/run/local_unbound.pid ;;
        *) echo "/var/run/$1.pid" ;;
    esac
}
