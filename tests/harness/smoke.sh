#!/usr/bin/env bash
# The smoke run: tests/smoke/converge.yml (network, volume, image, container converged twice,
# tasks over the docker_exec connection, removal) with each given ansible-core, one after the
# other, each from its own venv in the harness cache (tests/harness/venv.sh).
#   smoke.sh [VERSION...]      default: the oldest and the newest supported, 2.16 and 2.20
# Output of each run goes to tests/output/smoke/<version>.log; the script fails if any run failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tests/harness/ansible_versions.sh
. "$ROOT/tests/harness/ansible_versions.sh"
OUT="$ROOT/tests/output/smoke"
mkdir -p "$OUT"
[ "$#" -gt 0 ] || set -- "$ANSIBLE_OLDEST" "$ANSIBLE_NEWEST"

failed=()
for version in "$@"; do
    venv="$(ansible_core_venv "$version")"
    prefix="dysmoke$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
    start=$(date +%s)
    # The play's localhost tasks run on the controller's own Python, so every dockyard module runs in
    # Ansible's worker (plugin_utils/in_process.py): a kept module file on this machine says one did not.
    remote_tmp="$OUT/$version-remote-tmp"
    rm -rf "$remote_tmp"
    if (cd "$ROOT" && ANSIBLE_COLLECTIONS_PATH="$ROOT/tests/output/collections" ANSIBLE_NOCOLOR=1 \
            ANSIBLE_KEEP_REMOTE_FILES=1 ANSIBLE_REMOTE_TMP="$remote_tmp" \
            "$venv/bin/ansible-playbook" tests/smoke/converge.yml -e "smoke_prefix=$prefix") >"$OUT/$version.log" 2>&1 \
        && ! find "$remote_tmp" -name 'AnsiballZ_*' 2>/dev/null | grep . >>"$OUT/$version.log"; then
        result=ok
    else
        result=FAILED; failed+=("$version")
        tail -n 30 "$OUT/$version.log"
    fi
    # Whatever a failed run left behind.
    docker rm -f "$prefix-box" >/dev/null 2>&1 || true
    docker network rm "$prefix-net" >/dev/null 2>&1 || true
    docker volume rm "$prefix-data" >/dev/null 2>&1 || true
    docker rmi "$prefix/img:1" >/dev/null 2>&1 || true
    echo "[smoke] ansible-core $("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)'): $result in $(( $(date +%s) - start ))s (log: ${OUT#"$ROOT"/}/$version.log)"
done
[ "${#failed[@]}" -eq 0 ] || { echo "[smoke] FAILED on ansible-core ${failed[*]}"; exit 1; }
