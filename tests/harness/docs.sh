#!/usr/bin/env bash
# The collection's docs site, with the standard tooling (antsibull-docs + Sphinx, and MyST for the
# Markdown guides, from PyPI, in their own venv in the harness cache, made on first use by
# tests/harness/venv.sh):
#   docs.sh lint     antsibull-docs lint-collection-docs --plugin-docs (every plugin's and role's docs)
#   docs.sh build    antsibull-docs sphinx-init, the plugin and role pages, the guides (every docs/*.md),
#                    Sphinx with -W (a link to a missing page or anchor fails): tests/output/docs/build/html
#   docs.sh check    tests/docs (after build): every internal link resolves, the README's links too;
#                    headless Chromium opens the index, a module page and every guide; then the
#                    module page's screenshot becomes docs/docs-site.png (the README's picture)
# The site covers the modules, the plugins, the roles (meta/argument_specs.yml) and the guides.
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
    bash "$ROOT/tests/harness/venv.sh" antsibull-docs 3.11 antsibull-docs 'ansible-core~=2.19.0' sphinx \
        sphinx-ansible-theme ansible-pygments myst-parser
}

# The guides: the Markdown pages under docs/, in the order of the index's "Guides" section. Each is
# published as guides/<name>.html; a page missing here, or a name without its page, fails the build.
GUIDES=(containers images networks-volumes compose prune daemon cross-host clusters nginx-site plugins
        migration engines failure-behaviour security performance benchmark benchmark_connection developing)

# add_guides PYTHON RST_DIR: copy docs/*.md and the pictures they show to RST_DIR/guides and list
# the guides in the index, before its plugin index.
add_guides() {
    "$1" - "$ROOT/docs" "$2" "${GUIDES[@]}" <<'PY'
import os
import re
import shutil
import sys

docs, rst, guides = sys.argv[1], sys.argv[2], sys.argv[3:]
pages = [name[:-3] for name in os.listdir(docs) if name.endswith('.md')]
nested = [os.path.join(folder, name) for folder, _dirs, names in os.walk(docs) if folder != docs
          for name in names if name.endswith('.md')]
unlisted, missing = sorted(set(pages) - set(guides)), sorted(set(guides) - set(pages))
if unlisted or missing or nested:
    sys.exit('[docs] ERROR: docs/ and GUIDES in tests/harness/docs.sh differ: not listed %s, no page for %s, '
             'in a subfolder %s' % (unlisted, missing, nested))
target = os.path.join(rst, 'guides')
os.makedirs(target)
for name in os.listdir(docs):
    if name.endswith(('.md', '.png')):
        shutil.copy(os.path.join(docs, name), target)
index_path = os.path.join(rst, 'index.rst')
with open(index_path) as handle:
    index = handle.read()
plugin_index = re.search(r'^\.\. _[^\n]*plugin[-_]index[^\n]*:$', index, re.M)
if not plugin_index:
    sys.exit('[docs] ERROR: no plugin index label in %s to put the guides before' % index_path)
entries = ''.join('    guides/%s\n' % name for name in guides)
section = 'Guides\n------\n\n.. toctree::\n    :maxdepth: 1\n\n%s\n' % entries
with open(index_path, 'w') as handle:
    handle.write(index[:plugin_index.start()] + section + index[plugin_index.start():])
PY
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
    # Modules of ansible.builtin that our docs name with M(...).
    ('ansible_collections.ansible.builtin.copy_module', 'std:label',
     'collections/ansible/builtin/copy_module.html', 'ansible.builtin.copy module'),
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

# The guides are Markdown (docs/*.md), read by MyST. Headings get the anchors GitHub gives them, so
# a link such as compose.md#supported-keys works in both places, and one to a missing anchor warns
# (and -W fails the build).
extensions.append('myst_parser')
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
myst_heading_anchors = 4
PY
    # The two steps of the build.sh that sphinx-init wrote, with the guides added in between
    # (antsibull-docs empties rst/ first).
    (
        cd "$DEST"
        export PATH="$venv/bin:$PATH"
        mkdir -p rst
        chmod og-w rst
        antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error \
            --use-current --squash-hierarchy --dest-dir rst dockyard.docker
        add_guides "$venv/bin/python" rst
        sphinx-build -M html rst build -c . -W --keep-going \
            || die "the Sphinx build failed (above; a warning in rst/guides/NAME.md is one in docs/NAME.md)"
    )
    echo "[docs] built ${DEST#"$ROOT"/}/build/html/index.html in $(( $(date +%s) - start ))s"
}

check() {
    [ -f "$DEST/build/html/index.html" ] || die "no site in ${DEST#"$ROOT"/}/build/html: run docs.sh build first"
    command -v chromium >/dev/null || die "no chromium: run tests/harness/setup.sh first"
    rm -f "$DEST/screenshots/container_module.png"
    cd "$ROOT" && "$VENV/bin/python" -m pytest tests/docs -q
    # Only a passing check gets here (set -e), so the README shows the site as it was just built.
    [ -s "$DEST/screenshots/container_module.png" ] || die "the check took no screenshot"
    cp "$DEST/screenshots/container_module.png" "$ROOT/docs/docs-site.png"
    echo "[docs] docs/docs-site.png updated"
}

case "${1:-}" in
    lint) lint ;;
    build) build ;;
    check) check ;;
    *) die "usage: $0 lint|build|check" ;;
esac
