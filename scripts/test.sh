#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# README command 2: run the whole test suite (every tier TESTING.md lists except the manual
# `freebsd` one). .ci/run calls exactly this. Stages can be picked: scripts/test.sh dev asan
set -eu
cd "$(dirname "$0")/.."

# Rationale: CI builds once, with AddressSanitizer + UBSan and -Werror, and runs every tier
# on that build (the dev preset is the same code without sanitizers); `dev` stays available.
stages=${*:-"deps lint asan fuzz"}
jobs=$(nproc 2>/dev/null || echo 2)

stage_deps() { scripts/install-deps.sh all; }

stage_lint() {
    # Trailing whitespace and missing final newlines (ninja's misc/ci.py), then clang-format.
    bad=$(git ls-files -- '*.cpp' '*.hpp' '*.cmake' 'CMakeLists.txt' '*.sh' '*.md' '*.ucl' \
        | xargs grep -lE '[[:space:]]+$' || true)
    if [ -n "$bad" ]; then
        echo "trailing whitespace in: $bad" >&2
        return 1
    fi
    for f in $(git ls-files -- '*.cpp' '*.hpp' '*.sh' '*.ucl'); do
        if [ -s "$f" ] && [ "$(tail -c1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
            echo "missing final newline: $f" >&2
            return 1
        fi
    done
    # Host key checking is never turned off (SPEC §7): not even spelled out in a doc or test.
    if git grep -n -E 'StrictHostKeyChecking=[n]o'; then
        echo "the tree spells out an option that turns host key checking off" >&2
        return 1
    fi
    shellcheck scripts/*.sh bench/*.sh .ci/run
    cmake --preset dev >/dev/null
    cmake --build --preset dev --target check_format
}

stage_dev() {
    cmake --preset dev >/dev/null
    cmake --build --preset dev -j "$jobs"
    ctest --preset all -j "$jobs"
}

# Rationale: not a default stage; clang-tidy over every file takes long on small machines.
stage_tidy() {
    cmake --preset tidy >/dev/null
    cmake --build --preset tidy -j "$jobs"
}

stage_asan() {
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j "$jobs"
    ctest --preset asan-all -j "$jobs"
}

stage_fuzz() {
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz -j "$jobs"
    for target in build/fuzz/tests/fuzz/fuzz_*; do
        [ -x "$target" ] || continue
        name=$(basename "$target")
        corpus="tests/fuzz/corpus/${name#fuzz_}"
        work=$(mktemp -d)
        echo "== $name: 30 s from $corpus"
        "$target" -max_total_time=30 -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
            "$work" "$corpus" 2>"build/fuzz/$name.log" || {
            tail -40 "build/fuzz/$name.log" >&2
            rm -rf "$work"
            return 1
        }
        grep -E 'stat::number_of_executed_units' "build/fuzz/$name.log" || true
        rm -rf "$work"
    done
}

for stage in $stages; do
    echo "==== stage: $stage"
    "stage_$stage"
done
echo "==== all stages passed: $stages"
