#!/bin/sh
# jrun: supervise jail web
set -eu
: "${JRUN_ROOT:=}"
jrun_step=start
jrun_status=0
trap 'jrun_status=$?; [ "$jrun_status" -eq 0 ] || printf "@jrun failed %s %s\n" "$jrun_step" "$jrun_status"' EXIT
# jrun_install TMP DEST MODE: put TMP in place of DEST unless both hold the same bytes.
# Returns 0 when DEST changed, so callers can reload what reads it.
jrun_install() {
    if [ -f "$2" ] && cmp -s "$1" "$2"; then
        rm -f "$1"
        chmod "$3" "$2"
        return 1
    fi
    chmod "$3" "$1"
    mv -f "$1" "$2"
    printf '@jrun changed %s\n' "${2#"$JRUN_ROOT"}"
}
# jrun_ds DATASET: true when DATASET (or snapshot) exists.
jrun_ds() { zfs list -H -o name "$1" >/dev/null 2>&1; }
# jrun_running JAIL: true when jail JAIL runs.
jrun_running() { jls -j "$1" jid >/dev/null 2>&1; }
# jrun_rc FILE NAME VALUE: set NAME in rc.conf FILE unless it has VALUE.
jrun_rc() {
    [ "$(sysrc -f "$1" -n "$2" 2>/dev/null)" = "$3" ] || sysrc -f "$1" "$2=$3" >/dev/null
}
# jrun_mkdir DIR: create DIR (a "$JRUN_ROOT" path) unless it exists.
jrun_mkdir() { [ -d "$1" ] || mkdir -p "$1"; }
# jrun_rmdir DIR: remove DIR (a "$JRUN_ROOT" path) when it is an empty directory.
jrun_rmdir() { [ ! -d "$1" ] || rmdir "$1" 2>/dev/null || :; }
# jrun_nullfs_at TARGET: print "SOURCE OPTIONS" of the nullfs mount on TARGET.
jrun_nullfs_at() {
    mount -p -t nullfs | T=$1 awk '$2 == ENVIRON["T"] { print $1 " " $4 }'
}
# jrun_mounts_below DIR: mountpoints (not ZFS) strictly below DIR, deepest first.
jrun_mounts_below() {
    mount -p | D=$1/ awk '$3 != "zfs" && index($2, ENVIRON["D"]) == 1 { print $2 }' | sort -r
}
# jrun_monit_up JAIL: true when monit runs in JAIL and answers.
jrun_monit_up() { jrun_running "$1" && jexec "$1" monit summary >/dev/null 2>&1; }
# jrun_clones_of DATASET: private names of the jails cloned from a snapshot of DATASET.
jrun_clones_of() {
    zfs list -H -o name,origin -t filesystem -r zroot/jailrun/jails |
        P=$1@ awk -F'\t' 'index($2, ENVIRON["P"]) == 1 { n = $1; sub(/\/root$/, "", n); sub(/.*\//, "", n); print n }'
}


jrun_step=monit-files
printf '@jrun step %s %s\n' monit-files 'write the monit files of web'
jrun_mkdir "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d
chmod 0700 "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d
jrun_mkdir "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun
jrun_mkdir "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/run/jrun
jrun_mkdir "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/var/log/jailrun
jrun_mkdir "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/srv/app
jrun_mkdir "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/
jrun_rc /usr/local/jailrun/jails/j4b5e57f6eb2f/root/etc/rc.conf monit_enable YES
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monitrc.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# jrun: monit control file of jail web (generated; do not edit)
set daemon 5
set log syslog
set idfile /var/db/monit.id
set statefile /var/db/monit.state
set pidfile /var/run/monit.pid
set httpd port 2812 and
    use address 127.0.0.1
    allow 127.0.0.1
check system web.system
    if loadavg (5min) > 6 for 5 cycles then alert
    if memory usage > 90% for 5 cycles then alert
    if cpu usage (system) > 95% for 5 cycles then alert
