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
# The main job, offline: check the example stack, dump it as JSON, and plan it (no VM needed).
stack=examples/stack.ucl
echo "== jrun validate $stack"
$jrun validate "$stack"
echo "== jrun config dump $stack > build/stack.json"
$jrun config dump "$stack" >build/stack.json
echo "   $(wc -c <build/stack.json) bytes of JSON"
echo "== jrun plan $stack"
$jrun plan "$stack"
