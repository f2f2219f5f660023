#!/usr/bin/env bash
# Prepare this machine for the collection's tests, from nothing to ready:
#   Debian packages -> Python venv -> dockerd -> two local registries -> test images
#   -> tests/output/collections link.
# Every step checks first and does nothing when its result is already there, so a
# second run on the same machine takes a few seconds.
#
# Settings (environment):
#   VENV            virtualenv to create/refresh (default: <repo>/.venv)
#   PYTHON          interpreter the venv is made from (default: python3, must be >= 3.11)
#   DOCKYARD_CACHE  long-lived cache: Debian rootfs tarball (default: ~/.cache/dockyard)
#   DOCKYARD_RUN    registry storage, logs, htpasswd (default: $DOCKYARD_CACHE/run)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HARNESS="$ROOT/tests/harness"
cd "$ROOT"

VENV="${VENV:-.venv}"
case "$VENV" in /*) ;; *) VENV="$ROOT/$VENV" ;; esac
PYTHON="${PYTHON:-python3}"
CACHE="${DOCKYARD_CACHE:-${HOME:-/root}/.cache/dockyard}"
RUN_DIR="${DOCKYARD_RUN:-$CACHE/run}"

APT_PACKAGES=(docker.io iptables busybox-static debootstrap docker-registry golang-go libpcap-dev patch
              openvswitch-switch bridge-utils apache2-utils curl shellcheck socat openssh-server sudo
              chromium)  # chromium: the docs site check (tests/docs), headless

REGISTRY_PORT=5000
AUTH_REGISTRY_PORT=5001
AUTH_REGISTRY_USER=dockyard
AUTH_REGISTRY_PASSWORD=dockyard-secret-pw

BUSYBOX_IMAGE=dockyard-test/busybox:latest
DEBIAN_IMAGE=dockyard-test/debian:bookworm
DEBIAN_SUITE=bookworm
DEBIAN_INCLUDE=python3,iproute2,procps,iputils-ping,ca-certificates
# Bump when the way an image is built changes: images carrying an older value are rebuilt.
IMAGE_RECIPE=1
RECIPE_LABEL=org.dockyard.harness.recipe
DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

STARTED=$(date +%s)
SUMMARY=()

log() { printf '[setup +%ss] %s\n' "$(( $(date +%s) - STARTED ))" "$*"; }
note() { SUMMARY+=("$(printf '%-22s %s' "$1" "$2")"); }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$CACHE" "$RUN_DIR"

# ---------------------------------------------------------------- Debian packages
install_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        note packages "all present"
        return
    fi
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$RUN_DIR/apt.log" 2>&1 \
        || { tail -n 40 "$RUN_DIR/apt.log" >&2; die "apt-get install failed (log: $RUN_DIR/apt.log)"; }
    note packages "installed ${missing[*]}"
}

# ---------------------------------------------------------------- Python venv
requirements_stamp() {
    { "$1" -c 'import sys; print(sys.version)'; cat "$ROOT/requirements-dev.txt"; } | sha256sum | cut -d' ' -f1
}

make_venv() {
    local stamp_file="$VENV/.dockyard-requirements.sha256" want
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
            || die "$PYTHON is older than 3.11; set PYTHON=/path/to/python3.11+"
        log "creating venv $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    want="$(requirements_stamp "$VENV/bin/python")"
    if [ "$(cat "$stamp_file" 2>/dev/null)" = "$want" ]; then
        note venv "$VENV (requirements unchanged)"
        return
    fi
    log "installing requirements-dev.txt into $VENV"
    "$VENV/bin/python" -m pip install -r "$ROOT/requirements-dev.txt" >"$RUN_DIR/pip.log" 2>&1 \
        || { grep -v "is ignored: it is neither a file nor a directory" "$RUN_DIR/pip.log" | tail -n 40 >&2
             die "pip install failed (log: $RUN_DIR/pip.log)"; }
    echo "$want" >"$stamp_file"
    note venv "$VENV (requirements installed)"
}

# ---------------------------------------------------------------- dockerd
docker_ready() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_dockerd() {
    if docker_ready; then
        note dockerd "running ($(docker version --format '{{.Server.Version}}'))"
        return
    fi
    log "starting dockerd (log: /var/log/dockerd.log)"
    setsid nohup dockerd >/var/log/dockerd.log 2>&1 </dev/null &
    for _ in $(seq 60); do
        docker_ready && { note dockerd "started ($(docker version --format '{{.Server.Version}}'))"; return; }
        sleep 1
    done
    tail -n 40 /var/log/dockerd.log >&2 || true
    die "dockerd did not answer within 60 s"
}

# ---------------------------------------------------------------- registries
http_status() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true; }

# start_registry PORT CONFIG WANT_STATUS [extra env...]
start_registry() {
    local port="$1" config="$2" want="$3"; shift 3
    local url="http://127.0.0.1:$port/v2/" status storage="$RUN_DIR/registry-$port"
    status="$(http_status "$url")"
    if [ "$status" = "$want" ]; then
        note "registry :$port" "running"
        return
    fi
    [ "$status" = "000" ] || die "127.0.0.1:$port answers /v2/ with HTTP $status, not like our registry ($want)"
    log "starting registry on 127.0.0.1:$port ($(basename "$config"))"
    # A freshly started registry is empty: no images left over from earlier runs.
    rm -rf "$storage"
    mkdir -p "$storage"
    env REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY="$storage" "$@" \
        setsid nohup docker-registry serve "$config" >"$RUN_DIR/registry-$port.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/registry-$port.pid"
    for _ in $(seq 60); do
        [ "$(http_status "$url")" = "$want" ] && { note "registry :$port" "started"; return; }
        sleep 0.5
    done
    tail -n 20 "$RUN_DIR/registry-$port.log" >&2 || true
    die "registry on 127.0.0.1:$port did not answer within 30 s"
}

start_registries() {
    start_registry "$REGISTRY_PORT" "$HARNESS/registry.yml" 200
    local htpasswd_file="$RUN_DIR/registry-$AUTH_REGISTRY_PORT.htpasswd"
    if [ "$(http_status "http://127.0.0.1:$AUTH_REGISTRY_PORT/v2/")" = "000" ]; then
        # docker-registry only accepts bcrypt entries (-B).
        htpasswd -Bbc "$htpasswd_file" "$AUTH_REGISTRY_USER" "$AUTH_REGISTRY_PASSWORD" 2>/dev/null
    fi
    start_registry "$AUTH_REGISTRY_PORT" "$HARNESS/registry-auth.yml" 401 \
        REGISTRY_AUTH_HTPASSWD_PATH="$htpasswd_file"
}

# ---------------------------------------------------------------- images
image_current() {
    [ "$(docker image inspect --format "{{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null)" = "$IMAGE_RECIPE" ]
}

import_changes=(-c "ENV PATH=$DEFAULT_PATH" -c "LABEL $RECIPE_LABEL=$IMAGE_RECIPE")

build_busybox_image() {
    if image_current "$BUSYBOX_IMAGE"; then
        note "$BUSYBOX_IMAGE" "present"
        return
    fi
    log "building $BUSYBOX_IMAGE from busybox-static"
    local busybox dir applet
    busybox="$(dpkg -L busybox-static | grep -m1 -E '/s?bin/busybox$')"
    dir="$(mktemp -d)"
    mkdir -p "$dir"/{bin,etc,tmp,root,usr/bin}
    chmod 1777 "$dir/tmp"
    chmod 700 "$dir/root"
    cp "$busybox" "$dir/bin/busybox"
    "$busybox" --list | while read -r applet; do
        [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
    done
    ln -s /bin/busybox "$dir/usr/bin/env"    # for '#!/usr/bin/env sh' scripts
    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$dir/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'nobody:x:65534:' >"$dir/etc/group"
    tar -C "$dir" --numeric-owner --owner=0 --group=0 -c . \
        | docker import "${import_changes[@]}" -c 'CMD ["sh"]' - "$BUSYBOX_IMAGE" >/dev/null
    rm -rf "$dir"
    note "$BUSYBOX_IMAGE" "built"
}

# The mirror apt uses on this machine, for debootstrap (deb822 .sources first, then .list files).
debian_mirror() {
    local mirror=""
    shopt -s nullglob
    local sources=(/etc/apt/sources.list.d/*.sources) lists=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
    shopt -u nullglob
    if [ "${#sources[@]}" -gt 0 ]; then
        mirror="$(awk -v suite="$DEBIAN_SUITE" '
            function flush() { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uri != "" && found == "") found = uri
                               types = ""; suites = ""; uri = "" }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]*#/ { next }
            tolower($1) == "types:"  { types = ""; for (i = 2; i <= NF; i++) types = types " " $i }
            tolower($1) == "suites:" { suites = ""; for (i = 2; i <= NF; i++) suites = suites " " $i }
            tolower($1) == "uris:"   { uri = $2 }
            END { flush(); print found }' "${sources[@]}")"
    fi
    if [ -z "$mirror" ]; then
        mirror="$(cat "${lists[@]}" 2>/dev/null | sed -E 's/\[[^]]*\]//' \
            | awk -v suite="$DEBIAN_SUITE" '$1 == "deb" && $3 == suite { print $2; exit }')"
    fi
    echo "${mirror:-http://deb.debian.org/debian}"
}

unmount_under() {
    awk -v d="$1" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mnt; do
        umount -l "$mnt" 2>/dev/null || true
    done
}

build_debian_tarball() {
    local tarball="$1" mirror rootfs
    mirror="$(debian_mirror)"
    rootfs="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
    trap 'unmount_under "'"$rootfs"'"; rm -rf "'"$rootfs"'"' EXIT
    log "debootstrap $DEBIAN_SUITE from $mirror (log: $RUN_DIR/debootstrap.log)"
    debootstrap --variant=minbase --include="$DEBIAN_INCLUDE" "$DEBIAN_SUITE" "$rootfs" "$mirror" \
        >"$RUN_DIR/debootstrap.log" 2>&1 \
        || { tail -n 30 "$RUN_DIR/debootstrap.log" >&2; die "debootstrap failed"; }
    unmount_under "$rootfs"
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb \
           "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/debconf/*-old "$rootfs"/tmp/*
    tar -C "$rootfs" --numeric-owner -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf "$rootfs"
    trap - EXIT
}

build_debian_image() {
    if image_current "$DEBIAN_IMAGE"; then
        note "$DEBIAN_IMAGE" "present"
        return
    fi
    local tarball="$CACHE/debian-$DEBIAN_SUITE-rootfs-r$IMAGE_RECIPE.tar" how="imported from cache"
    if [ ! -s "$tarball" ]; then
        build_debian_tarball "$tarball"
        how="debootstrapped"
    fi
    log "importing $DEBIAN_IMAGE from $tarball"
    docker import "${import_changes[@]}" -c 'CMD ["/bin/bash"]' "$tarball" "$DEBIAN_IMAGE" >/dev/null
    note "$DEBIAN_IMAGE" "$how"
}

# A host for multi-host molecule scenarios (own dockerd, Open vSwitch); docker build reuses
# its layer cache, so a rebuild with an unchanged Dockerfile takes a second.
HOST_IMAGE=dockyard-test/host:bookworm
build_host_image() {
    log "building $HOST_IMAGE (docker build; cached after the first time)"
    docker build -q --build-arg BASE="$DEBIAN_IMAGE" -t "$HOST_IMAGE" "$ROOT/tests/harness/host-image" \
        >"$RUN_DIR/host-image.log" 2>&1 || { tail -20 "$RUN_DIR/host-image.log"; die "building $HOST_IMAGE failed"; }
    note "$HOST_IMAGE" "built"
}

# ---------------------------------------------------------------- collection link
link_collection() {
    # Relative, so the checkout may move; the path is what tests/collection_path.py expects.
    local link="$ROOT/tests/output/collections/ansible_collections/dockyard/docker" target=../../../../..
    mkdir -p "$(dirname "$link")"
    if [ -e "$link" ] && [ ! -L "$link" ]; then
        die "$link exists and is not a symlink"
    fi
    [ "$(readlink "$link" 2>/dev/null)" = "$target" ] || ln -sfn "$target" "$link"
    note collection "tests/output/collections/ansible_collections/dockyard/docker -> repo"
}

install_packages
make_venv
start_dockerd
start_registries
build_busybox_image
build_debian_image
build_host_image
link_collection

echo "== dockyard test harness ready in $(( $(date +%s) - STARTED ))s =="
printf '  %s\n' "${SUMMARY[@]}"
printf '  %-22s %s\n' "auth registry login" "$AUTH_REGISTRY_USER / $AUTH_REGISTRY_PASSWORD (127.0.0.1:$AUTH_REGISTRY_PORT)"
