# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# The monit daemon of a context: control file checks (lib/monitrc.awk) and the supervised
# services' state in <run dir>/monit/: config (parsed control file), state (one line per
# service: "name monitored running pid"), daemon (present while the daemon runs).
# Programs are never run: a process is "running" once started; a program check passes unless
# `fakebsd health CONTEXT NAME fail` marked it broken.

MONIT_DIR=$FB_RUN/monit
MONIT_CTL=${MONIT_CTL:-/usr/local/etc/monitrc}

# monit_records FILE: control file records with "include GLOB" statements expanded.
monit_records() {
    awk -v f="$(fb_ctx_path "$1")" '{ print f "\t" NR "\t" $0 }' "$1" | while IFS="$(printf '\t')" read -r _mr_f _mr_l _mr_t; do
        _mr_inc=$(printf '%s\n' "$_mr_t" | sed -n 's/^[[:space:]]*include[[:space:]]\{1,\}"\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p')
        if [ -z "$_mr_inc" ]; then
            printf '%s\t%s\t%s\n' "$_mr_f" "$_mr_l" "$_mr_t"
            continue
        fi
        _mr_pat=$(fb_map "$_mr_inc")
        IFS=
        # shellcheck disable=SC2086 # the pattern is globbed on purpose, never split
        set -- $_mr_pat
        IFS=' '
        for _mr_file in "$@"; do
            [ -f "$_mr_file" ] && monit_records "$_mr_file"
        done
    done
}

# monit_check [OUT]: check the control file of the context; parsed services go to OUT.
monit_check() {
    _mc_file=$(fb_map "$MONIT_CTL")
    if [ ! -f "$_mc_file" ]; then
        echo "Cannot find the control file at ~/.monitrc, /usr/local/etc/monitrc, /etc/monitrc" >&2
        return 1
    fi
    _mc_mode=$(stat -c '%a' "$_mc_file")
    if [ $((0$_mc_mode & 077)) -ne 0 ]; then
        echo "The control file '$MONIT_CTL' must have permissions no more than -rwx------ (0700); right now permissions are $(stat -c '%A' "$_mc_file") (0$_mc_mode)." >&2
        return 1
    fi
    _mc_out=$(monit_records "$_mc_file" | awk -f "$FB_LIB/monitrc.awk") || {
        printf '%s\n' "$_mc_out" | sed -n 's/^ERR\t//p' >&2
        return 1
    }
    _mc_bad=0
    printf '%s\n' "$_mc_out" | awk -F'\t' '$1 == "SVC" { print $3 "\t" $5; print $3 "\t" $6; if ($3 == "program") print $3 "\t" $7 }' |
        while IFS="$(printf '\t')" read -r _ _mc_cmd; do
            [ -n "$_mc_cmd" ] || continue
            _mc_exe=${_mc_cmd%% *}
            case $_mc_exe in
                /*) ;;
                *) echo "Error: the program '$_mc_exe' must be an absolute path" >&2; exit 1 ;;
            esac
            if [ ! -x "$(fb_map "$_mc_exe")" ] && [ ! -x "$FB_BIN/${_mc_exe##*/}" ]; then
                echo "Error: the executable does not exist '$_mc_exe'" >&2
                exit 1
            fi
        done || _mc_bad=1
    [ "$_mc_bad" = 0 ] || return 1
    [ -z "${1:-}" ] || printf '%s\n' "$_mc_out" >"$1"
}

monit_running() {
    [ -f "$MONIT_DIR/daemon" ]
}

# monit_apply_config CONFIG: keep the state of known services, start new ones, drop gone ones.
monit_apply_config() {
    mkdir -p "$MONIT_DIR"
    touch "$MONIT_DIR/state"
    awk -F'\t' '$1 == "SVC" { print $2 }' "$1" | while read -r _ma_n; do
        _ma_line=$(awk -v n="$_ma_n" '$1 == n' "$MONIT_DIR/state")
        if [ -n "$_ma_line" ]; then
            echo "$_ma_line"
        else
            echo "$_ma_n 1 1 $(fb_pid)"
        fi
    done >"$MONIT_DIR/state.new"
    mv "$MONIT_DIR/state.new" "$MONIT_DIR/state"
    cp "$1" "$MONIT_DIR/config"
}

monit_daemon_start() {
    _md_tmp=$FB_RUN/monit.parse.$$
    monit_check "$_md_tmp" || { rm -f "$_md_tmp"; return 1; }
    monit_apply_config "$_md_tmp"
    rm -f "$_md_tmp"
    fb_pid >"$MONIT_DIR/daemon"
}

monit_daemon_reload() {
    _md_tmp=$FB_RUN/monit.parse.$$
    monit_check "$_md_tmp" || { rm -f "$_md_tmp"; return 1; }
    monit_apply_config "$_md_tmp"
    rm -f "$_md_tmp"
}

monit_daemon_stop() {
    rm -f "$MONIT_DIR/daemon"
}
