#!/usr/bin/env bash
# The collection's docs site, with the standard tooling (antsibull-docs + Sphinx, from PyPI, in
# their own venv in the harness cache, made on first use by tests/harness/venv.sh):
#   docs.sh lint     antsibull-docs lint-collection-docs --plugin-docs (every plugin's and role's docs)
#   docs.sh build    antsibull-docs sphinx-init + its build.sh: HTML in tests/output/docs/build/html
#   docs.sh check    tests/docs: headless Chromium opens the index and a module page (after build)
#   docs.sh screenshot   copy the check's screenshot to docs/docs-site.png (the README's picture)
# The site covers the modules, the connection plugin and the roles (meta/argument_specs.yml).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/tests/output/docs"
COLLECTION="$ROOT/tests/output/collections/ansible_collections/dockyard/docker"
VENV="${VENV:-$ROOT/.venv}"
# ansible-doc (under antsibull-docs) finds the collection through the checkout's link.
export ANSIBLE_COLLECTIONS_PATH="$ROOT/tests/output/collections"

die() { printf '[docs] ERROR: %s\n' "$*" >&2; exit 1; }
[ -e "$COLLECTION/galaxy.yml" ] || die "no $COLLECTION: run tests/harness/setup.sh first"

tools() {
    bash "$ROOT/tests/harness/venv.sh" antsibull-docs 3.11 antsibull-docs 'ansible-core~=2.19.0' sphinx sphinx-ansible-theme ansible-pygments
}

# The labels of docs.ansible.com that the generated pages link to (return values, configuration),
# as an offline intersphinx inventory: this machine cannot fetch the real one, and Sphinx runs
# with -W. A new reference that fails the build goes here.
write_ansible_inventory() {
    "$1/bin/python" - "$DEST/ansible_devel.inv" <<'PY'
import sys
import zlib

entries = [
    ('common_return_values', 'std:label', 'reference_appendices/common_return_values.html', 'Return Values'),
    ('ansible_configuration_settings', 'std:label', 'reference_appendices/config.html', 'Ansible Configuration Settings'),
    ('action_plugins', 'std:label', 'plugins/action.html', 'Action plugins'),
    ('ANSIBLE_PIPELINING', 'std:envvar', 'reference_appendices/config.html#envvar-$', '-'),
    ('ANSIBLE_REMOTE_USER', 'std:envvar', 'reference_appendices/config.html#envvar-$', '-'),
    # The inventory plugins' cache options (the standard inventory cache fragment).
    ('ANSIBLE_CACHE_PLUGIN', 'std:envvar', 'reference_appendices/config.html#envvar-$', '-'),
    ('ANSIBLE_CACHE_PLUGIN_CONNECTION', 'std:envvar', 'reference_appendices/config.html#envvar-$', '-'),
    ('ANSIBLE_CACHE_PLUGIN_PREFIX', 'std:envvar', 'reference_appendices/config.html#envvar-$', '-'),
    ('ANSIBLE_CACHE_PLUGIN_TIMEOUT', 'std:envvar', 'reference_appendices/config.html#envvar-$', '-'),
]
body = ''.join('%s %s -1 %s %s\n' % entry for entry in entries)
with open(sys.argv[1], 'wb') as inventory:
    inventory.write(b'# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n'
                    b'# The remainder of this file is compressed using zlib.\n')
    inventory.write(zlib.compress(body.encode()))
PY
}

lint() {
    local venv
    venv="$(tools)"
    echo "[docs] antsibull-docs lint-collection-docs --plugin-docs"
    PATH="$venv/bin:$PATH" antsibull-docs lint-collection-docs --plugin-docs "$COLLECTION"
}

build() {
    local venv start
    venv="$(tools)"
    start=$(date +%s)
    # antsibull-docs wants its folders writable by their owner only.
    mkdir -p "$DEST"
    chmod 755 "$DEST"
    "$venv/bin/antsibull-docs" sphinx-init --use-current --squash-hierarchy --fail-on-error \
        --project dockyard.docker --title 'dockyard.docker' --html-short-title 'dockyard.docker' \
        --copyright 'dockyard.docker contributors' --dest-dir "$DEST" dockyard.docker >/dev/null
    write_ansible_inventory "$venv"
    cat >>"$DEST/conf.py" <<PY

# tests/harness/docs.sh: links to docs.ansible.com resolve through a local inventory (no fetch).
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '$DEST/ansible_devel.inv'),
}
PY
    PATH="$venv/bin:$PATH" bash "$DEST/build.sh"
    echo "[docs] built ${DEST#"$ROOT"/}/build/html/index.html in $(( $(date +%s) - start ))s"
}

check() {
    [ -f "$DEST/build/html/index.html" ] || die "no site in ${DEST#"$ROOT"/}/build/html: run docs.sh build first"
    command -v chromium >/dev/null || die "no chromium: run tests/harness/setup.sh first"
    cd "$ROOT" && "$VENV/bin/python" -m pytest tests/docs -q
}

case "${1:-}" in
    lint) lint ;;
    build) build ;;
    check) check ;;
    screenshot)
        [ -s "$DEST/screenshots/container_module.png" ] || die "no screenshot yet: run docs.sh build and check"
        cp "$DEST/screenshots/container_module.png" "$ROOT/docs/docs-site.png"
        echo "[docs] docs/docs-site.png updated" ;;
    *) die "usage: $0 lint|build|check|screenshot" ;;
esac
