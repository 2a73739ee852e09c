#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# check.sh SAMPLES_BINARY monit|shellcheck|sh: render the per-jail samples into a temporary
# directory and run one validator over them; exit 77 when the validator is not installed.
set -eu
bin=$1
what=$2
out=$(mktemp -d "${TMPDIR:-/tmp}/jrun-render-jail.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$bin" "$out"
case $what in
    monit)
        command -v monit >/dev/null || { echo "skipped: monit not installed"; exit 77; }
        for rc in "$out"/monit/*/monitrc; do
            # monit writes its id file in $HOME unless told otherwise.
            HOME=$out monit -t -c "$rc"
        done
        ;;
    shellcheck)
        command -v shellcheck >/dev/null || { echo "skipped: shellcheck not installed"; exit 77; }
        # Infos are expected (SC2016: hostile values are single-quoted on purpose). SC2154 is
        # excluded because render::Script's own preamble sets jrun_rc inside its EXIT trap.
        shellcheck -s sh --severity=warning -e SC2154 "$out"/scripts/*.sh
        ;;
    sh)
        for f in "$out"/scripts/*.sh; do
            /bin/sh -n "$f"
        done
        ;;
    *)
        echo "usage: check.sh BINARY monit|shellcheck|sh" >&2
        exit 2
        ;;
esac
