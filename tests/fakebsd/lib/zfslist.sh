# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# zfs list and zfs get: dataset selection (-r, -d, -t, names or paths), property values with
# their sources, and zfs's table layout. Sourced by lib/zfscmd.sh.

k_all_props="type creation used available referenced mounted origin mountpoint canmount compression atime readonly exec setuid quota recordsize"
k_avail=20401094656

# prop_canon PROP: canonical property name, or fail as zfs does.
prop_canon() {
    case $1 in
        refer) echo referenced ;;
        avail) echo available ;;
        name | type | creation | used | available | referenced | mounted | origin | mountpoint | \
            canmount | clones | compression | atime | readonly | exec | setuid | quota | recordsize)
            echo "$1"
            ;;
        *)
            echo "bad property list: invalid property '$1'" >&2
            usage "$2"
            ;;
    esac
}

# prop_default PROP
prop_default() {
    case $1 in
        compression | readonly) echo off ;;
        quota) echo none ;;
        recordsize) echo 128K ;;
        *) echo on ;;
    esac
}

# prop_value NAME PROP PARSABLE: print "value<TAB>source".
prop_value() {
    _pv_row=${PV_ROW:-$(z_row "$1")}
    _pv_type=$(printf '%s' "$_pv_row" | cut -f2)
    case $2 in
        name) printf '%s\t-\n' "$1" ;;
        type) printf '%s\t-\n' "$_pv_type" ;;
        creation)
            _pv_c=$(printf '%s' "$_pv_row" | cut -f4)
            [ "$3" = 1 ] || _pv_c=$(z_date "$_pv_c")
            printf '%s\t-\n' "$_pv_c"
            ;;
        used | referenced | available)
            case $2 in
                used) _pv_n=$(z_used "$1") ;;
                referenced) _pv_n=$(z_refer "$1") ;;
                *) _pv_n=$k_avail ;;
            esac
            if [ "$2" = available ] && [ "$_pv_type" = snapshot ]; then
                printf -- '-\t-\n'
            elif [ "$3" = 1 ]; then
                printf '%s\t-\n' "$_pv_n"
            else
                printf '%s\t-\n' "$(z_nice "$_pv_n")"
            fi
            ;;
        mounted | mountpoint | canmount)
            if [ "$_pv_type" = snapshot ]; then
                printf -- '-\t-\n'
            else
                case $2 in
                    mounted) printf '%s\t-\n' "$(printf '%s' "$_pv_row" | cut -f10)" ;;
                    mountpoint) printf '%s\n' "$_pv_row" | cut -f5,6 ;;
                    canmount)
                        _pv_v=$(printf '%s' "$_pv_row" | cut -f8)
                        [ "$_pv_v" = on ] && _pv_s=default || _pv_s=local
                        printf '%s\t%s\n' "$_pv_v" "$_pv_s"
                        ;;
                esac
            fi
            ;;
        origin) printf '%s\t-\n' "$(printf '%s' "$_pv_row" | cut -f7)" ;;
        clones)
            if [ "$_pv_type" = snapshot ]; then
                printf '%s\t-\n' "$(z_clones_of "$1" | paste -sd, -)"
            else
                printf -- '-\t-\n'
            fi
            ;;
        *) prop_inherited "$1" "$2" "$_pv_type" ;;
    esac
}

