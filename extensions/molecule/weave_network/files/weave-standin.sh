#!/bin/sh
# STAND-IN for the `weave` script, for the weave_network scenario only. Weave Net upstream is
# archived and neither its script nor its images can be fetched here, so this records each call
# in /var/log/weave-standin.log and keeps "running" and the connect targets in
# /var/lib/weave-standin, answering `status`, `status targets`, `launch`, `connect` and `forget`
# the way the role relies on. It connects nothing: it only lets the test check the role's command
# sequence. The password (--password) is logged as "set", never by value.
set -u
state=/var/lib/weave-standin
mkdir -p "$state"
touch "$state/targets"
password="" logged="" skip=""
for arg in "$@"; do
    if [ -n "$skip" ]; then skip="" password=set; continue; fi
    if [ "$arg" = --password ]; then skip=1; continue; fi
    logged="$logged $arg"
done
echo "${logged# } password=$password prefix=${DOCKERHUB_USER:-}" >>/var/log/weave-standin.log

running() { [ -f "$state/running" ] || { echo "weave container is not present. Have you launched it?" >&2; exit 1; }; }
forget() { grep -vx "$1" "$state/targets" >"$state/targets.new"; mv "$state/targets.new" "$state/targets"; }

command=${1:-}; [ $# -eq 0 ] || shift
case "$command" in
    launch)
        [ ! -f "$state/running" ] || { echo "weave is already running" >&2; exit 1; }
        : >"$state/targets"
        while [ $# -gt 0 ]; do
            case "$1" in --ipalloc-range|--password) shift 2 ;; --*) shift ;; *) echo "$1" >>"$state/targets"; shift ;; esac
        done
        touch "$state/running" ;;
    status)
        running
        if [ "${1:-}" = targets ]; then cat "$state/targets"; else echo "weave stand-in: running"; fi ;;
    connect)
        running
        for peer in "$@"; do grep -qx "$peer" "$state/targets" || echo "$peer" >>"$state/targets"; done ;;
    forget)
        running
        for peer in "$@"; do forget "$peer"; done ;;
    *)
        echo "weave stand-in: $command is not imitated" >&2; exit 1 ;;
esac
