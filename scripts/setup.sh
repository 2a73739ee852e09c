#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# README command 1: install what jrun needs (Debian packages), build it, and run the main job
# offline. Safe to run again.
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh all
cmake --preset release >/dev/null
cmake --build --preset release
jrun=build/release/src/jrun

echo "== jrun $($jrun --version | cut -d' ' -f2) built: $jrun"
for step in "validate examples/stack.ucl" "config dump examples/stack.ucl"; do
    if $jrun help "${step%% *}" >/dev/null 2>&1 && [ -f examples/stack.ucl ]; then
        echo "== jrun $step"
        # shellcheck disable=SC2086 # the step is a fixed word list
        $jrun $step
    fi
done