include /usr/local/etc/monit.d/*.monitrc
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monitrc 0600; then
: >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/app.sh.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
#!/bin/sh
# jrun: start wrapper of exec app (generated; do not edit)
: "${JRUN_ROOT:=}"
cd "$JRUN_ROOT"/srv/app || exit 1
mkdir -p "$JRUN_ROOT"/var/run/jrun "$JRUN_ROOT"/var/log/jailrun
date +%s >"$JRUN_ROOT"/var/run/jrun/app.started
exec "$JRUN_ROOT"/usr/sbin/daemon -f -H -p "$JRUN_ROOT"/var/run/jrun/app.pid -o "$JRUN_ROOT"/var/log/jailrun/app.log -- \
    /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PORT=8000 \
    /bin/sh -c -- 'python3 -m http.server 8000'
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/app.sh 0755; then
: >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.app.pending; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/app.stop.sh.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
#!/bin/sh
# jrun: stop wrapper of exec app (generated; do not edit)
: "${JRUN_ROOT:=}"
[ -f "$JRUN_ROOT"/var/run/jrun/app.pid ] || exit 0
pkill -F "$JRUN_ROOT"/var/run/jrun/app.pid || :
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/app.stop.sh 0755; then
: >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.app.pending; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/app.health.sh.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
#!/bin/sh
# jrun: health check of exec app (generated; do not edit)
: "${JRUN_ROOT:=}"
# Exit 0: passing; 1: starting (failed within start_period); 2: failing.
if cd "$JRUN_ROOT"/srv/app && /usr/bin/timeout -k 1 3 /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PORT=8000 /bin/sh -c -- 'fetch -qo /dev/null http://127.0.0.1:8000/'; then
    exit 0
fi
started=$(cat "$JRUN_ROOT"/var/run/jrun/app.started 2>/dev/null) || started=0
case $started in '' | *[!0-9]*) started=0 ;; esac
if [ $(($(date +%s) - started)) -lt 20 ]; then
    exit 1
fi
exit 2
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/app.health.sh 0755; then
: >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.app.pending; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/app.monitrc.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# jrun: exec app (generated; do not edit)
check process app with pidfile /var/run/jrun/app.pid
    group jrun
    start program = "/usr/local/libexec/jrun/app.sh" with timeout 60 seconds
    stop program = "/usr/local/libexec/jrun/app.stop.sh"
    if does not exist for 1 cycles then restart
    if 5 restarts within 60 cycles then unmonitor
check program app.health with path "/usr/local/libexec/jrun/app.health.sh" with timeout 8 seconds
    group jrun
    depends on app
    every 3 cycles
    if status > 1 for 4 cycles then exec "/usr/local/bin/monit restart app" repeat every 4 cycles
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/app.monitrc 0600; then
: >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.app.pending; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/worker.sh.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
#!/bin/sh
# jrun: start wrapper of exec worker (generated; do not edit)
: "${JRUN_ROOT:=}"
cd "$JRUN_ROOT"/ || exit 1
mkdir -p "$JRUN_ROOT"/var/run/jrun "$JRUN_ROOT"/var/log/jailrun
date +%s >"$JRUN_ROOT"/var/run/jrun/worker.started
exec "$JRUN_ROOT"/usr/sbin/daemon -f -H -u www -p "$JRUN_ROOT"/var/run/jrun/worker.pid -o "$JRUN_ROOT"/var/log/jailrun/worker.log -- \
    /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/sh -c -- 'sleep 1000'
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/worker.sh 0755; then
: >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.worker.pending; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/worker.stop.sh.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
#!/bin/sh
# jrun: stop wrapper of exec worker (generated; do not edit)
: "${JRUN_ROOT:=}"
[ -f "$JRUN_ROOT"/var/run/jrun/worker.pid ] || exit 0
pkill -F "$JRUN_ROOT"/var/run/jrun/worker.pid || :
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/worker.stop.sh 0755; then
: >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.worker.pending; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
if [ -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/worker.health.sh ]; then
    rm -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/libexec/jrun/worker.health.sh; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.worker.pending; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
jrun_tmp="$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/worker.monitrc.jrun-new
cat > "$jrun_tmp" <<'JRUN_EOF'
# jrun: exec worker (generated; do not edit)
check process worker with pidfile /var/run/jrun/worker.pid
    group jrun
    start program = "/usr/local/libexec/jrun/worker.sh" with timeout 60 seconds
    stop program = "/usr/local/libexec/jrun/worker.stop.sh"
    if does not exist for 1 cycles then restart
    if 5 restarts within 60 cycles then unmonitor
JRUN_EOF
if jrun_install "$jrun_tmp" "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/worker.monitrc 0600; then
: >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.worker.pending; : >"$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi

jrun_step=monit-apply
printf '@jrun step %s %s\n' monit-apply 'start, reload and restart the processes of web'
if ! jrun_monit_up j4b5e57f6eb2f; then
    jexec j4b5e57f6eb2f monit -t
    jexec j4b5e57f6eb2f service monit start
    rm -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
elif [ -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending ]; then
    jexec j4b5e57f6eb2f monit -t
    jexec j4b5e57f6eb2f monit reload
    rm -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.reload-pending
fi
if [ -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.app.pending ]; then
    jrun_i=0
    until jexec j4b5e57f6eb2f monit status app >/dev/null 2>&1 || [ $jrun_i -ge 30 ]; do
        jrun_i=$((jrun_i + 1)); sleep 1
    done
    jexec j4b5e57f6eb2f monit start app
    rm -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.app.pending
fi
if [ -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.worker.pending ]; then
    jrun_i=0
    until jexec j4b5e57f6eb2f monit status worker >/dev/null 2>&1 || [ $jrun_i -ge 30 ]; do
        jrun_i=$((jrun_i + 1)); sleep 1
    done
    jexec j4b5e57f6eb2f monit start worker
    rm -f "$JRUN_ROOT"/usr/local/jailrun/jails/j4b5e57f6eb2f/root/usr/local/etc/monit.d/.worker.pending
fi
