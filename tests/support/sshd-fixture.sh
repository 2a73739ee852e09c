#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A throw-away OpenSSH server on 127.0.0.1 for tests, running as the current user.
#
#   sshd-fixture.sh start DIR [CONFIG_LINE...]   start (or restart) it; print its port
#   sshd-fixture.sh stop DIR                     stop it and the sessions it serves
#   sshd-fixture.sh rekey DIR                    forget the host key (the next start makes a new one)
#
# DIR holds everything: host_key, user_key (the client's identity), authorized_keys,
# sshd_config, sshd.log, sshd.pid and port. A restart reuses the port, so that a client's
# known_hosts entry ([127.0.0.1]:PORT) still applies. CONFIG_LINEs are appended to
# sshd_config (e.g. the `SetEnv ...` line of `fakebsd env --sshd`). Exit 77 when there is no
# /usr/sbin/sshd or ssh-keygen (the caller skips).
set -eu

SSHD=${SSHD:-/usr/sbin/sshd}

die() {
    printf 'sshd-fixture: %s\n' "$*" >&2
    exit 1
}

skip() {
    printf 'sshd-fixture: SKIPPED: %s\n' "$*" >&2
    exit 77
}

need_tools() {
    [ -x "$SSHD" ] || skip "$SSHD is not installed (Debian package openssh-server)"
    command -v ssh-keygen >/dev/null 2>&1 || skip "ssh-keygen is not installed"
}

# Print a TCP port that is free on 127.0.0.1 now.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    else
        awk 'BEGIN { srand(); print 20000 + int(rand() * 30000) }'
    fi
}

make_keys() {
    dir=$1
    [ -f "$dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -C fixture-host -f "$dir/host_key"
    [ -f "$dir/user_key" ] || ssh-keygen -q -t ed25519 -N '' -C fixture-user -f "$dir/user_key"
    cp "$dir/user_key.pub" "$dir/authorized_keys"
    chmod 600 "$dir/authorized_keys"
}

write_config() {
    dir=$1
    port=$2
    shift 2
    {
        printf 'ListenAddress 127.0.0.1:%s\n' "$port"
        printf 'HostKey %s/host_key\n' "$dir"
        printf 'AuthorizedKeysFile %s/authorized_keys\n' "$dir"
        printf 'PidFile %s/sshd.pid\n' "$dir"
        printf '%s\n' 'StrictModes no' 'UsePAM no' 'PasswordAuthentication no' \
            'KbdInteractiveAuthentication no' 'PubkeyAuthentication yes' \
            'PermitRootLogin prohibit-password' 'AllowTcpForwarding yes' 'LogLevel INFO' \
            'MaxStartups 100' 'MaxSessions 100' 'Subsystem sftp internal-sftp'
        for line in "$@"; do
            printf '%s\n' "$line"
        done
    } >"$dir/sshd_config"
}

# True while process $1 runs (a zombie waiting for a slow init to reap it does not count).
alive() {
    state=$(ps -o stat= -p "$1" 2>/dev/null || true)
    [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# Wait until sshd (pid $2) logs that it listens, or fail when it exits first.
wait_listening() {
    dir=$1
    pid=$2
    tries=0
    while ! grep -q 'Server listening' "$dir/sshd.log" 2>/dev/null; do
        alive "$pid" || return 1
        tries=$((tries + 1))
        [ "$tries" -lt 500 ] || return 1
        sleep 0.02
    done
}

launch() {
    dir=$1
    port=$2
    "$SSHD" -D -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1 &
    pid=$!
    if wait_listening "$dir" "$pid"; then
        printf '%s\n' "$pid" >"$dir/sshd.pid"
        printf '%s\n' "$port" >"$dir/port"
        return 0
    fi
    kill "$pid" 2>/dev/null || true
    return 1
}

start() {
    dir=$1
    shift
    need_tools
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" != 0 ] || mkdir -p /run/sshd
    make_keys "$dir"
    : >"$dir/sshd.log"
    fixed=$(cat "$dir/port" 2>/dev/null || true)
    for _ in 1 2 3 4 5; do
        port=${fixed:-$(free_port)}
        write_config "$dir" "$port" "$@"
        if launch "$dir" "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
        [ -z "$fixed" ] || break
    done
    cat "$dir/sshd.log" >&2 2>/dev/null || true
    die "sshd did not start (log above: $dir/sshd.log)"
}

# Stop the listener and the per-connection processes it forked (a client's control master
# would otherwise keep its session alive).
stop() {
    dir=$1
    [ -f "$dir/sshd.pid" ] || return 0
    pid=$(cat "$dir/sshd.pid")
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do
        kill "$child" 2>/dev/null || true
    done
    kill "$pid" 2>/dev/null || true
    tries=0
    while alive "$pid" && [ "$tries" -lt 250 ]; do
        tries=$((tries + 1))
        sleep 0.02
    done
    rm -f "$dir/sshd.pid"
}

rekey() {
    rm -f "$1/host_key" "$1/host_key.pub"
}

[ $# -ge 2 ] || die "usage: sshd-fixture.sh start|stop|rekey DIR [CONFIG_LINE...]"
command=$1
shift
case $command in
start) start "$@" ;;
stop) stop "$1" ;;
rekey) rekey "$1" ;;
*) die "unknown command: $command" ;;
esac
