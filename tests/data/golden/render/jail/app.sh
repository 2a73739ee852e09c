#!/bin/sh
# jrun: start wrapper of exec app (generated; do not edit)
: "${JRUN_ROOT:=}"
cd "$JRUN_ROOT"/srv/app || exit 1
mkdir -p "$JRUN_ROOT"/var/run/jrun "$JRUN_ROOT"/var/log/jailrun
date +%s >"$JRUN_ROOT"/var/run/jrun/app.started
exec "$JRUN_ROOT"/usr/sbin/daemon -f -H -p "$JRUN_ROOT"/var/run/jrun/app.pid -o "$JRUN_ROOT"/var/log/jailrun/app.log -- \
    /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PORT=8000 \
    /bin/sh -c -- 'python3 -m http.server 8000'
