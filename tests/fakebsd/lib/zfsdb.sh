# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# The fake ZFS dataset database and the realisation of datasets as directories.
# $S/zfs/db holds one dataset per line, tab separated, sorted by name:
#   name type txg creation mountpoint(local value or -) origin canmount id mounted props
# A mounted filesystem's data is the directory $S/root<mountpoint>; an unmounted one's is
# $S/zfs/hidden/<id>; a snapshot's is a copy in $S/zfs/snap/<id>.

ZDB=$S/zfs/db

# zt: the database with effective mountpoints resolved. Columns:
#   1 name 2 type 3 txg 4 creation 5 mountpoint 6 mountpoint-source 7 origin 8 canmount
#   9 id 10 mounted 11 props
zt() {
    if [ -n "${ZT_CACHE:-}" ] && [ -s "$ZT_CACHE" ]; then
        cat "$ZT_CACHE"
        return 0
    fi
    awk 'BEGIN { FS = OFS = "\t" }
    $2 == "snapshot" { print $1, $2, $3, $4, "-", "-", $6, "-", $8, "-", $10; next }
    {
        name = $1; mp = $5
        if (mp != "-") { eff = mp; src = "local" }
        else {
            p = name; sub(/\/[^\/]*$/, "", p)
            if (p == name) { eff = "/" name; src = "default" }
            else {
                pe = E[p]; base = substr(name, length(p) + 2)
                if (pe == "none" || pe == "legacy") eff = pe
                else if (pe == "/") eff = "/" base
                else eff = pe "/" base
                src = (S[p] == "local") ? "inherited from " p : S[p]
            }
        }
        E[name] = eff; S[name] = src
        print name, $2, $3, $4, eff, src, $6, $7, $8, $9, $10
    }' "$ZDB"
}

# z_row NAME: the zt row of NAME (empty when absent).
z_row() {
    zt | awk -F'\t' -v n="$1" '$1 == n'
}

# z_exists NAME
z_exists() {
    awk -F'\t' -v n="$1" '$1 == n { found = 1 } END { exit !found }' "$ZDB"
}

# z_col NAME COLUMN: one zt column of NAME.
z_col() {
    z_row "$1" | cut -f"$2"
}

# db_put LINE: add a raw db line (10 tab-separated fields) and keep the file sorted.
db_put() {
    { cat "$ZDB"; printf '%s\n' "$1"; } | sort -t "$(printf '\t')" -k1,1 >"$ZDB.tmp"
    mv "$ZDB.tmp" "$ZDB"
}

# db_del NAME
db_del() {
    awk -F'\t' -v n="$1" '$1 != n' "$ZDB" >"$ZDB.tmp"
    mv "$ZDB.tmp" "$ZDB"
}

# db_set NAME FIELD VALUE: set one raw db field (1-based, see the header).
db_set() {
    awk 'BEGIN { FS = OFS = "\t" } $1 == n { $f = v } { print }' n="$1" f="$2" v="$3" "$ZDB" \
        >"$ZDB.tmp"
    mv "$ZDB.tmp" "$ZDB"
}

# z_datadir NAME: real directory holding the dataset's files.
z_datadir() {
    _dd_row=$(z_row "$1")
    _dd_type=$(printf '%s' "$_dd_row" | cut -f2)
    _dd_id=$(printf '%s' "$_dd_row" | cut -f9)
    if [ "$_dd_type" = snapshot ]; then
        printf '%s' "$S/zfs/snap/$_dd_id"
    elif [ "$(printf '%s' "$_dd_row" | cut -f10)" = yes ]; then
        _dd_mp=$(printf '%s' "$_dd_row" | cut -f5)
        [ "$_dd_mp" = / ] && _dd_mp=
        printf '%s' "$S/root$_dd_mp"
    else
        printf '%s' "$S/zfs/hidden/$_dd_id"
    fi
}

# z_mounts: guest mountpoints of every mount (mounted datasets, then other file systems).
z_mounts() {
    zt | awk -F'\t' '$2 == "filesystem" && $10 == "yes" { print $5 }'
    cut -f4 "$S/mounts"
}

# z_nested MOUNTPOINT: relative paths of the mounts strictly below a guest mountpoint.
z_nested() {
    z_mounts | awk -v m="$1" '{
        p = (m == "/") ? "/" : m "/"
        if (index($0, p) == 1 && $0 != m) print substr($0, length(p) + 1)
    }' | sort -u
}

# z_nested_of NAME: z_nested of a mounted dataset (nothing for unmounted ones).
z_nested_of() {
    if [ "$(z_col "$1" 10)" = yes ]; then
        z_nested "$(z_col "$1" 5)"
    fi
}

