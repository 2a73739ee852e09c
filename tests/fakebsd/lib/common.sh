# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# Shared core of every fake FreeBSD tool: state directory, context (host or jail), global lock,
# invocation log, failure injection and guest-path mapping. Source it, set FB_KIND (C change,
# R read, W wrapper) and FB_FAIL_MSG, then call `fb_begin "$@"`. See ../README.md.

FB_TOOL=${0##*/}
FB_HOME=$(cd "$(dirname "$0")/.." && pwd)
FB_BIN=$FB_HOME/bin
# shellcheck disable=SC2034 # used by the tools that source this file
FB_LIB=$FB_HOME/lib
# shellcheck disable=SC2034 # used by the tools that source this file
FB_DATA=$FB_HOME/data
# Rationale: the caller's PATH (fakes first) is kept for commands the fake runs on the
# caller's behalf (exec.* in jail.conf, jexec); the fake itself uses Debian's tools only.
FB_OUTER_PATH=$PATH
PATH=/usr/bin:/bin:/usr/sbin:/sbin
LC_ALL=C
export LC_ALL
FB_KIND=C
FB_FAIL_MSG=
FB_LOCK_OWNER=

# Print to stderr and exit with a status (default 1).
fb_die() {
    printf '%s\n' "$1" >&2
    exit "${2:-1}"
}

# Report a feature the fake does not model (exit 70, EX_SOFTWARE) rather than guessing.
fb_unmodeled() {
    fb_die "fakebsd: $FB_TOOL: $1 is not modeled (see tests/fakebsd/README.md)" 70
}

if [ -z "${FAKEBSD_STATE:-}" ]; then
    fb_die "fakebsd: FAKEBSD_STATE is not set (run: fakebsd init DIR)" 70
fi
S=$FAKEBSD_STATE
case $S in
    /*) ;;
    *)
        # Rationale: tools change directory (jexec enters the jail); keep the state absolute.
        [ ! -d "$S" ] || S=$(cd "$S" && pwd)
        FAKEBSD_STATE=$S
        export FAKEBSD_STATE
        ;;
esac
if [ "$FB_TOOL" != fakebsd ] && [ ! -f "$S/.fakebsd" ]; then
    fb_die "fakebsd: $S is not a fakebsd state directory (run: fakebsd init $S)" 70
fi
FB_HOST_ROOT=$S/root

# Context: the host, or a jail entered through jexec (FAKEBSD_JAIL is set by jexec).
FB_JAIL=${FAKEBSD_JAIL:-}
if [ -n "$FB_JAIL" ]; then
    if [ ! -f "$S/jails/$FB_JAIL" ]; then
        fb_die "fakebsd: $FB_TOOL: jail '$FB_JAIL' of this context is no longer running" 70
    fi
    FB_ROOT=$FB_HOST_ROOT$(sed -n 's/^path=//p' "$S/jails/$FB_JAIL")
    FB_CTX=jail:$FB_JAIL
    FB_RUN=$S/run/jail.$FB_JAIL
else
    FB_ROOT=$FB_HOST_ROOT
    FB_CTX=host
    FB_RUN=$S/run/host
fi

# --- small utilities ---------------------------------------------------------------------

# kv_get FILE KEY: value of KEY=value in FILE (empty if absent).
kv_get() {
    [ -f "$1" ] || return 0
    sed -n "s/^$2=//p" "$1" | tail -n 1
}

# kv_set FILE KEY VALUE: replace or append KEY=VALUE (VALUE on one line).
kv_set() {
    _kv_tmp=$1.tmp.$$
    if [ -f "$1" ]; then
        grep -v "^$2=" "$1" >"$_kv_tmp" || true
    else
        : >"$_kv_tmp"
    fi
    printf '%s=%s\n' "$2" "$3" >>"$_kv_tmp"
    mv "$_kv_tmp" "$1"
}

# fb_counter NAME: increment a persistent counter and print the new value.
fb_counter() {
    _c_file=$S/counters/$1
    _c_val=$(cat "$_c_file" 2>/dev/null || echo 0)
    _c_val=$((_c_val + 1))
    echo "$_c_val" >"$_c_file"
    echo "$_c_val"
}

# fb_epoch: a deterministic clock (2025-01-01 00:00 UTC plus one minute per logged call).
fb_epoch() {
    _e_seq=$(cat "$S/counters/seq" 2>/dev/null || echo 0)
    echo $((1735689600 + _e_seq * 60))
}

# fb_q ARG: shell-quote one word (bash-style $'..' when it holds a newline or tab).
fb_q() {
    case $1 in
        '') printf "''" ;;
        *"
"* | *"	"*)
            printf "\$'%s'" "$(printf '%s' "$1" | awk 'BEGIN { ORS = "" }
                { gsub(/\\/, "\\\\"); gsub(/\047/, "\\\047"); gsub(/\t/, "\\t") }
                NR > 1 { print "\\n" } { print }')"
            ;;
        *[!A-Za-z0-9_@%+=:,./-]*)
            printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
            ;;
        *) printf '%s' "$1" ;;
    esac
}

# fb_qargs ARGS...: the words shell-quoted, space separated.
fb_qargs() {
    _qa_sep=
    for _qa in "$@"; do
        printf '%s' "$_qa_sep"
        fb_q "$_qa"
        _qa_sep=' '
    done
}

# --- paths -------------------------------------------------------------------------------

# fb_map PATH: the real path of a guest path in the current context (already mapped paths,
# that is "$JRUN_ROOT/..." or anything under $FAKEBSD_STATE, are accepted unchanged; relative
# paths stay relative).
fb_map() {
    case $1 in
        "$FB_ROOT" | "$FB_ROOT"/* | "$S"/*) printf '%s' "$1" ;;
        /*) printf '%s%s' "$FB_ROOT" "$1" ;;
        *) printf '%s' "$1" ;;
    esac
}

# fb_hmap PATH: like fb_map but always against the host root.
fb_hmap() {
    case $1 in
        "$FB_HOST_ROOT" | "$FB_HOST_ROOT"/*) printf '%s' "$1" ;;
        /*) printf '%s%s' "$FB_HOST_ROOT" "$1" ;;
        *) printf '%s' "$1" ;;
    esac
}

# fb_guest PATH: the guest (host-root) path of a real or already-guest path.
fb_guest() {
    case $1 in
        "$FB_HOST_ROOT") printf '/' ;;
        "$FB_HOST_ROOT"/*) printf '%s' "${1#"$FB_HOST_ROOT"}" ;;
        /*) printf '%s' "$1" ;;
        *) printf '%s/%s' "$(fb_guest "$(pwd)")" "$1" ;;
    esac
}

# fb_gpath PATH: absolute host guest path of PATH as seen from the current context.
fb_gpath() {
    case $1 in
        /*) fb_guest "$(fb_map "$1")" ;;
        *) fb_guest "$(pwd)/$1" ;;
    esac
}

# fb_ctx_path PATH: absolute path of PATH as seen inside the current context (jail or host).
fb_ctx_path() {
    _cp=$(fb_map "$1")
    case $_cp in
        /*) ;;
        *) _cp=$(pwd)/$_cp ;;
    esac
    case $_cp in
        "$FB_ROOT") printf '/' ;;
        "$FB_ROOT"/*) printf '%s' "${_cp#"$FB_ROOT"}" ;;
        *) printf '%s' "$_cp" ;;
    esac
}

# fb_is_modeled NAME: true when NAME (a basename) is a tool of this fake userland.
fb_is_modeled() {
    case $1 in
        */* | fakebsd | '') return 1 ;;
    esac
    [ -x "$FB_BIN/$1" ]
}

