#!/usr/bin/env bash
# Weave Net built from its archived source, for the weave_network molecule scenario.
#   weave.sh build     print the folder holding `weave` (the script) and weave-images-2.8.1.tar
#                      (weavelocal/weave:2.8.1, weavelocal/weaveexec:2.8.1, weavelocal/weavedb:latest),
#                      built by playbooks/weave_build.yml the first time, then taken from the cache
#   weave.sh source    print the source archive used, or why there is none (exit 3)
# The source archive (weave-net-*.tar.gz) is looked for in $DOCKYARD_WEAVE_SOURCE, ../shared/weave
# beside the checkout, then /work/shared/weave (this project's machines); none: exit 3 with one line
# saying so, and the scenario is skipped. The build goes to $DOCKYARD_CACHE/weave-<source>-<recipe>,
# named by the hashes of the source archive and of the recipe (the playbook, its files, this
# script), so a warm run builds nothing. Images are FROM setup.sh's dockyard-test/debian:bookworm.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${DOCKYARD_CACHE:-${HOME:-/root}/.cache/dockyard}"
RUN_DIR="${DOCKYARD_RUN:-$CACHE/run}"
BASE_IMAGE=dockyard-test/debian:bookworm
VERSION=2.8.1
RECIPE_FILES=("$ROOT/playbooks/weave_build.yml" "$ROOT"/playbooks/files/weave/* "${BASH_SOURCE[0]}")

log() { printf '[weave] %s\n' "$*" >&2; }

find_source() {
    local dir archive
    for dir in "${DOCKYARD_WEAVE_SOURCE:-}" "$ROOT/../shared/weave" /work/shared/weave; do
        [ -n "$dir" ] || continue
        for archive in "$dir"/weave-net-"$VERSION"-*.tar.gz; do
            if [ -f "$archive" ]; then readlink -f "$archive"; return 0; fi
        done
    done
    echo "no Weave Net $VERSION source archive (weave-net-$VERSION-*.tar.gz) in \$DOCKYARD_WEAVE_SOURCE," \
         "$ROOT/../shared/weave or /work/shared/weave" >&2
    return 3
}

build() {
    local source key dir work start
    source="$(find_source)" || exit 3
    key="$(sha256sum "$source" | cut -c1-12)-$(cat "${RECIPE_FILES[@]}" | sha256sum | cut -c1-12)"
    dir="$CACHE/weave-$key"
    mkdir -p "$CACHE" "$RUN_DIR"
    exec 9>"$CACHE/weave.lock"
    flock 9
    if [ -x "$dir/weave" ] && [ -s "$dir/weave-images-$VERSION.tar" ]; then
        echo "$dir"
        return
    fi
    for tool in go patch docker; do
        command -v "$tool" >/dev/null || { log "$tool is missing (make setup installs golang-go and libpcap-dev)"; exit 1; }
    done
    start=$(date +%s)
    log "building Weave Net $VERSION from $(basename "$source") into $dir (log: $RUN_DIR/weave-build.log)"
    work="$(mktemp -d "$CACHE/weave-build.XXXXXX")"
    rm -rf "$dir.part"
    # The venv's ansible-playbook (the one the Makefile puts on PATH), on the implicit localhost.
    if ! ANSIBLE_CONFIG="$ROOT/ansible.cfg" "${VENV:-$ROOT/.venv}/bin/ansible-playbook" \
        "$ROOT/playbooks/weave_build.yml" \
        -e weave_build_source="$source" -e weave_build_dir="$work" -e weave_build_output_dir="$dir.part" \
        -e weave_build_base_image="$BASE_IMAGE" -e weave_build_version="$VERSION" >"$RUN_DIR/weave-build.log" 2>&1
    then
        tail -n 40 "$RUN_DIR/weave-build.log" >&2
        rm -rf "$work" "$dir.part"
        log "the build failed (log: $RUN_DIR/weave-build.log)"
        exit 1
    fi
    rm -rf "$work"
    mv "$dir.part" "$dir"
    log "built in $(( $(date +%s) - start ))s"
    echo "$dir"
}

case "${1:-}" in
    build) build ;;
    source) find_source ;;
    *) echo "usage: $0 build|source" >&2; exit 2 ;;
esac
