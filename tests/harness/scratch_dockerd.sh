#!/usr/bin/env bash
# A throwaway dockerd beside the shared one, for tests that restart, misconfigure or
# re-point a daemon (the shared /var/run/docker.sock daemon is never touched).
#
#   scratch_dockerd.sh command DIR   print the dockerd command line (what the engine role's
#                                    process restart method runs)
#   scratch_dockerd.sh start DIR     start it (writes DIR/daemon.json if missing), wait until it answers
#   scratch_dockerd.sh stop DIR      stop it and wait until it exited
#   scratch_dockerd.sh destroy DIR   stop it and remove its bridge
#
# Everything lives in DIR: data-root, exec-root (its own containerd), socket, pidfile,
# daemon.json and dockerd.log. It gets a bridge of its own (dockerd with "bridge": "none"
# deletes docker0, breaking the shared daemon) and leaves iptables alone.
set -euo pipefail

action="${1:?usage: $0 command|start|stop DIR}"
dir="${2:?usage: $0 command|start|stop DIR}"
timeout="${SCRATCH_TIMEOUT:-30}"

command_line() {
    echo "dockerd --data-root $dir/data --exec-root $dir/exec -H unix://$dir/docker.sock" \
         "--pidfile $dir/docker.pid --config-file $dir/daemon.json"
}

# A bridge name per scratch folder (interface names are at most 15 characters).
bridge_name() {
    echo "dys$(echo "$dir" | md5sum | cut -c1-8)"
}

running_pid() {
    local pid
    pid="$(cat "$dir/docker.pid" 2>/dev/null)" || return 1
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
    mkdir -p "$dir"
    local bridge
    bridge="$(bridge_name)"
    ip link show "$bridge" >/dev/null 2>&1 || { ip link add "$bridge" type bridge && ip link set "$bridge" up; }
    # In the engine matrix's containerd-store host container, scratch daemons use that store too.
    local features=''
    [ "${DYK_ENGINE:-}" = docker28-containerd ] && features=',\n  "features": {"containerd-snapshotter": true}'
    [ -f "$dir/daemon.json" ] \
        || printf '{\n  "bridge": "%s",\n  "iptables": false%b\n}\n' "$bridge" "$features" >"$dir/daemon.json"
    running_pid >/dev/null && return 0
    local offset
    offset=$(stat -c %s "$dir/dockerd.log" 2>/dev/null || echo 0)
    setsid sh -c "exec $(command_line)" >>"$dir/dockerd.log" 2>&1 </dev/null &
    local pid=$!
    for _ in $(seq $((timeout * 5))); do
        if tail -c +"$((offset + 1))" "$dir/dockerd.log" | grep -q 'API listen on'; then return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -c +"$((offset + 1))" "$dir/dockerd.log" | tail -n 5 >&2
            exit 1
        fi
        sleep 0.2
    done
    echo "scratch dockerd in $dir did not answer within ${timeout}s" >&2
    exit 1
}

stop() {
    local pid
    pid="$(running_pid)" || return 0
    kill "$pid"
    for _ in $(seq $((timeout * 5))); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
}

case "$action" in
    command) command_line ;;
    start) start ;;
    stop) stop ;;
    destroy) stop; ip link del "$(bridge_name)" 2>/dev/null || true ;;
    *) echo "unknown action $action; use command, start or stop" >&2; exit 2 ;;
esac