# fb_tool_path CMD: map a FreeBSD absolute path of a modeled tool (/sbin/zfs) to the fake.
fb_tool_path() {
    case $1 in
        /bin/* | /sbin/* | /usr/bin/* | /usr/sbin/* | /usr/local/bin/* | /usr/local/sbin/*)
            if fb_is_modeled "${1##*/}"; then
                printf '%s' "$FB_BIN/${1##*/}"
                return 0
            fi
            ;;
    esac
    printf '%s' "$1"
}

# --- lock, log, injection ----------------------------------------------------------------

# Serialise every invocation (guest scripts may run jails in parallel). Children started
# while the lock is held (exec.* commands of jail) inherit it through FAKEBSD_LOCKED.
fb_lock() {
    if [ -z "${FAKEBSD_LOCKED:-}" ]; then
        exec 9>>"$S/lock"
        flock 9
        FAKEBSD_LOCKED=$$
        export FAKEBSD_LOCKED
        FB_LOCK_OWNER=1
    fi
}

# Release the lock before handing control to an independent command (jexec, doas).
fb_unlock() {
    if [ -n "$FB_LOCK_OWNER" ]; then
        flock -u 9
        exec 9>&-
        unset FAKEBSD_LOCKED
        FB_LOCK_OWNER=
    fi
}

