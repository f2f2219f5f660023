#!/usr/bin/env bash
# PID 1 of an engine host container (started by engines.sh): forwards the local registries'
# ports from this container's 127.0.0.1 to the outer host, then runs the engine, serving its API
# on /dockyard-engine/docker.sock (a folder the outer host sees). Its log: /dockyard-engine/engine.log.
set -uo pipefail

# Both loopbacks: `localhost` resolves to ::1 first here.
for port in $DYK_REGISTRY_PORTS; do
    socat "TCP-LISTEN:$port,bind=127.0.0.1,fork,reuseaddr" "TCP:$DYK_GATEWAY:$port" &
    socat "TCP6-LISTEN:$port,bind=[::1],fork,reuseaddr" "TCP:$DYK_GATEWAY:$port" &
done

socket=unix:///dockyard-engine/docker.sock
case "$DYK_ENGINE" in
    podman5)
        # --time=0: serve until stopped. netavark needs the nft binary (package nftables).
        podman system service --time=0 "$socket" >/dockyard-engine/engine.log 2>&1 &
        ;;
    docker28-containerd)
        mkdir -p /etc/docker
        echo '{"features": {"containerd-snapshotter": true}}' >/etc/docker/daemon.json
        dockerd -H unix:///var/run/docker.sock -H "$socket" >/dockyard-engine/engine.log 2>&1 &
        ;;
    *)
        dockerd -H unix:///var/run/docker.sock -H "$socket" >/dockyard-engine/engine.log 2>&1 &
        ;;
esac
# Stay up (and reap) whatever happens to the engine: the harness reads its log when it is gone.
wait
sleep infinity