# z_copy_tree SRC DST NESTED...: copy SRC's files into DST, leaving each nested mountpoint
# as an empty directory (what a snapshot of the dataset would contain).
z_copy_tree() {
    _ct_src=$1
    _ct_dst=$2
    shift 2
    mkdir -p "$_ct_dst"
    _ct_x=$S/zfs/exclude.$$
    : >"$_ct_x"
    for _ct_rel in "$@"; do
        printf './%s\n' "$_ct_rel" >>"$_ct_x"
    done
    (cd "$_ct_src" && tar --no-wildcards --anchored -X "$_ct_x" -cf - .) | (cd "$_ct_dst" && tar -xpf -)
    for _ct_rel in "$@"; do
        mkdir -p "$_ct_dst/$_ct_rel"
    done
    rm -f "$_ct_x"
}

# z_top_level RELS...: the relative paths not below another one of the list.
z_top_level() {
    for _tl in "$@"; do printf '%s\n' "$_tl"; done | sort | awk '
        prev != "" && index($0, prev "/") == 1 { next }
        { print; prev = $0 }'
}

# z_replace_tree DIR SRC NESTED...: make DIR's own files those of SRC (rollback), keeping the
# nested mounts (their contents are other file systems).
z_replace_tree() {
    _rt_dir=$1
    _rt_src=$2
    shift 2
    _rt_tmp=$S/zfs/aside.$$
    rm -rf "$_rt_tmp"
    mkdir -p "$_rt_tmp"
    _rt_i=0
    for _rt_rel in $(z_top_level "$@"); do
        _rt_i=$((_rt_i + 1))
        mv "$_rt_dir/$_rt_rel" "$_rt_tmp/$_rt_i"
        printf '%s\t%s\n' "$_rt_i" "$_rt_rel" >>"$_rt_tmp/map"
    done
    find "$_rt_dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    if [ -n "$_rt_src" ]; then
        (cd "$_rt_src" && tar -cf - .) | (cd "$_rt_dir" && tar -xpf -)
    fi
    if [ -f "$_rt_tmp/map" ]; then
        while IFS="$(printf '\t')" read -r _rt_i _rt_rel; do
            mkdir -p "$_rt_dir/$_rt_rel"
            rmdir "$_rt_dir/$_rt_rel"
            mv "$_rt_tmp/$_rt_i" "$_rt_dir/$_rt_rel"
        done <"$_rt_tmp/map"
    fi
    rm -rf "$_rt_tmp"
}

# z_bytes DIR [NESTED...]: apparent size of the regular files below DIR, nested mounts excluded.
z_bytes() {
    _zb_dir=$1
    shift
    [ -d "$_zb_dir" ] || {
        echo 0
        return 0
    }
    _zb_x=$S/zfs/exclude.$$
    : >"$_zb_x"
    for _zb_rel in "$@"; do
        printf '%s/%s\n' "$_zb_dir" "$_zb_rel" >>"$_zb_x"
    done
    find "$_zb_dir" -type f -printf '%s %p\n' | awk -v xf="$_zb_x" '
        BEGIN { while ((getline l < xf) > 0) X[++nx] = l }
        {
            p = substr($0, index($0, " ") + 1)
            for (i = 1; i <= nx; i++) if (index(p, X[i] "/") == 1) next
            s += $1
        }
        END { printf "%d\n", s }'
    rm -f "$_zb_x"
}

# z_diff_bytes DIR REFDIR: bytes of DIR's files absent from or different in REFDIR (what a
# snapshot holds alone, or what a clone has written since its origin).
z_diff_bytes() {
    [ -d "$1" ] || {
        echo 0
        return 0
    }
    (cd "$1" && find . -type f -printf '%s %p\n') | while read -r _db_size _db_path; do
        if ! cmp -s "$1/$_db_path" "$2/$_db_path"; then
            echo "$_db_size"
        fi
    done | awk '{ s += $1 } END { printf "%d\n", s }'
}