# fb_injection ARGS: if a failure is injected for this call, print "status<TAB>message-file".
fb_injection() {
    _in_line=$(fb_qargs "$FB_TOOL" "$@")
    for _in_f in "$S/fail/$FB_TOOL" "$S/fail/$FB_TOOL".*; do
        [ -f "$_in_f" ] || continue
        _in_match=$(kv_get "$_in_f" match)
        if [ -n "$_in_match" ]; then
            # shellcheck disable=SC2254 # the match is a glob by contract
            case $_in_line in
                $_in_match) ;;
                *) continue ;;
            esac
        fi
        _in_skip=$(kv_get "$_in_f" skip)
        if [ -z "$_in_skip" ]; then
            _in_n=${_in_f##*/"$FB_TOOL"}
            _in_n=${_in_n#.}
            case $_in_n in
                '' | *[!0-9]*) _in_skip=0 ;;
                *) _in_skip=$((_in_n > 0 ? _in_n - 1 : 0)) ;;
            esac
        fi
        if [ "$_in_skip" -gt 0 ]; then
            kv_set "$_in_f" skip $((_in_skip - 1))
            continue
        fi
        _in_status=$(kv_get "$_in_f" status)
        _in_msg=$(kv_get "$_in_f" message)
        rm -f "$_in_f"
        printf '%s\n' "${_in_status:-1}"
        printf '%s\n' "${_in_msg:-${FB_FAIL_MSG:-$FB_TOOL: Input/output error}}"
        return 0
    done
    return 1
}

# fb_begin ARGS: lock, apply failure injection, log the call. Call once, after FB_KIND is set.
fb_begin() {
    fb_lock
    mkdir -p "$FB_RUN"
    # Calls the fake makes for itself (the jail's /etc/rc starting services) are not logged.
    [ -z "${FAKEBSD_INTERNAL:-}" ] || return 0
    _b_inj=$(fb_injection "$@") || _b_inj=
    _b_seq=$(fb_counter seq)
    _b_flag=$FB_KIND
    [ -n "$_b_inj" ] && _b_flag=$FB_KIND!
    printf '%s %s %s %s\n' "$_b_seq" "$_b_flag" "$FB_CTX" "$(fb_qargs "$FB_TOOL" "$@")" >>"$S/log"
    if [ -n "$_b_inj" ]; then
        printf '%s\n' "$_b_inj" | sed 1d >&2
        exit "$(printf '%s\n' "$_b_inj" | head -n 1)"
    fi
}

# --- processes and services of a context -------------------------------------------------

# fb_pid: a fresh deterministic process id.
fb_pid() {
    echo $((1000 + $(fb_counter pid)))
}

# fb_installed NAME [ROOT]: true when package NAME is installed in ROOT (default: context).
fb_installed() {
    grep -qx "$1 .*" "${2:-$FB_ROOT}/var/db/pkg/fakebsd.installed" 2>/dev/null
}

# fb_require_pkg_tool PKG: behave like the shell when a port's command is not installed.
fb_require_pkg_tool() {
    if ! fb_installed "$1"; then
        fb_die "sh: $FB_TOOL: not found" 127
    fi
}

# fb_in_jail: true in a jexec context.
fb_in_jail() {
    [ -n "$FB_JAIL" ]
}

# fb_exec_argv WORDS...: run a command as jail(8) or jexec(8) would, mapping a FreeBSD path of a
# modeled tool (/sbin/ifconfig) to the fake and restoring the caller's PATH.
fb_run_argv() {
    _ra_cmd=$(fb_tool_path "$1")
    shift
    PATH=$FB_OUTER_PATH "$_ra_cmd" "$@"
}

# fb_rewrite_tools STRING: replace FreeBSD paths of modeled tools inside a shell command line.
fb_rewrite_tools() {
    # shellcheck disable=SC2012 # tool names are plain words
    printf '%s' "$1" | awk -v bin="$FB_BIN" -v tools="$(ls "$FB_BIN" | paste -sd' ' -)" '
        BEGIN { n = split(tools, t, " "); for (i = 1; i <= n; i++) if (t[i] != "fakebsd") T[t[i]] = 1 }
        {
            out = ""; s = $0
            while (match(s, /\/(usr\/local\/sbin|usr\/local\/bin|usr\/sbin|usr\/bin|sbin|bin)\/[A-Za-z0-9_.-]+/)) {
                w = substr(s, RSTART, RLENGTH); name = w; sub(/.*\//, "", name)
                pre = (RSTART > 1) ? substr(s, RSTART - 1, 1) : ""
                if ((name in T) && pre !~ /[A-Za-z0-9_.\/-]/) w = bin "/" name
                out = out substr(s, 1, RSTART - 1) w; s = substr(s, RSTART + RLENGTH)
            }
            printf "%s%s", (NR > 1 ? "\n" : ""), out s
        }'
}
