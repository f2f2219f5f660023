"""A module documents the Docker SDK as a requirement exactly when it can import it.

The SDK is imported in three places only (module_utils/api/sdk.py says why): the ssh:// transport,
which every module reaches through the client and which the shared `docker` doc fragment names;
credential helpers (api/credentials.py: the `sdk_credentials` fragment) and image builds
(image/build.py: the `sdk_build` fragment). Which module_utils a module can reach is read from the
import statements, transitively, without importing anything.
"""

import ast
import os

import pytest
import yaml

from collection_path import REPO_ROOT

PLUGINS = os.path.join(REPO_ROOT, 'plugins')
PACKAGE = 'ansible_collections.dockyard.docker.plugins.'
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(PLUGINS, 'modules'))
                 if name.endswith('.py') and name != '__init__.py')
# Where the SDK is imported -> the doc fragment that must name it.
SDK_USERS = {
    'module_utils/api/credentials.py': 'dockyard.docker.docker.sdk_credentials',
    'module_utils/image/build.py': 'dockyard.docker.docker.sdk_build',
}
EVERY_MODULE = 'module_utils/api/transports.py'  # ssh://, named by the shared fragment


def imported_files(path):
    """The collection's files that `path` imports (relative to plugins/)."""
    with open(os.path.join(PLUGINS, path), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    found = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE)):
            continue
        base = node.module[len(PACKAGE):].replace('.', '/')
        candidates = [base + '.py'] + ['%s/%s.py' % (base, alias.name) for alias in node.names]
        found.update(c for c in candidates if os.path.isfile(os.path.join(PLUGINS, c)))
    return found


def reachable(path):
    seen, todo = set(), [path]
    while todo:
        for found in imported_files(todo.pop()):
            if found not in seen:
                seen.add(found)
                todo.append(found)
    return seen


def documentation(module):
    with open(os.path.join(PLUGINS, 'modules', module + '.py'), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'DOCUMENTATION':
            return yaml.safe_load(node.value.value)
    raise AssertionError('%s has no DOCUMENTATION' % module)


def sdk_mismatches(module, reached, doc):
    """What the module's docs say about the SDK that its imports do not bear out, or the other way round."""
    fragments = set(doc.get('extends_documentation_fragment') or [])
    problems = []
    for user, fragment in sorted(SDK_USERS.items()):
        if (user in reached) != (fragment in fragments):
            problems.append('%s: reaches %s: %s, documents %s: %s'
                            % (module, user, user in reached, fragment, fragment in fragments))
    own = ' '.join(str(entry) for entry in doc.get('requirements') or [])
    if 'docker >=' in own or 'docker>=' in own or 'Docker SDK' in own:
        problems.append('%s: names the SDK in its own requirements; use the sdk_* doc fragments' % module)
    return problems


@pytest.mark.parametrize('module', MODULES)
def test_documented_sdk_requirement_matches_what_the_module_can_import(module):
    reached, doc = reachable('modules/%s.py' % module), documentation(module)
    # The shared fragment documents the connection options, ssh:// (the SDK) among them: a module that takes
    # them reaches the client. container_facts and context_info read local files and take none.
    if 'dockyard.docker.docker' in (doc.get('extends_documentation_fragment') or []):
        assert EVERY_MODULE in reached
    assert sdk_mismatches(module, reached, doc) == []


def test_a_module_that_builds_without_the_build_fragment_is_caught():
    problems = sdk_mismatches('x', {'module_utils/image/build.py'}, {'extends_documentation_fragment': ['dockyard.docker.docker']})
    assert len(problems) == 1 and 'sdk_build' in problems[0]


def test_a_fragment_without_the_import_is_caught():
    doc = {'extends_documentation_fragment': ['dockyard.docker.docker', 'dockyard.docker.docker.sdk_credentials']}
    problems = sdk_mismatches('x', set(), doc)
    assert len(problems) == 1 and 'sdk_credentials' in problems[0]


def test_the_shared_fragment_names_the_sdk_only_for_ssh():
    with open(os.path.join(PLUGINS, 'doc_fragments', 'docker.py'), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    fragments = {node.targets[0].id: yaml.safe_load(node.value.value)
                 for cls in tree.body if isinstance(cls, ast.ClassDef)
                 for node in cls.body if isinstance(node, ast.Assign)}
    shared = [entry for entry in fragments['DOCUMENTATION']['requirements'] if 'docker' in entry.lower()]
    sdk = [entry for entry in shared if '>=' in entry and 'Engine' not in entry]
    assert len(sdk) == 1 and 'ssh://' in sdk[0]
    assert 'credential helper' in ' '.join(fragments['SDK_CREDENTIALS']['requirements'])
    assert 'build' in ' '.join(fragments['SDK_BUILD']['requirements'])
