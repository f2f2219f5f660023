#!/usr/bin/env bash
# The engine matrix: current Docker Engines and Podman, each in a host container beside the
# host's own dockerd, each reachable through its own socket.
#
#   engines.sh list                 the engine names, one a line (host first)
#   engines.sh start NAME...        build (cached) and start these engines, load the test images
#   engines.sh env NAME             print `export DOCKER_HOST=...` for NAME (host: the shared socket)
#   engines.sh exec NAME CMD...     run CMD inside NAME's host container (curl a published port, ...)
#   engines.sh stop NAME...         remove these host containers (`all` for every one)
#   engines.sh image KIND           build (cached) and print an image: sid, trixie (engines), sid-base,
#                                   trixie-base (fresh hosts without Docker)
#   engines.sh host-image SUITE     build the molecule host image (tests/harness/host-image) FROM SUITE's
#                                   engine image (dockyard-test/host:SUITE)
#
# Engines (NAME: what runs in it):
#   host                  the host's docker.io (Debian 12: 20.10, API 1.41), started by setup.sh
#   docker26              docker.io from Debian trixie (26.1, API 1.45)
#   docker28              docker.io from Debian sid (28.5, API 1.51)
#   docker28-containerd   the same with the containerd image store (Docker 29's default)
#   podman5               podman from Debian sid serving the Docker-compatible API
#
# What a test on an inner engine needs from the outer host, and how it gets it:
#   - the local registries (127.0.0.1:5000 and :5001): socat in the host container listens on its
#     127.0.0.1 and forwards to the outer host over the engines' network, where a second socat
#     forwards to the registries' 127.0.0.1;
#   - bind-mount sources: the outer /tmp is mounted at /tmp, so test temp dirs are the same paths;
#   - published ports: they answer inside the host container (`engines.sh exec NAME curl ...`).
# Host-container images come from Debian's archive (debootstrap + apt in a chroot); their root
# file systems are cached as tarballs under $DOCKYARD_CACHE, named by a hash of the recipe.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HARNESS="$ROOT/tests/harness"
CACHE="${DOCKYARD_CACHE:-${HOME:-/root}/.cache/dockyard}"
RUN_DIR="${DOCKYARD_RUN:-$CACHE/run}"
ENGINE_DIR="$RUN_DIR/engines"
OUTER_DOCKER=(docker -H unix:///var/run/docker.sock)

ENGINES=(host docker26 docker28 docker28-containerd podman5)
NETWORK=dyk-engines
SUBNET=10.98.0.0/24
GATEWAY=10.98.0.1
REGISTRY_PORTS=(5000 5001)
TEST_IMAGES=(dockyard-test/busybox:latest dockyard-test/debian:bookworm)
MIRROR=http://deb.debian.org/debian
BASE_PACKAGES=python3,iproute2,procps,iptables,ca-certificates,socat,curl,iputils-ping
# Bump when the recipe changes in a way the package lists do not show.
RECIPE=1

log() { printf '[engines] %s\n' "$*" >&2; }
die() { printf '[engines] ERROR: %s\n' "$*" >&2; exit 1; }

# engine_suite NAME (the image kind its host container runs) / engine_ip NAME
engine_suite() {
    case "$1" in
        docker26) echo trixie ;;
        docker28 | docker28-containerd | podman5) echo sid ;;
        *) die "unknown engine '$1'; use one of: ${ENGINES[*]}" ;;
    esac
}
# An image kind is a Debian suite, with the engine packages or (-base) none: a fresh host.
kind_suite() { echo "${1%-base}"; }
kind_packages() {
    case "$1" in
        *-base) echo "" ;;
        trixie) echo "docker.io docker-cli python3-docker" ;;
        sid) echo "docker.io docker-cli python3-docker podman nftables netavark aardvark-dns catatonit" ;;
        *) die "unknown image kind '$1'" ;;
    esac
}
engine_ip() {
    case "$1" in
        docker26) echo 10.98.0.26 ;;
        docker28) echo 10.98.0.28 ;;
        docker28-containerd) echo 10.98.0.29 ;;
        podman5) echo 10.98.0.50 ;;
    esac
}
container_name() { echo "dyk-engine-$1"; }
socket_path() {
    if [ "$1" = host ]; then echo /var/run/docker.sock; else echo "$ENGINE_DIR/$1/docker.sock"; fi
}

# ---------------------------------------------------------------- images
recipe_tag() {
    { echo "$RECIPE $1 $BASE_PACKAGES"; kind_packages "$1"; declare -f build_rootfs; } | sha256sum | cut -c1-12
}

unmount_under() {
    awk -v d="$1" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mnt; do
        umount -l "$mnt" 2>/dev/null || true
    done
}

