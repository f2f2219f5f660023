#!/usr/bin/env bash
# Make (once) and print a virtualenv in the harness cache for one tool set:
#   venv.sh NAME PYTHON_VERSION REQUIREMENT...
# e.g. `venv.sh ansible-core-2.16 3.11 'ansible-core~=2.16.0'` prints
# ${DOCKYARD_CACHE:-~/.cache/dockyard}/venv-ansible-core-2.16-py3.11. The interpreter is pyenv's
# (/root/.pyenv/versions/<v>/bin/python3, newest patch of that minor) or python<v> on PATH. The
# venv is made on first use and reinstalled when the requirements change (a stamp file holds
# their hash); otherwise this takes a few milliseconds. pip's log goes to the venv's pip.log.
set -euo pipefail

[ "$#" -ge 3 ] || { echo "usage: $0 NAME PYTHON_VERSION REQUIREMENT..." >&2; exit 2; }
name="$1" version="$2"; shift 2
CACHE="${DOCKYARD_CACHE:-${HOME:-/root}/.cache/dockyard}"
dir="$CACHE/venv-$name-py$version"

find_python() {
    local candidate
    for candidate in $(printf '%s\n' "${PYENV_ROOT:-/root/.pyenv}/versions/$version".* | sort -V -r); do
        [ -x "$candidate/bin/python3" ] && { echo "$candidate/bin/python3"; return; }
    done
    command -v "python$version" || { echo "[venv] ERROR: no Python $version (pyenv or PATH)" >&2; exit 1; }
}

want="$(printf '%s\n' "$version" "$@" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$dir/.dockyard-stamp" 2>/dev/null)" != "$want" ]; then
    # Concurrent callers (two sanity runs side by side) wait for the first one's install.
    mkdir -p "$CACHE"
    exec 9>"$dir.lock"
    flock 9
    if [ "$(cat "$dir/.dockyard-stamp" 2>/dev/null)" != "$want" ]; then
        echo "[venv] making $dir ($*)" >&2
        rm -rf "$dir"
        "$(find_python)" -m venv "$dir"
        "$dir/bin/python" -m pip install --quiet --upgrade pip >"$dir/pip.log" 2>&1 || true
        "$dir/bin/python" -m pip install "$@" >>"$dir/pip.log" 2>&1 \
            || { tail -n 30 "$dir/pip.log" >&2; echo "[venv] ERROR: pip install $* failed (log: $dir/pip.log)" >&2; exit 1; }
        echo "$want" >"$dir/.dockyard-stamp"
    fi
fi
echo "$dir"
