# shellcheck shell=sh
# SPDX-License-Identifier: BSD-2-Clause
# Non-ZFS mounts (nullfs, p9fs, devfs). $S/mounts holds "id fstype source mountpoint options"
# (tab separated, guest paths of the host). A nullfs or p9fs mount is realised by moving the
# covered directory to $S/covered/<id> and putting a symlink to the source in its place, so
# files written through the mount land in the source; devfs mounts are only recorded.

# mnt_entry MOUNTPOINT: the newest mount table line at a guest mountpoint.
mnt_entry() {
    awk -F'\t' -v m="$1" '$4 == m' "$S/mounts" | tail -n 1
}

# mnt_mount FSTYPE SOURCE TARGET OPTIONS: mount (guest host paths); prints mount(8)-like
# errors and returns 1 on failure.
mnt_mount() {
    _mm_tool=mount
    [ "$1" = nullfs ] && _mm_tool=mount_nullfs
    _mm_real=$(fb_hmap "$3")
    if [ ! -e "$_mm_real" ]; then
        echo "$_mm_tool: $3: No such file or directory" >&2
        return 1
    fi
    if [ ! -d "$_mm_real" ] || [ -L "$_mm_real" ] && [ -z "$(mnt_entry "$3")" ]; then
        echo "$_mm_tool: $3: Not a directory" >&2
        return 1
    fi
    if [ -n "$(mnt_entry "$3")" ]; then
        echo "$_mm_tool: $3: Device busy" >&2
        return 1
    fi
    case $1 in
        nullfs)
            _mm_src=$(fb_hmap "$2")
            if [ ! -d "$_mm_src" ]; then
                echo "mount_nullfs: $2: No such file or directory" >&2
                return 1
            fi
            ;;
        p9fs)
            if ! grep -qx virtio_p9fs "$S/kld"; then
                echo "mount: $2: Operation not supported by device" >&2
                return 1
            fi
            if [ ! -f "$S/shares/$2" ]; then
                echo "mount: $2: No such file or directory" >&2
                return 1
            fi
            _mm_src=$(cat "$S/shares/$2")
            ;;
        devfs) _mm_src= ;;
        *)
            echo "mount: $3: Operation not supported by device" >&2
            return 1
            ;;
    esac
    _mm_id=$(fb_counter mnt)
    if [ -n "$_mm_src" ]; then
        mv "$_mm_real" "$S/covered/$_mm_id"
        ln -s "$_mm_src" "$_mm_real"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$_mm_id" "$1" "$2" "$3" "${4:--}" >>"$S/mounts"
}

# mnt_busy MOUNTPOINT FORCE: print why MOUNTPOINT cannot be unmounted, if it cannot.
mnt_busy() {
    _mb_pre=$1/
    if awk -F'\t' -v p="$_mb_pre" 'index($4, p) == 1 || ($2 == "nullfs" && (index($3, p) == 1)) { f = 1 }
        END { exit !f }' "$S/mounts"; then
        return 0
    fi
    if [ "$2" = 0 ]; then
        for _mb_j in "$S"/jails/*; do
            [ -f "$_mb_j" ] || continue
            case $(kv_get "$_mb_j" path)/ in "$_mb_pre"*) return 0 ;; esac
        done
    fi
    return 1
}

# mnt_umount MOUNTPOINT FORCE: unmount (guest host path); umount(8)-like errors, returns 1.
mnt_umount() {
    _mu_real=$(fb_hmap "$1")
    _mu_line=$(mnt_entry "$1")
    if [ -z "$_mu_line" ]; then
        if [ ! -e "$_mu_real" ]; then
            echo "umount: $1: statfs: No such file or directory" >&2
        else
            echo "umount: $1: not a file system root directory" >&2
        fi
        return 1
    fi
    if mnt_busy "$1" "$2"; then
        echo "umount: unmount of $1 failed: Device busy" >&2
        return 1
    fi
    _mu_id=$(printf '%s' "$_mu_line" | cut -f1)
    if [ -d "$S/covered/$_mu_id" ]; then
        rm -f "$_mu_real"
        mv "$S/covered/$_mu_id" "$_mu_real"
    fi
    awk -F'\t' -v id="$_mu_id" '$1 != id' "$S/mounts" >"$S/mounts.tmp"
    mv "$S/mounts.tmp" "$S/mounts"
}
