#!/usr/bin/env bash
# Run `ansible-test sanity` on a copy of this collection, once per supported ansible-core.
#
# ansible-test insists on running from .../ansible_collections/<namespace>/<name>, so the
# files git would ship (tracked, plus untracked files that are not ignored) are copied to
# tests/output/sanity/<version>/ansible_collections/dockyard/docker and the test runs there, with
# the ansible-test of that version (its own venv in the harness cache, made on first use by
# tests/harness/venv.sh; 2.20 on Python 3.12, the others on 3.11, see ansible_versions.sh).
# Each version reads its own tests/sanity/ignore-<version>.txt. The copy's own tests/output
# (ansible-test's virtualenvs and results) is kept between runs.
#
# Extra arguments go to ansible-test, e.g. `sanity.sh --test pylint plugins/modules/image.py`.
# Settings (environment):
#   SANITY_ANSIBLE   versions to run, in turn (default: all of ansible_versions.sh), e.g. "2.16 2.20"
#   SANITY_PYLINT    versions whose pylint runs when no --test is given (default "2.16 2.20": the oldest and the
#                    newest pylint; ansible-core 2.17-2.19 pin pylint releases between those two, and pylint is
#                    two thirds of a version's minute and a half, which the 50-minute suite cannot spare).
#                    Every other sanity test runs on every version. SANITY_PYLINT=all runs it everywhere.
#   SANITY_JOBS      how many versions run side by side (default 2: pylint is the only step that
#                    uses both cores, so two versions take about half the time of one after another)
# Output of each version goes to tests/output/sanity/<version>.log and to the terminal.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tests/harness/ansible_versions.sh
. "$ROOT/tests/harness/ansible_versions.sh"
read -r -a VERSIONS <<<"${SANITY_ANSIBLE:-${ANSIBLE_VERSIONS[*]}}"
SANITY_JOBS="${SANITY_JOBS:-2}"
SANITY_PYLINT="${SANITY_PYLINT:-2.16 2.20}"
OUT="$ROOT/tests/output/sanity"
SANITY_HOMES="${DOCKYARD_CACHE:-${HOME:-/root}/.cache/dockyard}/sanity-home"

die() { printf '[sanity] ERROR: %s\n' "$*" >&2; exit 1; }

# ansible-test bootstraps pip in each virtualenv it makes with a get-pip script that it
# downloads from a host this machine cannot reach; it reads a cached copy first. This
# stand-in does the same job with the interpreter's own ensurepip plus PyPI.
# install_get_pip_stand_in VENV (each ansible-test version pins its own pip)
install_get_pip_stand_in() {
    local pip_version cache_file marker="dockyard stand-in for get-pip" VENV="$1"
    # The pip version ansible-test pins, and the cache path it reads (computed as it does).
    read -r pip_version cache_file < <("$VENV/bin/python" - <<'EOF'
import os
import re
from ansible_test._internal import python_requirements as pr
with open(pr.__file__) as f:
    match = re.search(r"default_packages = dict\(\s*pip='([0-9.]+)'", f.read())
version = match.group(1) if match else '24.2'
print(version, os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % version.replace('.', '_')))
EOF
)
    if [ -f "$cache_file" ] && ! grep -q "$marker" "$cache_file"; then
        return  # a real get-pip script is there: use it
    fi
    mkdir -p "$(dirname "$cache_file")"
    cat >"$cache_file" <<EOF
# $marker $pip_version, written by tests/harness/sanity.sh.
# Run by ansible-test as: python get_pip.py [pip options] pip==$pip_version [--no-setuptools] [--no-wheel]
import subprocess
import sys

args = sys.argv[1:]
no_setuptools = '--no-setuptools' in args
install_args = [arg for arg in args if arg not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'], stdout=subprocess.DEVNULL)
subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--quiet'] + install_args)
if no_setuptools:
    subprocess.call([sys.executable, '-m', 'pip', 'uninstall', '--quiet', '--yes', 'setuptools'])
EOF
}

# ansible-test names its virtualenvs (~/.ansible/test/venv/<test>/<python>/<hash of requirements>)
# without its own version, so two versions side by side on one Python made the same virtualenv at the
# same moment and broke it (seen from a fresh machine). Each version gets a home of its own in the
# harness cache, whose entries link to the real home's (pip and git settings, caches, pyenv) except
# ~/.ansible/test.
# private_home VERSION: prints that home's path
private_home() {
    local home="$SANITY_HOMES/$1"
    mkdir -p "$home/.ansible/test"
    link_entries "$HOME" "$home" .ansible
    link_entries "$HOME/.ansible" "$home/.ansible" test
    printf '%s\n' "$home"
}