# build_rootfs KIND DIR: a Debian suite with the kind's packages, services kept from starting.
build_rootfs() {
    local kind="$1" rootfs="$2" packages
    packages="$(kind_packages "$kind")"
    debootstrap --variant=minbase --include="$BASE_PACKAGES" "$(kind_suite "$kind")" "$rootfs" "$MIRROR"
    # sid's Release file is past its Valid-Until date here; apt in the image (and in images built
    # FROM it) must not refuse it.
    echo 'Acquire::Check-Valid-Until "false";' >"$rootfs/etc/apt/apt.conf.d/90dockyard-valid-until"
    if [ -n "$packages" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
        chmod +x "$rootfs/usr/sbin/policy-rc.d"
        cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
        mount -t proc proc "$rootfs/proc"
        chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive sh -c \
            "apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages"
        umount "$rootfs/proc"
        rm -f "$rootfs/usr/sbin/policy-rc.d"
    fi
    # Plain-http local registries for podman (dockerd treats 127.0.0.0/8 as insecure by itself).
    if [ -d "$rootfs/etc/containers" ]; then
        mkdir -p "$rootfs/etc/containers/registries.conf.d"
        for host in 127.0.0.1 localhost; do
            printf '[[registry]]\nlocation = "'"$host"':%s"\ninsecure = true\n' 5000 5001 5012 5013 5014
        done >"$rootfs/etc/containers/registries.conf.d/50-dockyard-test.conf"
    fi
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
           "$rootfs"/tmp/*
}

# ensure_image KIND: print the image name, building the image (and its cached tarball) if missing.
ensure_image() {
    local suite="$1" tag image tarball rootfs
    tag="$(recipe_tag "$suite")"
    image="dockyard-test/engine:$suite-$tag"
    if "${OUTER_DOCKER[@]}" image inspect "$image" >/dev/null 2>&1; then echo "$image"; return; fi
    tarball="$CACHE/engine-$suite-$tag.tar"
    if [ ! -s "$tarball" ]; then
        mkdir -p "$CACHE" "$RUN_DIR"
        rootfs="$(mktemp -d "$CACHE/engine-rootfs.XXXXXX")"
        log "building the $suite engine root file system (log: $RUN_DIR/engine-$suite.log)"
        if ! build_rootfs "$suite" "$rootfs" >"$RUN_DIR/engine-$suite.log" 2>&1; then
            unmount_under "$rootfs"; rm -rf "$rootfs"
            tail -n 30 "$RUN_DIR/engine-$suite.log" >&2
            die "building the $suite engine root file system failed"
        fi
        unmount_under "$rootfs"
        tar -C "$rootfs" --numeric-owner -cf "$tarball.part" .
        mv "$tarball.part" "$tarball"
        rm -rf "$rootfs"
    fi
    log "importing $image"
    "${OUTER_DOCKER[@]}" import -c 'CMD ["sleep", "infinity"]' "$tarball" "$image" >/dev/null
    echo "$image"
}

# ---------------------------------------------------------------- forwarders on the outer host
ensure_network() {
    "${OUTER_DOCKER[@]}" network inspect "$NETWORK" >/dev/null 2>&1 \
        || "${OUTER_DOCKER[@]}" network create --subnet "$SUBNET" --gateway "$GATEWAY" "$NETWORK" >/dev/null
}

# close_inherited_fds: close every descriptor above stderr in this (sub)shell.
close_inherited_fds() {
    local fd
    for fd in "/proc/$BASHPID/fd/"*; do
        fd="${fd##*/}"
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
}

ensure_outer_forwarders() {
    local port pidfile
    command -v socat >/dev/null || die "socat is missing (tests/harness/setup.sh installs it)"
    mkdir -p "$ENGINE_DIR"
    for port in "${REGISTRY_PORTS[@]}"; do
        pidfile="$ENGINE_DIR/forward-$port.pid"
        if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then continue; fi
        # Long-lived: it must not keep a caller's descriptors open (a `flock LOCK make engines`
        # would stay locked for as long as the forwarder runs).
        (close_inherited_fds; exec setsid socat "TCP-LISTEN:$port,bind=$GATEWAY,fork,reuseaddr" \
            "TCP:127.0.0.1:$port" >/dev/null 2>&1 </dev/null) &
        echo $! >"$pidfile"
    done
}

