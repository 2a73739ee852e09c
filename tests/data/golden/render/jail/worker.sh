#!/bin/sh
# jrun: start wrapper of exec worker (generated; do not edit)
: "${JRUN_ROOT:=}"
cd "$JRUN_ROOT"/ || exit 1
mkdir -p "$JRUN_ROOT"/var/run/jrun "$JRUN_ROOT"/var/log/jailrun
date +%s >"$JRUN_ROOT"/var/run/jrun/worker.started
exec "$JRUN_ROOT"/usr/sbin/daemon -f -H -u www -p "$JRUN_ROOT"/var/run/jrun/worker.pid -o "$JRUN_ROOT"/var/log/jailrun/worker.log -- \
    /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/sh -c -- 'sleep 1000'