# link_entries FROM TO EXCEPT: a symlink in TO to each entry of FROM but EXCEPT (kept where one exists)
link_entries() {
    local entry name
    for entry in "$1"/.[!.]* "$1"/*; do
        name="${entry##*/}"
        if [ -e "$entry" ] && [ "$name" != "$3" ] && [ ! -e "$2/$name" ]; then
            ln -s "$entry" "$2/$name"
        fi
    done
}

# Copy the collection: exactly what git would ship, or (no git) the tree minus local state.
# copy_collection DEST
copy_collection() {
    local DEST="$1"
    mkdir -p "$DEST"
    find "$DEST" -mindepth 1 -maxdepth 1 ! -name tests ! -name .git -exec rm -rf {} +
    [ -d "$DEST/tests" ] && find "$DEST/tests" -mindepth 1 -maxdepth 1 ! -name output -exec rm -rf {} +
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
            | while IFS= read -r -d '' path; do [ -e "$path" ] || [ -L "$path" ] && printf '%s\0' "$path"; done \
            | tar --null -T - -cf -) | tar -C "$DEST" -xf -
    else
        tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./tests/output \
            --exclude=__pycache__ --exclude=.pytest_cache -cf - . | tar -C "$DEST" -xf -
    fi
}

# sanity_one VERSION: ansible-test sanity of that ansible-core on its own copy; its exit code.
sanity_one() {
    local version="$1" venv python dest start rc
    venv="$(ansible_core_venv "$version")"
    python="$(ansible_core_python "$version")"
    dest="$OUT/$version/ansible_collections/dockyard/docker"
    HOME="$(private_home "$version")"  # this subshell's only
    export HOME
    install_get_pip_stand_in "$venv"
    copy_collection "$dest"
    cd "$dest"
    # The copy lies inside this checkout's ignored tests/output/: without a repository of its own,
    # ansible-test would find the outer one and see no files at all.
    [ -d .git ] || git init -q .
    start=$(date +%s)
    echo "[sanity $version] ansible-test sanity --python $python --venv in ${dest#"$ROOT"/}"
    # Each "Running sanity test" line gets the seconds since the start, to show where time goes.
    # The venv comes first on PATH, so ansible-test finds its python$python there.
    set +e
    local skipped=()
    if [ "${#ARGS[@]}" -eq 0 ] && [ "$SANITY_PYLINT" != all ] && [[ " $SANITY_PYLINT " != *" $version "* ]]; then
        skipped=(--skip-test pylint)
        echo "[sanity $version] pylint runs on $SANITY_PYLINT only (SANITY_PYLINT)"
    fi
    PATH="$venv/bin:$PATH" "$venv/bin/ansible-test" sanity --python "$python" --venv --color no "${skipped[@]}" "${ARGS[@]}" 2>&1 \
        | while IFS= read -r line; do
              case "$line" in
                  "Running sanity test"*) printf '[sanity %s +%ss] %s\n' "$version" "$(( $(date +%s) - start ))" "$line" ;;
                  *) printf '%s\n' "$line" ;;
              esac
          done
    rc=${PIPESTATUS[0]}
    set -e
    echo "[sanity $version] finished in $(( $(date +%s) - start ))s with exit code $rc"
    return "$rc"
}

ARGS=("$@")
mkdir -p "$OUT"
pids=() failed=() names=()
for version in "${VERSIONS[@]}"; do
    # At most SANITY_JOBS at once: wait for the oldest before starting another.
    if [ "${#pids[@]}" -ge "$SANITY_JOBS" ]; then
        wait "${pids[0]}" || failed+=("${names[0]}")
        pids=("${pids[@]:1}") names=("${names[@]:1}")
    fi
    (sanity_one "$version") > >(tee "$OUT/$version.log") 2>&1 &
    pids+=("$!") names+=("$version")
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${names[$i]}")
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "[sanity] FAILED on ansible-core ${failed[*]} (logs: ${OUT#"$ROOT"/}/<version>.log)"
    exit 1
fi
echo "[sanity] passed on ansible-core ${VERSIONS[*]}"
