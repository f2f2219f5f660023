#!/usr/bin/env bash
# Runs `molecule test` for every scenario in extensions/molecule/, WORKERS at a time.
#   bash tests/harness/molecule.sh [SCENARIO...]      (WORKERS=2 by default)
# Each scenario is its own molecule process with its own LAN subnet and host names, so they can
# run side by side; they mostly wait on dockerd, apt and sleeps. Each writes its output to
# tests/output/molecule/<scenario>.log; a failed one has its log's tail printed. Exit 1 if any failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORKERS="${WORKERS:-2}"
LOG_DIR="$ROOT/tests/output/molecule"
# The longest first, so the last scenario to start is a short one.
ORDER=(swarm ovs_network engine nginx_site weave_network bridge_network icc_links)

cd "$ROOT" || exit 2
mkdir -p "$LOG_DIR"

if [ "$#" -gt 0 ]; then
    scenarios=("$@")
else
    found=()
    for file in extensions/molecule/*/molecule.yml; do
        [ -f "$file" ] && found+=("$(basename "$(dirname "$file")")")
    done
    scenarios=()
    for name in "${ORDER[@]}"; do
        [[ " ${found[*]} " == *" $name "* ]] && scenarios+=("$name")
    done
    for name in "${found[@]}"; do
        [[ " ${scenarios[*]} " == *" $name "* ]] || scenarios+=("$name")
    done
fi
if [ "${#scenarios[@]}" -eq 0 ]; then
    echo "molecule: no scenario in extensions/molecule/*/molecule.yml, nothing to run"
    exit 0
fi

run_one() {
    local name="$1" start result
    start=$(date +%s)
    if molecule test -s "$name" >"$LOG_DIR/$name.log" 2>&1; then result=ok; else result=FAILED; fi
    echo "$result" >"$LOG_DIR/$name.result"
    printf '  %-16s %-7s %4ss\n' "$name" "$result" "$(( $(date +%s) - start ))"
}
export -f run_one
export LOG_DIR

echo "== molecule: ${#scenarios[*]} scenario(s), $WORKERS at a time: ${scenarios[*]}"
rm -f "$LOG_DIR"/*.result
# shellcheck disable=SC2016  # $1 is expanded by the inner bash, not here
printf '%s\n' "${scenarios[@]}" | xargs -P "$WORKERS" -I{} bash -c 'run_one "$1"' _ {}

failed=()
for name in "${scenarios[@]}"; do
    read -r result <"$LOG_DIR/$name.result" 2>/dev/null || result=FAILED
    if [ "$result" != ok ]; then
        failed+=("$name")
        echo "==================== molecule $name FAILED; last lines of $LOG_DIR/$name.log"
        tail -n 150 "$LOG_DIR/$name.log"
    fi
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "molecule: FAILED scenarios: ${failed[*]}"
    exit 1
fi
echo "molecule: all ${#scenarios[@]} scenario(s) passed: ${scenarios[*]}"
