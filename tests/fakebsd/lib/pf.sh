# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# pf state of a context in $S/pf/<context>/: enabled, main (loaded main ruleset), anchors/<name>
# (anchor rules, "/" written as "%"), tables/<name>. Shared by pfctl and service pf.

PF_DIR=$S/pf/$(printf '%s' "$FB_CTX" | tr ':' '.')

pf_loaded() {
    grep -qx pf "$S/kld"
}

# pf_parse FILE ANCHOR OUT: check a rules file (guest path); parsed lines go to OUT.
pf_parse() {
    _pp_real=$(fb_map "$1")
    if [ ! -r "$_pp_real" ]; then
        echo "pfctl: $1: No such file or directory" >&2
        return 1
    fi
    _pp_out=$(awk -v f="$1" '{ print f "\t" NR "\t" $0 }' "$_pp_real" |
        awk -v anchor="$2" -f "$FB_LIB/pfconf.awk") || {
        printf '%s\n' "$_pp_out" | sed -n 's/^ERR\t//p' >&2
        echo "pfctl: Syntax error in config file: pf rules not loaded" >&2
        return 1
    }
    printf '%s\n' "$_pp_out" >"$3"
    # anchors loaded from the main ruleset must parse too
    awk -F'\t' '$1 == "LOAD" { print $2 "\t" $3 }' "$3" | while IFS="$(printf '\t')" read -r _pp_a _pp_f; do
        pf_parse "$_pp_f" "$_pp_a" "$3.$(printf '%s' "$_pp_a" | tr '/' '%')" || exit 1
    done
}

# pf_install PARSED ANCHOR: make parsed rules the loaded ruleset (main or ANCHOR).
pf_install() {
    mkdir -p "$PF_DIR/anchors" "$PF_DIR/tables"
    if [ -z "$2" ]; then
        awk -F'\t' '$1 == "RULE" { print $2 "\t" $3 }' "$1" >"$PF_DIR/main"
        awk -F'\t' '$1 == "TABLE"' "$1" | while IFS="$(printf '\t')" read -r _ _pi_t _pi_a; do
            printf '%s\n' "$_pi_a" | tr ' ' '\n' | sed '/^$/d' >"$PF_DIR/tables/$_pi_t"
        done
        awk -F'\t' '$1 == "LOAD" { print $2 }' "$1" | while read -r _pi_a; do
            pf_install "$1.$(printf '%s' "$_pi_a" | tr '/' '%')" "$_pi_a"
        done
    else
        awk -F'\t' '$1 == "RULE" { print $2 "\t" $3 }' "$1" >"$PF_DIR/anchors/$(printf '%s' "$2" | tr '/' '%')"
    fi
}

pf_enabled() {
    [ "$(cat "$PF_DIR/enabled" 2>/dev/null || echo 0)" = 1 ]
}

pf_info() {
    if pf_enabled; then
        echo "Status: Enabled for 0 days 00:00:00          Debug: Urgent"
    else
        echo "Status: Disabled for 0 days 00:00:00         Debug: Urgent"
    fi
    printf '\nState Table                          Total             Rate\n'
    printf '  current entries                        0               \n'
}

# pf_service start|stop|reload|status: what /etc/rc.d/pf does.
pf_service() {
    _ps_rules=$(rc_get "$FB_ROOT" pf_rules 2>/dev/null || echo /etc/pf.conf)
    case $1 in
        start | reload)
            grep -qx pf "$S/kld" || echo pf >>"$S/kld"
            if [ ! -r "$(fb_map "$_ps_rules")" ]; then
                echo "/etc/rc.d/pf: WARNING: $_ps_rules is not readable." >&2
                return 1
            fi
            _ps_tmp=$FB_RUN/pf.parse.$$
            pf_parse "$_ps_rules" "" "$_ps_tmp" || { rm -f "$_ps_tmp"*; return 1; }
            pf_install "$_ps_tmp" ""
            rm -f "$_ps_tmp"*
            if [ "$1" = start ]; then
                echo "Enabling pf."
                echo 1 >"$PF_DIR/enabled"
            else
                echo "Reloading pf rules."
            fi
            ;;
        stop)
            echo "Disabling pf."
            mkdir -p "$PF_DIR"
            echo 0 >"$PF_DIR/enabled"
            ;;
        status)
            pf_loaded || { echo "pfctl: /dev/pf: No such file or directory" >&2; return 1; }
            pf_info
            pf_enabled
            ;;
    esac
}