# z_sizes: "name<TAB>referenced<TAB>used" of every dataset, computed once per call (cached
# in ZS_CACHE when set). Snapshots use their unique bytes; filesystems add their snapshots
# and children.
z_sizes() {
    if [ -n "${ZS_CACHE:-}" ] && [ -s "$ZS_CACHE" ]; then
        cat "$ZS_CACHE"
        return 0
    fi
    zt | while IFS="$(printf '\t')" read -r _zs_n _zs_t _ _ _zs_mp _ _zs_o _ _zs_id _zs_m _; do
        if [ "$_zs_t" = snapshot ]; then
            printf '%s\t%s\t%s\n' "$_zs_n" "$(z_bytes "$S/zfs/snap/$_zs_id")" \
                "$(z_diff_bytes "$S/zfs/snap/$_zs_id" "$(z_datadir "${_zs_n%@*}")")"
            continue
        fi
        _zs_dir=$S/zfs/hidden/$_zs_id
        _zs_nested=
        if [ "$_zs_m" = yes ]; then
            _zs_dir=$S/root$_zs_mp
            [ "$_zs_mp" = / ] && _zs_dir=$S/root
            _zs_nested=$(z_nested "$_zs_mp")
        fi
        # shellcheck disable=SC2086 # nested mountpoints are plain relative paths
        _zs_r=$(z_bytes "$_zs_dir" $_zs_nested)
        _zs_u=$_zs_r
        if [ "$_zs_o" != - ]; then
            _zs_u=$(z_diff_bytes "$_zs_dir" "$(z_datadir "$_zs_o")")
        fi
        printf '%s\t%s\t%s\n' "$_zs_n" "$_zs_r" "$_zs_u"
    done | awk 'BEGIN { FS = OFS = "\t" }
        { n[NR] = $1; r[$1] = $2; u[$1] = $3; d = split($1, x, /[\/@]/); dep[$1] = d; if (d > md) md = d }
        END {
            for (k = md; k > 1; k--) for (i = 1; i <= NR; i++) if (dep[n[i]] == k) {
                p = n[i]; if (index(p, "@")) sub(/@.*$/, "", p); else sub(/\/[^\/]*$/, "", p)
                u[p] += u[n[i]]
            }
            for (i = 1; i <= NR; i++) print n[i], r[n[i]], u[n[i]]
        }' | if [ -n "${ZS_CACHE:-}" ]; then tee "$ZS_CACHE"; else cat; fi
}

# z_refer NAME / z_used NAME: referenced and used bytes.
z_refer() {
    z_sizes | awk -F'\t' -v n="$1" '$1 == n { print $2 }'
}
z_used() {
    z_sizes | awk -F'\t' -v n="$1" '$1 == n { print $3 }'
}

# z_nice BYTES: OpenZFS human-readable size (1024 based, at most 5 characters).
z_nice() {
    awk -v n="$1" 'BEGIN {
        if (n < 1024) { printf "%dB\n", n; exit }
        split("K M G T P E", u, " ")
        i = 0; v = n; d = 1
        while (v >= 1024 && i < 6) { v /= 1024; d *= 1024; i++ }
        if (n % d == 0) { printf "%d%s\n", v, u[i]; exit }
        for (p = 2; p >= 0; p--) {
            s = sprintf("%." p "f%s", v, u[i])
            if (length(s) <= 5) break
        }
        print s
    }'
}

# z_date EPOCH: creation as zfs prints it.
z_date() {
    date -u -d "@$1" '+%a %b %e %H:%M %Y'
}

# z_mount NAME: mount a filesystem whose canmount/mountpoint allow it. Returns 1 (with the
# zfs message printed) when the mountpoint directory is not empty.
z_mount() {
    _zm_row=$(z_row "$1")
    _zm_mp=$(printf '%s' "$_zm_row" | cut -f5)
    _zm_id=$(printf '%s' "$_zm_row" | cut -f9)
    [ "$(printf '%s' "$_zm_row" | cut -f8)" = on ] || return 0
    case $_zm_mp in /*) ;; *) return 0 ;; esac
    _zm_dir=$S/root$_zm_mp
    if [ -d "$_zm_dir" ] && [ -n "$(ls -A "$_zm_dir")" ]; then
        echo "cannot mount '$_zm_mp': directory is not empty" >&2
        return 1
    fi
    mkdir -p "$_zm_dir"
    if [ -d "$S/zfs/hidden/$_zm_id" ]; then
        rmdir "$_zm_dir"
        mv "$S/zfs/hidden/$_zm_id" "$_zm_dir"
    fi
    db_set "$1" 9 yes
}

# z_unmount NAME: move a mounted filesystem's data aside (its mountpoint disappears, as
# libzfs removes it after unmounting).
z_unmount() {
    [ "$(z_col "$1" 10)" = yes ] || return 0
    _zu_dir=$(z_datadir "$1")
    _zu_id=$(z_col "$1" 9)
    rm -rf "$S/zfs/hidden/$_zu_id"
    mv "$_zu_dir" "$S/zfs/hidden/$_zu_id"
    db_set "$1" 9 no
}

# z_busy MOUNTPOINT FORCE: print why a mounted file system cannot be unmounted, if it cannot:
# a foreign mount (nullfs, devfs, p9fs) below it, or (without force) a running jail's root.
z_busy() {
    _zb_p=$1/
    [ "$1" = / ] && _zb_p=/
    if cut -f4 "$S/mounts" | awk -v p="$_zb_p" -v m="$1" '$0 == m || index($0, p) == 1 { f = 1 }
        END { exit !f }'; then
        return 0
    fi
    if [ "$2" = 0 ]; then
        for _zb_j in "$S"/jails/*; do
            [ -f "$_zb_j" ] || continue
            _zb_jp=$(kv_get "$_zb_j" path)
            case $_zb_jp/ in "$_zb_p"*) return 0 ;; esac
        done
    fi
    return 1
}
