# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# zfs(8) subcommands that change or walk whole dataset trees: destroy, promote, rename,
# rollback, set, list, get. Sourced by bin/zfs (which defines usage, no_such, check_*).

# z_desc NAME: every descendant (child filesystems at any depth and all their snapshots).
z_desc() {
    awk -F'\t' -v n="$1" 'index($1, n "/") == 1 || index($1, n "@") == 1 { print $1 }' "$ZDB"
}

# z_clones_of NAMES...: datasets whose origin is one of the given snapshots.
z_clones_of() {
    for _co in "$@"; do printf '%s\n' "$_co"; done | awk -F'\t' -v db="$ZDB" '
        { want[$0] = 1 }
        END { while ((getline l < db) > 0) { split(l, f, "\t"); if (f[6] in want) print f[1] } }'
}

# z_closure NAMES...: the names plus descendants plus clones (and theirs), as -R destroys.
z_closure() {
    _cl_set=$(for _cl in "$@"; do printf '%s\n' "$_cl"; z_desc "$_cl"; done | sort -u)
    while :; do
        # shellcheck disable=SC2086 # dataset names hold no blanks
        _cl_more=$( (printf '%s\n' "$_cl_set"; for _cl in $(z_clones_of $_cl_set); do
            printf '%s\n' "$_cl"
            z_desc "$_cl"
        done) | sort -u)
        [ "$_cl_more" = "$_cl_set" ] && break
        _cl_set=$_cl_more
    done
    printf '%s\n' "$_cl_set"
}

# outside SET CANDIDATES: the candidates not in the newline-separated SET.
outside() {
    printf '%s\n' "$2" | awk -v set="$1" 'BEGIN { n = split(set, a, "\n"); for (i = 1; i <= n; i++) s[a[i]] = 1 }
        $0 != "" && !($0 in s)'
}

# report TARGETWORD TARGET WHY HINT LIST: print a zfs dependents refusal and fail.
report() {
    {
        echo "cannot $1 '$2': $3"
        echo "$4"
        printf '%s\n' "$5"
    } >&2
    exit 1
}

# check_busy FORCE NAMES...: refuse when a mounted filesystem among NAMES cannot be unmounted.
check_busy() {
    _cb_force=$1
    shift
    for _cb in "$@"; do
        [ "$(z_col "$_cb" 2)" = filesystem ] || continue
        [ "$(z_col "$_cb" 10)" = yes ] || continue
        _cb_mp=$(z_col "$_cb" 5)
        if z_busy "$_cb_mp" "$_cb_force"; then
            fb_die "cannot unmount '$_cb_mp': pool or dataset is busy"
        fi
    done
}

destroy_one() {
    _do_dir=$(z_datadir "$1")
    if [ "$(z_col "$1" 2)" = filesystem ] && [ "$(z_col "$1" 10)" = yes ]; then
        _do_nested=$(z_nested_of "$1")
        if [ -n "$_do_nested" ]; then
            # shellcheck disable=SC2086 # nested mountpoints are plain relative paths
            z_replace_tree "$_do_dir" "" $_do_nested
        else
            rm -rf "$_do_dir"
        fi
    else
        rm -rf "$_do_dir"
    fi
    db_del "$1"
}

# destroy_set DRYRUN VERBOSE NAMES: destroy dependents first (children, snapshots, clones).
destroy_set() {
    _ds_left=$3
    if [ "$2" = 1 ]; then
        for _ds in $_ds_left; do
            if [ "$1" = 1 ]; then echo "would destroy $_ds"; else echo "will destroy $_ds"; fi
        done
    fi
    [ "$1" = 1 ] && return 0
    while [ -n "$_ds_left" ]; do
        _ds_next=
        _ds_done=0
        for _ds in $_ds_left; do
            if [ -n "$(z_desc "$_ds")" ] || [ -n "$(z_clones_of "$_ds")" ]; then
                _ds_next="$_ds_next $_ds"
            else
                destroy_one "$_ds"
                _ds_done=1
            fi
        done
        [ "$_ds_done" = 1 ] || fb_die "fakebsd: zfs: internal error: cannot order destroy of$_ds_next" 70
        _ds_left=$_ds_next
    done
}

