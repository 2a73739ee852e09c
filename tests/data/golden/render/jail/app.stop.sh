#!/bin/sh
# jrun: stop wrapper of exec app (generated; do not edit)
: "${JRUN_ROOT:=}"
[ -f "$JRUN_ROOT"/var/run/jrun/app.pid ] || exit 0
pkill -F "$JRUN_ROOT"/var/run/jrun/app.pid || :