# prop_inherited NAME PROP TYPE: value of an inheritable property and where it comes from.
prop_inherited() {
    _pi_name=${1%@*}
    _pi_self=$_pi_name
    while :; do
        _pi_v=$(z_col "$_pi_name" 11 | tr ',' '\n' | sed -n "s/^$2=//p")
        if [ -n "$_pi_v" ]; then
            if [ "$_pi_name" = "$_pi_self" ] && [ "$3" != snapshot ]; then
                printf '%s\tlocal\n' "$_pi_v"
            else
                printf '%s\tinherited from %s\n' "$_pi_v" "$_pi_name"
            fi
            return 0
        fi
        case $_pi_name in */*) _pi_name=${_pi_name%/*} ;; *) break ;; esac
    done
    printf '%s\tdefault\n' "$(prop_default "$2")"
}

# types_canon LIST: comma list of zfs types to filesystem/snapshot words.
types_canon() {
    for _tc in $(printf '%s' "$1" | tr ',' ' '); do
        case $_tc in
            filesystem | fs) echo filesystem ;;
            snapshot | snap) echo snapshot ;;
            volume | vol | bookmark) echo "$_tc" ;;
            all) printf 'filesystem\nsnapshot\n' ;;
            *)
                echo "invalid type '$_tc'" >&2
                usage "$2"
                ;;
        esac
    done | sort -u | paste -sd, -
}

# resolve_arg ARG: a dataset name from a name or a path (the mounted filesystem holding it).
resolve_arg() {
    case $1 in
        /* | .*)
            _ra_real=$(fb_map "$1")
            if [ ! -e "$_ra_real" ]; then
                echo "cannot open '$1': No such file or directory" >&2
                return 1
            fi
            _ra_g=$(fb_guest "$(cd "$(dirname "$_ra_real")" && pwd -P)/$(basename "$_ra_real")")
            zt | awk -F'\t' -v p="$_ra_g" '$2 == "filesystem" && $10 == "yes" {
                    m = $5; pre = (m == "/") ? "/" : m "/"
                    if ((p == m || index(p, pre) == 1) && length(m) > best) { best = length(m); n = $1 }
                } END { if (n == "") exit 1; print n }'
            ;;
        *)
            if z_exists "$1"; then
                echo "$1"
            else
                echo "cannot open '$1': dataset does not exist" >&2
                return 1
            fi
            ;;
    esac
}

# select_names ROOTS RECURSIVE DEPTH TYPES [EXPLICIT]: names to show, in zfs's default order;
# named datasets are shown whatever their type unless EXPLICIT (-t was given) is 1.
select_names() {
    zt | awk -F'\t' -v roots="$1" -v rec="$2" -v depth="$3" -v types="$4" -v explicit="${5:-0}" '
        BEGIN { nr = split(roots, R, "\n"); nt = split(types, T, ","); for (i = 1; i <= nt; i++) want[T[i]] = 1 }
        function comps(s,   n) { n = split(s, x, "/"); return n }
        {
            name = $1; fs = name; snap = index(name, "@")
            if (snap) fs = substr(name, 1, snap - 1)
            for (i = 1; i <= nr; i++) {
                r = R[i]
                if (name == r) { ok = !explicit || want[$2] }
                else if (rec && (index(name, r "/") == 1 || index(name, r "@") == 1) && want[$2]) {
                    d = comps(fs) - comps(r) + (snap ? 1 : 0)
                    ok = (depth < 0 || d <= depth)
                } else ok = 0
                if (ok && !(name in seen)) {
                    seen[name] = 1
                    printf "%s\t%d\t%012d\t%s\n", fs, snap ? 1 : 0, $3, name
                }
            }
        }' | sort -t "$(printf '\t')" -k1,1 -k2,2n -k3,3 | cut -f4
}

# print_table HEADERLESS RIGHTCOLS: lay out tab-separated rows (first row is the header).
print_table() {
    if [ "$1" = 1 ]; then
        sed 1d
        return 0
    fi
    awk -F'\t' -v right="$2" '
        BEGIN { n = split(right, r, ","); for (i = 1; i <= n; i++) R[r[i]] = 1 }
        { rows[NR] = $0; if (NF > nf) nf = NF; for (i = 1; i <= NF; i++) if (length($i) > w[i]) w[i] = length($i) }
        END {
            for (k = 1; k <= NR; k++) {
                m = split(rows[k], f, "\t"); line = ""
                for (i = 1; i <= m; i++) {
                    if (i == m && !R[i]) cell = f[i]
                    else if (R[i]) cell = sprintf("%" w[i] "s", f[i])
                    else cell = sprintf("%-" w[i] "s", f[i])
                    line = line (i > 1 ? "  " : "") cell
                }
                print line
            }
        }'
}

k_list_usage="list [-Hp] [-r|-d max] [-o property[,...]] [-s property]... [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ..."

# cache_tables: read-only commands compute the dataset table and sizes once.
cache_tables() {
    ZT_CACHE=$S/zfs/zt.$$
    ZS_CACHE=$S/zfs/zs.$$
    trap 'rm -f "$ZT_CACHE" "$ZS_CACHE"' EXIT
    zt >"$ZT_CACHE.tmp"
    mv "$ZT_CACHE.tmp" "$ZT_CACHE"
}

cmd_list() {
    cache_tables
    H=0 p=0 rec=0 depth=-1 cols=name,used,available,referenced,mountpoint types='' dflag=0
    while getopts Hprd:o:t:s:S: opt; do
        case $opt in
            H) H=1 ;;
            p) p=1 ;;
            r) rec=1 ;;
            d) rec=1 depth=$OPTARG dflag=1 ;;
            o) cols=$OPTARG ;;
            t) types=$(types_canon "$OPTARG" "$k_list_usage") ;;
            s | S) fb_unmodeled "zfs list sorting (-s/-S)" ;;
            *) usage "$k_list_usage" ;;
        esac
    done
    shift $((OPTIND - 1))
    canon=
    for c in $(printf '%s' "$cols" | tr ',' ' '); do
        canon="$canon $(prop_canon "$c" "$k_list_usage")"
    done
    explicit=${types:-}
    types=${types:-filesystem,volume}
    rc=0
    if [ $# -eq 0 ]; then
        roots=$(cat "$S/zfs/pools")
        rec=1
    else
        roots=
        for a in "$@"; do
            if n=$(resolve_arg "$a"); then roots="$roots$n
"; else rc=1; fi
        done
        if [ "$explicit" = snapshot ] && [ "$rec" = 0 ] && [ "$dflag" = 0 ]; then
            rec=1 depth=1
        fi
    fi
    [ -n "$roots" ] || exit "$rc"
    names=$(select_names "$roots" "$rec" "$depth" "$types" "$([ -n "$explicit" ] && echo 1 || echo 0)")
    right=
    i=0
    for c in $canon; do
        i=$((i + 1))
        case $c in used | available | referenced) right="$right,$i" ;; esac
    done
    {
        printf '%s\n' "$canon" | sed 's/^ //' | tr 'a-z ' 'A-Z\t' | sed 's/REFERENCED/REFER/; s/AVAILABLE/AVAIL/'
        for n in $names; do
            line=
            PV_ROW=$(z_row "$n")
            for c in $canon; do
                if [ "$c" = name ]; then v=$n; else
                    v=$(prop_value "$n" "$c" "$p")
                    v=${v%%"$TAB"*}
                fi
                line="$line${line:+$TAB}${v:--}"
            done
            PV_ROW=
            printf '%s\n' "$line"
        done
    } | print_table "$H" "$right"
    [ -n "$names" ] || [ "$H" = 1 ] || [ $# -gt 0 ] || echo "no datasets available" >&2
    exit "$rc"
}

k_get_usage="get [-rHp] [-d max] [-o \"all\" | field[,...]] [-t type[,...]] [-s source[,...]] <\"all\" | property[,...]> [filesystem|volume|snapshot] ..."

cmd_get() {
    cache_tables
    H=0 p=0 rec=0 depth=-1 fields=name,property,value,source types=filesystem,snapshot
    while getopts Hprd:o:t:s: opt; do
        case $opt in
            H) H=1 ;;
            p) p=1 ;;
            r) rec=1 ;;
            d) rec=1 depth=$OPTARG ;;
            o) fields=$OPTARG ;;
            t) types=$(types_canon "$OPTARG" "$k_get_usage") ;;
            s) fb_unmodeled "zfs get -s" ;;
            *) usage "$k_get_usage" ;;
        esac
    done
    shift $((OPTIND - 1))
    [ $# -ge 1 ] || usage "$k_get_usage"
    if [ "$1" = all ]; then props=$k_all_props; else
        props=
        for c in $(printf '%s' "$1" | tr ',' ' '); do props="$props $(prop_canon "$c" "$k_get_usage")"; done
    fi
    shift
    for fld in $(printf '%s' "$fields" | tr ',' ' '); do
        case $fld in name | property | value | source | all) ;; *) fb_die "invalid field '$fld'" 2 ;; esac
    done
    [ "$fields" = all ] && fields=name,property,value,source
    rc=0
    roots=
    if [ $# -eq 0 ]; then roots=$(cat "$S/zfs/pools") rec=1; fi
    for a in "$@"; do
        if n=$(resolve_arg "$a"); then roots="$roots$n
"; else rc=1; fi
    done
    [ -n "$roots" ] || exit "$rc"
    {
        printf '%s\n' "$fields" | tr 'a-z,' 'A-Z\t'
        for n in $(select_names "$roots" "$rec" "$depth" "$types"); do
            PV_ROW=$(z_row "$n")
            for pr in $props; do
                vs=$(prop_value "$n" "$pr" "$p")
                line=
                for fld in $(printf '%s' "$fields" | tr ',' ' '); do
                    case $fld in
                        name) v=$n ;;
                        property) v=$pr ;;
                        value) v=$(printf '%s' "$vs" | cut -f1) ;;
                        source) v=$(printf '%s' "$vs" | cut -f2) ;;
                    esac
                    line="$line${line:+$TAB}$v"
                done
                printf '%s\n' "$line"
            done
            PV_ROW=
        done
    } | print_table "$H" ""
    exit "$rc"
}
