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