cmd_destroy() {
    r=0 R=0 f=0 n=0 v=0
    while getopts rRfnvp opt; do
        case $opt in
            r) r=1 ;;
            R) R=1 r=1 ;;
            f) f=1 ;;
            n) n=1 ;;
            v | p) v=1 ;;
            *) usage "destroy [-fnpRrv] <filesystem|volume>" ;;
        esac
    done
    shift $((OPTIND - 1))
    [ $# -eq 1 ] || usage "destroy [-fnpRrv] <filesystem|volume>"
    t=$1
    case $t in
        *@*) destroy_snapshot ;;
        *) destroy_fs ;;
    esac
}

destroy_fs() {
    z_exists "$t" || no_such "$t"
    case $t in
        */*) ;;
        *)
            {
                echo "cannot destroy '$t': operation does not apply to pools"
                echo "use 'zfs destroy -r $t' to destroy all datasets in the pool"
                echo "use 'zpool destroy $t' to destroy the pool itself"
            } >&2
            exit 1
            ;;
    esac
    desc=$(z_desc "$t")
    if [ "$r" = 0 ] && [ -n "$desc" ]; then
        report destroy "$t" "filesystem has children" "use '-r' to destroy the following datasets:" "$desc"
    fi
    own=$(printf '%s\n%s\n' "$t" "$desc" | sed '/^$/d')
    # shellcheck disable=SC2086 # dataset names hold no blanks
    clones=$(outside "$own" "$(z_closure $own)")
    if [ "$R" = 0 ] && [ -n "$clones" ]; then
        report destroy "$t" "filesystem has dependent clones" "use '-R' to destroy the following datasets:" "$clones"
    fi
    # shellcheck disable=SC2086 # dataset names hold no blanks
    set_all=$(z_closure $own)
    # shellcheck disable=SC2086 # dataset names hold no blanks
    check_busy "$f" $set_all
    destroy_set "$n" "$v" "$set_all"
}

destroy_snapshot() {
    fs=${t%@*}
    snapname=${t#*@}
    z_exists "$fs" || no_such "$fs"
    case $snapname in *%* | *,*) fb_unmodeled "snapshot ranges and lists" ;; esac
    if [ "$r" = 1 ]; then
        snaps=$(awk -F'\t' -v n="$fs" -v s="$snapname" '$2 == "snapshot" &&
            ($1 == n "@" s || (index($1, n "/") == 1 && substr($1, length($1) - length(s)) == "@" s)) {
            print $1 }' "$ZDB")
    else
        snaps=
        if z_exists "$t"; then snaps=$t; fi
    fi
    [ -n "$snaps" ] || fb_die "could not find any snapshots to destroy; check snapshot names."
    # shellcheck disable=SC2086 # dataset names hold no blanks
    clones=$(outside "$snaps" "$(z_closure $snaps)")
    if [ "$R" = 0 ] && [ -n "$clones" ]; then
        report destroy "$t" "snapshot has dependent clones" "use '-R' to destroy the following datasets:" "$clones"
    fi
    # shellcheck disable=SC2086 # dataset names hold no blanks
    set_all=$(z_closure $snaps)
    # shellcheck disable=SC2086 # dataset names hold no blanks
    check_busy "$f" $set_all
    destroy_set "$n" "$v" "$set_all"
}

cmd_promote() {
    [ $# -eq 1 ] || usage "promote <clone-filesystem>"
    c=$1
    z_exists "$c" || no_such "$c"
    origin=$(z_col "$c" 7)
    [ "$origin" != - ] || fb_die "cannot promote '$c': not a cloned filesystem"
    parent=${origin%@*}
    txg=$(z_col "$origin" 3)
    moving=$(awk -F'\t' -v p="$parent" -v t="$txg" 'index($1, p "@") == 1 && $3 <= t { print $1 }' "$ZDB")
    for s in $moving; do
        z_exists "$c@${s#*@}" && fb_die "cannot promote '$c': conflicting snapshot '${s#*@}' from parent '$parent'"
    done
    db_set "$c" 6 "$(z_col "$parent" 7)"
    for s in $moving; do
        db_set "$s" 1 "$c@${s#*@}"
        awk 'BEGIN { FS = OFS = "\t" } $6 == o { $6 = nn } { print }' o="$s" nn="$c@${s#*@}" "$ZDB" >"$ZDB.tmp"
        mv "$ZDB.tmp" "$ZDB"
    done
    db_set "$parent" 6 "$c@${origin#*@}"
    sort -t "$TAB" -k1,1 "$ZDB" >"$ZDB.tmp" && mv "$ZDB.tmp" "$ZDB"
}

subtree_fs() {
    awk -F'\t' -v n="$1" '$2 == "filesystem" && ($1 == n || index($1, n "/") == 1) { print $1 }' "$ZDB"
}

# remount_subtree NAME FORCE EDIT...: unmount NAME's filesystems, run EDIT (a db change), mount
# them again with their new mountpoints.
remount_subtree() {
    _rs_name=$1
    _rs_force=$2
    shift 2
    # shellcheck disable=SC2046 # dataset names hold no blanks
    check_busy "$_rs_force" $(subtree_fs "$_rs_name")
    for _rs in $(subtree_fs "$_rs_name" | sort -r); do z_unmount "$_rs"; done
    "$@"
    _rs_new=${NEWROOT:-$_rs_name}
    _rs_rc=0
    for _rs in $(subtree_fs "$_rs_new"); do z_mount "$_rs" || _rs_rc=1; done
    return $_rs_rc
}

# rename_prefix OLD NEW: rename OLD and everything below it, including clone origins.
rename_prefix() {
    awk 'BEGIN { FS = OFS = "\t" }
        function re(x) {
            if (x == o || index(x, o "/") == 1 || index(x, o "@") == 1) return nn substr(x, length(o) + 1)
            return x
        }
        { $1 = re($1); $6 = re($6); print }' o="$1" nn="$2" "$ZDB" | sort -t "$TAB" -k1,1 >"$ZDB.tmp"
    mv "$ZDB.tmp" "$ZDB"
}

cmd_rename() {
    parents=0 force=0 recursive=0
    while getopts fpur opt; do
        case $opt in
            f) force=1 ;;
            p) parents=1 ;;
            u) ;;
            r) recursive=1 ;;
            *) usage "rename [-f] <filesystem|volume|snapshot> <filesystem|volume|snapshot>" ;;
        esac
    done
    shift $((OPTIND - 1))
    [ $# -eq 2 ] || usage "rename [-f] <filesystem|volume|snapshot> <filesystem|volume|snapshot>"
    old=$1
    new=$2
    case $old in
        *@*)
            case $new in @*) new=${old%@*}$new ;; esac
            rename_snapshot
            return 0
            ;;
    esac
    z_exists "$old" || no_such "$old"
    check_name "rename to" "$new" filesystem
    z_exists "$new" && fb_die "cannot rename to '$new': dataset already exists"
    case $new in "$old"/*) fb_die "cannot rename to '$new': New dataset name cannot be a descendant of current dataset name" ;; esac
    [ "${old%%/*}" = "${new%%/*}" ] || fb_die "cannot rename to '$new': datasets must be within same pool"
    if ! z_exists "${new%/*}"; then
        [ "$parents" = 1 ] || fb_die "cannot rename to '$new': parent does not exist"
        create_ancestors "${new%/*}"
    fi
    NEWROOT=$new
    remount_subtree "$old" "$force" rename_prefix "$old" "$new"
}

rename_snapshot() {
    [ "${old%@*}" = "${new%@*}" ] || fb_die "cannot rename to '$new': snapshots must be part of same dataset"
    fs=${old%@*}
    if [ "$recursive" = 1 ]; then
        list=$(subtree_fs "$fs")
    else
        list=$fs
    fi
    found=0
    for d in $list; do
        z_exists "$d@${old#*@}" || continue
        found=1
        z_exists "$d@${new#*@}" && fb_die "cannot rename to '$d@${new#*@}': dataset already exists"
    done
    [ "$found" = 1 ] || no_such "$old"
    for d in $list; do
        z_exists "$d@${old#*@}" && rename_prefix "$d@${old#*@}" "$d@${new#*@}"
    done
    return 0
}

cmd_rollback() {
    r=0 R=0 f=0
    while getopts rRf opt; do
        case $opt in
            r) r=1 ;;
            R) R=1 r=1 ;;
            f) f=1 ;;
            *) usage "rollback [-rRf] <snapshot>" ;;
        esac
    done
    shift $((OPTIND - 1))
    [ $# -eq 1 ] || usage "rollback [-rRf] <snapshot>"
    t=$1
    case $t in *@*) ;; *) fb_die "cannot open '$t': operation not applicable to datasets of this type" ;; esac
    z_exists "$t" || no_such "$t"
    fs=${t%@*}
    txg=$(z_col "$t" 3)
    newer=$(awk -F'\t' -v p="$fs" -v t="$txg" 'index($1, p "@") == 1 && $3 > t { print $1 }' "$ZDB")
    if [ -n "$newer" ] && [ "$r" = 0 ]; then
        report "rollback to" "$t" "more recent snapshots or bookmarks exist" \
            "use '-r' to force deletion of the following snapshots and bookmarks:" "$newer"
    fi
    if [ -n "$newer" ]; then
        # shellcheck disable=SC2086 # dataset names hold no blanks
        clones=$(outside "$newer" "$(z_closure $newer)")
        if [ "$R" = 0 ] && [ -n "$clones" ]; then
            report "rollback to" "$t" "clones of previous snapshots exist" \
                "use '-R' to force deletion of the following clones and dependents:" "$clones"
        fi
        # shellcheck disable=SC2046,SC2086 # dataset names hold no blanks
        check_busy "$f" $(z_closure $newer)
        # shellcheck disable=SC2086 # dataset names hold no blanks
        destroy_set 0 0 "$(z_closure $newer)"
    fi
    # shellcheck disable=SC2046 # nested mountpoints are plain relative paths
    z_replace_tree "$(z_datadir "$fs")" "$(z_datadir "$t")" $(z_nested_of "$fs")
}

cmd_set() {
    [ $# -ge 2 ] || usage "set <property=value> ... <filesystem|volume|snapshot> ..."
    ds=
    for ds in "$@"; do :; done
    z_exists "$ds" || no_such "$ds"
    while [ $# -gt 1 ]; do
        case $1 in *=*) ;; *) fb_die "missing '=' for property=value argument" 2 ;; esac
        check_prop set "$ds" "$1"
        prop=${1%%=*}
        value=${1#*=}
        case $prop in
            mountpoint)
                NEWROOT=$ds
                remount_subtree "$ds" 0 db_set "$ds" 5 "$value"
                ;;
            canmount)
                db_set "$ds" 7 "$value"
                if [ "$value" = on ]; then z_mount "$ds"; else z_unmount "$ds"; fi
                ;;
            *)
                props=$(z_col "$ds" 11 | tr ',' '\n' | grep -v "^$prop=" | grep -v '^-$' | paste -sd, -)
                db_set "$ds" 10 "${props:+$props,}$prop=$value"
                ;;
        esac
        shift
    done
}

# shellcheck source=zfslist.sh
. "$FB_LIB/zfslist.sh"
