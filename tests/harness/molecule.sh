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
# The longest first, so the last scenario to start is a short one. SCENARIO@VARIANT runs a scenario
# again on newer Debian hosts (the engine matrix): @sid on host containers whose dockerd is sid's
# docker.io 28, @trixie with the engine role installing trixie's docker.io 26 on a fresh trixie host.
ORDER=(swarm ovs_network engine nginx_site weave_network bridge_network icc_links swarm@sid nginx_site@sid
       engine@trixie)

cd "$ROOT" || exit 2
mkdir -p "$LOG_DIR"
# One exec per task on the docker_exec connection instead of four (temp dir, put, run, clean up):
# about 15 % off a scenario. The unpipelined path is tested in test_connection_docker_exec.py.
export ANSIBLE_PIPELINING="${ANSIBLE_PIPELINING:-true}"

if [ "$#" -gt 0 ]; then
    scenarios=("$@")
else
    found=()
    for file in extensions/molecule/*/molecule.yml; do
        [ -f "$file" ] && found+=("$(basename "$(dirname "$file")")")
    done
    for name in "${ORDER[@]}"; do
        [[ "$name" == *@* && " ${found[*]} " == *" ${name%@*} "* ]] && found+=("$name")
    done
    scenarios=()
    for name in "${ORDER[@]}"; do
        [[ " ${found[*]} " == *" $name "* ]] && scenarios+=("$name")
    done
    for name in "${found[@]}"; do
        [[ " ${scenarios[*]} " == *" $name "* ]] || scenarios+=("$name")
    done
fi
# weave_network runs Weave Net built from its archived source (tests/harness/weave.sh, cached by
# the archive's and the recipe's hashes); where that archive is missing, it is skipped.
if [[ " ${scenarios[*]} " == *" weave_network "* ]]; then
    if missing="$(bash "$ROOT/tests/harness/weave.sh" source 2>&1 >/dev/null)"; then
        DOCKYARD_WEAVE_BUILD="$(bash "$ROOT/tests/harness/weave.sh" build)" || DOCKYARD_WEAVE_BUILD=""
        export DOCKYARD_WEAVE_BUILD
    else
        echo "molecule: weave_network skipped: $missing"
        kept=()
        for name in "${scenarios[@]}"; do [ "$name" = weave_network ] || kept+=("$name"); done
        scenarios=("${kept[@]}")
    fi
fi
if [ "${#scenarios[@]}" -eq 0 ]; then
    echo "molecule: no scenario to run"
    exit 0
fi

# The images a variant's hosts run, built (cached) before any scenario starts.
variant_env() {
    case "$1" in
        sid) echo "DOCKYARD_TEST_HOST=$(bash "$ROOT/tests/harness/engines.sh" host-image sid)" ;;
        trixie) echo "DOCKYARD_TEST_FRESH_HOST=$(bash "$ROOT/tests/harness/engines.sh" image trixie-base)" ;;
        *) echo "molecule: unknown variant @$1 (use @sid or @trixie)" >&2; return 1 ;;
    esac
}

run_one() {
    local name="$1" scenario="${1%@*}" start result settings=()
    if [[ "$name" == *@* ]]; then local var="VARIANT_ENV_${name#*@}"; settings=("${!var}"); fi
    start=$(date +%s)
    # One molecule run of a scenario at a time: variants share its LAN, host names and state folder.
    if flock "$LOG_DIR/$scenario.lock" env "${settings[@]}" molecule test -s "$scenario" >"$LOG_DIR/$name.log" 2>&1
    then result=ok; else result=FAILED; fi
    echo "$result" >"$LOG_DIR/$name.result"
    printf '  %-16s %-7s %4ss\n' "$name" "$result" "$(( $(date +%s) - start ))"
}
# VARIANT_ENV_<variant>: the one NAME=VALUE setting of that variant, exported to run_one.
for name in "${scenarios[@]}"; do
    [[ "$name" == *@* ]] || continue
    var="VARIANT_ENV_${name#*@}"
    [ -n "${!var:-}" ] && continue
    setting="$(variant_env "${name#*@}")" || exit 1
    export "$var=$setting"
done
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
