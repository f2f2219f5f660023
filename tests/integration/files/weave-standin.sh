#!/bin/sh
# STAND-IN for the `weave` script, for test_secrets.py's check of the weave_network role's command
# building (the weave_network molecule scenario runs real Weave built from source). It records each
# call in /var/log/weave-standin.log and keeps "running" and the connect targets in
# /var/lib/weave-standin, answering `status`, `status targets`, `launch`, `connect` and `forget`
# the way the role relies on. It connects nothing: it only lets the test check the role's command
# sequence, and where the password travels:
#   /var/log/weave-standin.log            each call: its arguments, password=set when WEAVE_PASSWORD is
#                                         in its environment, and DOCKERHUB_USER
#   /var/log/weave-standin.argv           each call's argv, verbatim
#   /var/lib/weave-standin/env-password-COMMAND   WEAVE_PASSWORD as that command got it (0600)
#   /var/lib/weave-standin/cmdlines-launch        the argv of every process on the host during launch (0600)
set -u
state=/var/lib/weave-standin
mkdir -p "$state"
touch "$state/targets"
command=${1:-}
printf '%s\n' "$*" >>/var/log/weave-standin.argv
password=""
if [ -n "${WEAVE_PASSWORD:-}" ]; then
    password="set"
    (umask 077; printf '%s\n' "$WEAVE_PASSWORD" >"$state/env-password-$command")
fi
if [ "$command" = launch ]; then
    (umask 077
     for file in /proc/[0-9]*/cmdline; do { tr '\0' ' ' <"$file"; } 2>/dev/null; echo; done >"$state/cmdlines-launch")
fi
echo "$* password=$password prefix=${DOCKERHUB_USER:-}" >>/var/log/weave-standin.log

running() { [ -f "$state/running" ] || { echo "weave container is not present. Have you launched it?" >&2; exit 1; }; }
forget() { grep -vx "$1" "$state/targets" >"$state/targets.new"; mv "$state/targets.new" "$state/targets"; }

[ $# -eq 0 ] || shift
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
