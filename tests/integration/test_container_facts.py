"""container_facts on this machine (no container) and inside a container of the engine under test, reached
with the docker_exec connection: the facts name that container's full ID and its runtime."""

import json
import os
import subprocess
import sys

import pytest

from collection_path import COLLECTIONS_ROOT
from conftest import docker_cli, docker_inspect, run_module
from engines import ENGINE

ANSIBLE_BIN = os.path.join(os.path.dirname(sys.executable), 'ansible')
FACTS = ('ansible_module_running_in_container', 'ansible_module_container_id', 'ansible_module_container_type')


def test_this_machine_is_no_container():
    result = run_module('container_facts', check=True)
    assert result['changed'] is False
    assert dict((key, result['ansible_facts'][key]) for key in FACTS) == dict(zip(FACTS, (False, '', '')))


@pytest.mark.needs('full-suite')
def test_inside_a_container_the_facts_name_it(tmp_path, name, debian):
    docker_cli('run', '-d', '--name', name, debian, 'sleep', '600')
    inventory, tree = tmp_path / 'inventory.json', tmp_path / 'tree'
    inventory.write_text(json.dumps({'all': {'hosts': {name: None}, 'vars': {
        'ansible_connection': 'dockyard.docker.docker_exec', 'ansible_python_interpreter': '/usr/bin/python3'}}}))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1')
    proc = subprocess.run([ANSIBLE_BIN, '-i', str(inventory), name, '-t', str(tree), '-m', 'dockyard.docker.container_facts'],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout.decode('utf-8', 'replace')
    facts = json.loads((tree / name).read_text())['ansible_facts']
    expected = (True, docker_inspect('container', name)['Id'], 'podman' if ENGINE.is_podman else 'docker')
    assert tuple(facts[key] for key in FACTS) == expected, facts