# ---------------------------------------------------------------- engines
engine_ready() {
    DOCKER_HOST="unix://$(socket_path "$1")" timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# engine_current NAME: the engine answers and runs this checkout's harness scripts (an engine another
# checkout started mounts that checkout's, which may differ or be gone).
engine_current() {
    local source
    source="$("${OUTER_DOCKER[@]}" inspect -f \
        '{{range .Mounts}}{{if eq .Destination "/dockyard-harness"}}{{.Source}}{{end}}{{end}}' \
        "$(container_name "$1")" 2>/dev/null)" || return 1
    [ "$source" = "$HARNESS" ] && engine_ready "$1"
}

start_engine() {
    local name="$1" ctr image dir
    ctr="$(container_name "$name")"
    dir="$ENGINE_DIR/$name"
    if engine_current "$name"; then log "$name: running"; return; fi
    image="$(ensure_image "$(engine_suite "$name")")"
    "${OUTER_DOCKER[@]}" rm -f -v "$ctr" >/dev/null 2>&1 || true
    rm -rf "$dir"
    mkdir -p "$dir"
    log "$name: starting $ctr ($image)"
    "${OUTER_DOCKER[@]}" run -d --name "$ctr" --hostname "$ctr" --network "$NETWORK" --ip "$(engine_ip "$name")" \
        --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined \
        --security-opt apparmor=unconfined --security-opt systempaths=unconfined --cgroupns host \
        --sysctl net.ipv6.conf.all.disable_ipv6=0 --sysctl net.ipv6.conf.lo.disable_ipv6=0 \
        -v /sys/fs/cgroup:/sys/fs/cgroup:rw --device /dev/net/tun --device /dev/fuse \
        -v /var/lib/docker -v /var/lib/containers -v /tmp:/tmp -v "$dir:/dockyard-engine" \
        -v "$HARNESS:/dockyard-harness:ro" \
        -e "DYK_ENGINE=$name" -e "DYK_GATEWAY=$GATEWAY" -e "DYK_REGISTRY_PORTS=${REGISTRY_PORTS[*]}" \
        "$image" bash /dockyard-harness/engine_init.sh >/dev/null
    for _ in $(seq 120); do
        engine_ready "$name" && break
        if [ "$("${OUTER_DOCKER[@]}" inspect -f '{{.State.Running}}' "$ctr" 2>/dev/null)" != true ]; then break; fi
        sleep 0.5
    done
    if ! engine_ready "$name"; then
        "${OUTER_DOCKER[@]}" logs --tail 30 "$ctr" >&2 || true
        tail -n 30 "$dir/engine.log" >&2 2>/dev/null || true
        die "$name did not answer on $(socket_path "$name") within 60 s"
    fi
    load_test_images "$name"
    log "$name: ready ($(DOCKER_HOST="unix://$(socket_path "$name")" docker version --format '{{.Server.Version}}'))"
}

load_test_images() {
    local name="$1"
    "${OUTER_DOCKER[@]}" save "${TEST_IMAGES[@]}" \
        | DOCKER_HOST="unix://$(socket_path "$name")" docker load -q >/dev/null \
        || die "$name: loading the test images failed"
}

stop_engine() {
    [ "$1" = host ] && return
    "${OUTER_DOCKER[@]}" rm -f -v "$(container_name "$1")" >/dev/null 2>&1 || true
    rm -rf "${ENGINE_DIR:?}/$1"
}

action="${1:-}"
shift || true
case "$action" in
    list) printf '%s\n' "${ENGINES[@]}" ;;
    start)
        [ "$#" -gt 0 ] || set -- "${ENGINES[@]}"
        for name in "$@"; do [ "$name" = host ] || engine_suite "$name" >/dev/null; done
        ensure_network
        ensure_outer_forwarders
        for name in "$@"; do [ "$name" = host ] || start_engine "$name"; done ;;
    image) ensure_image "${1:?image kind: sid, trixie, sid-base or trixie-base}" ;;
    host-image)
        # The molecule host image (tests/harness/host-image) on a newer suite: FROM its engine image.
        kind="${1:?suite: sid or trixie}"
        base="$(ensure_image "$kind")"
        "${OUTER_DOCKER[@]}" build -q --build-arg BASE="$base" -t "dockyard-test/host:$kind" "$HARNESS/host-image" \
            >"$RUN_DIR/host-image-$kind.log" 2>&1 \
            || { tail -n 20 "$RUN_DIR/host-image-$kind.log" >&2; die "building dockyard-test/host:$kind failed"; }
        echo "dockyard-test/host:$kind" ;;
    env) echo "export DOCKER_HOST=unix://$(socket_path "${1:?engine name}") DOCKYARD_TEST_ENGINE=$1" ;;
    exec)
        name="${1:?engine name}"; shift
        if [ "$name" = host ]; then exec "$@"; fi
        exec "${OUTER_DOCKER[@]}" exec -i "$(container_name "$name")" "$@" ;;
    stop)
        [ "${1:-}" = all ] && set -- "${ENGINES[@]}"
        for name in "$@"; do stop_engine "$name"; done ;;
    *) echo "usage: $0 list|start|env|exec|stop ..." >&2; exit 2 ;;
esac
