"""Every module runs through the in-process action (plugins/action/in_process.py, or a subclass).

A module added without its line in meta/runtime.yml would silently run as a module process on
localhost too, and lose what the action adds (the in-process path, swarm's hidden join tokens).
These tests read meta/runtime.yml and plugins/modules/*.py, then ask ansible-core's own plugin
loader which action each module gets.
"""

import ast
import json
import os
import subprocess
import sys

import pytest
import yaml

from collection_path import COLLECTIONS_ROOT, REPO_ROOT

MODULES_DIR = os.path.join(REPO_ROOT, 'plugins', 'modules')
ACTION_DIR = os.path.join(REPO_ROOT, 'plugins', 'action')
COLLECTION = 'dockyard.docker'
BASE_ACTION = 'InProcessAction'


def module_names():
    return sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith('.py') and name != '__init__.py')


def runtime():
    with open(os.path.join(REPO_ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def action_bases(action):
    """The base classes ActionModule names in plugins/action/<action>.py, read without importing it."""
    path = os.path.join(ACTION_DIR, action + '.py')
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    imported = {alias.asname or alias.name: (node.module, alias.name)
                for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == 'ActionModule':
            return [imported.get(base.id, (None, base.id)) for base in node.bases if isinstance(base, ast.Name)]
    return []


def runs_in_process(action, seen=()):
    """True when plugins/action/<action>.py's ActionModule is InProcessAction or derives from it."""
    if action in seen:
        return False
    for module, name in action_bases(action) or []:
        if name == BASE_ACTION:
            return True
        prefix = 'ansible_collections.dockyard.docker.plugins.action.'
        if module and module.startswith(prefix) and name == 'ActionModule':
            if runs_in_process(module[len(prefix):], seen + (action,)):
                return True
    return False


def missing_routes(modules, routing):
    """The modules that would run without the in-process action, with the reason."""
    problems = {}
    for module in modules:
        entry = routing.get(module) or {}
        target = entry.get('action_plugin')
        if not target:
            problems[module] = 'no action_plugin in meta/runtime.yml plugin_routing.modules'
        elif not target.startswith(COLLECTION + '.'):
            problems[module] = 'action_plugin %s is not this collection\'s' % target
        elif not runs_in_process(target[len(COLLECTION) + 1:]):
            problems[module] = 'action %s does not derive from %s' % (target, BASE_ACTION)
    return problems


def test_every_module_is_routed_to_the_in_process_action():
    routing = (runtime().get('plugin_routing') or {}).get('modules') or {}
    assert missing_routes(module_names(), routing) == {}


# The Open vSwitch modules talk to ovs-vsctl, bridge_uplink to ip, and container_facts and context_info read the
# managed node's own files, not a Docker daemon: group/docker's defaults (docker_host, TLS, ...) mean nothing to them, so they stay
# out of the group.
OUTSIDE_DOCKER_GROUP = ('ovs_', 'bridge_uplink', 'container_facts', 'context_info')


def test_every_module_is_in_the_action_group():
    grouped = [name for name in module_names() if not name.startswith(OUTSIDE_DOCKER_GROUP)]
    assert sorted(runtime()['action_groups']['docker']) == grouped


def test_routing_names_no_module_that_does_not_exist():
    routing = (runtime().get('plugin_routing') or {}).get('modules') or {}
    assert sorted(set(routing) - set(module_names())) == []


def test_a_module_added_without_a_route_is_caught():
    routing = (runtime().get('plugin_routing') or {}).get('modules') or {}
    problems = missing_routes(module_names() + ['brand_new'], routing)
    assert list(problems) == ['brand_new']
    assert 'no action_plugin' in problems['brand_new']


def test_a_route_to_an_action_that_is_not_in_process_is_caught(tmp_path):
    assert not runs_in_process('no_such_action')
    assert missing_routes(['x'], {'x': {'action_plugin': 'dockyard.docker.no_such_action'}})
    assert missing_routes(['x'], {'x': {'action_plugin': 'ansible.builtin.normal'}})


LOADER_SCRIPT = r'''
import json, sys
from ansible.plugins.loader import init_plugin_loader, module_loader, action_loader
init_plugin_loader([sys.argv[1]])
found = {}
for name in sys.argv[2:]:
    context = module_loader.find_plugin_with_context('dockyard.docker.' + name)
    action = action_loader.get(context.action_plugin, class_only=True) if context.action_plugin else None
    found[name] = [context.action_plugin, [c.__name__ for c in action.__mro__] if action else []]
print(json.dumps(found))
'''


def test_ansible_core_resolves_every_module_to_an_in_process_action():
    """What ansible-core's own loader makes of meta/runtime.yml (the task executor asks it the same)."""
    modules = module_names()
    proc = subprocess.run([sys.executable, '-c', LOADER_SCRIPT, COLLECTIONS_ROOT] + modules,
                          capture_output=True, text=True, check=False, timeout=120)
    if proc.returncode:
        pytest.fail(proc.stderr)
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    wrong = {name: route for name, route in found.items() if BASE_ACTION not in route[1]}
    assert wrong == {}
    assert found['swarm'][0] == 'dockyard.docker.swarm'
    assert found['container'][0] == 'dockyard.docker.in_process'
