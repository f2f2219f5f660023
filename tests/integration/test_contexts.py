"""The docker CLI's contexts (issue 36 item 5): a context store made by the real docker CLI (docker context
create / use) whose context points at the engine under test; modules, the docker_exec connection and the
containers inventory reach that engine through it, with no docker_host and no DOCKER_HOST; context_info
lists the store as the CLI does."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from collection_path import COLLECTIONS_ROOT
from conftest import docker_cli, docker_inspect, run_module

pytestmark = pytest.mark.needs('full-suite')

BIN = os.path.dirname(sys.executable)
LOCAL_SOCKET = 'unix:///var/run/docker.sock'


@pytest.fixture
def store(tmp_path, name):
    """(DOCKER_CONFIG folder, context name): a store whose context `name` reaches the engine under test."""
    folder = tmp_path / 'docker-config'
    folder.mkdir()
    address = os.environ.get('DOCKER_HOST') or LOCAL_SOCKET
    cli = dict(os.environ, DOCKER_CONFIG=str(folder))
    cli.pop('DOCKER_HOST', None)
    subprocess.run(['docker', 'context', 'create', name, '--description', 'the engine under test',
                    '--docker', 'host=%s' % address], env=cli, check=True, stdout=subprocess.DEVNULL)
    return folder, name


def without_host(folder, **extra):
    """The environment of a task that names no daemon: DOCKER_HOST empty, the store as DOCKER_CONFIG."""
    return dict(extra, DOCKER_HOST='', DOCKER_CONFIG=str(folder))


@pytest.fixture
def marker(name, busybox):
    """A container only the engine under test has: reaching it proves which daemon answered."""
    docker_cli('create', '--name', name + '-marker', busybox, 'true')
    return name + '-marker'


def test_a_module_reaches_the_daemon_of_the_context_it_names(store, marker):
    folder, context = store
    found = run_module('container_info', env=without_host(folder), name=marker, docker_context=context)
    assert found['exists'] and found['container']['Id'] == docker_inspect('container', marker)['Id']


def test_docker_context_and_the_current_context_apply_without_options(store, marker):
    folder, context = store
    by_variable = run_module('container_info', env=without_host(folder, DOCKER_CONTEXT=context), name=marker)
    assert by_variable['exists']
    cli = dict(os.environ, DOCKER_CONFIG=str(folder))
    subprocess.run(['docker', 'context', 'use', context], env=cli, check=True, stdout=subprocess.DEVNULL)
    assert run_module('container_info', env=without_host(folder), name=marker)['exists']


def test_an_address_beside_a_context_and_an_unknown_context_fail_with_one_line(store):
    folder, context = store
    both = run_module('host_info', expect_fail=True, env=without_host(folder), docker_context=context,
                      docker_host='tcp://127.0.0.1:1')
    assert both['msg'] == ("docker_host: invalid value 'tcp://127.0.0.1:1'; give either docker_host or docker_context "
                           "(%s), not both" % context)
    unknown = run_module('host_info', expect_fail=True, env=without_host(folder), docker_context='nowhere')
    assert unknown['msg'] == ("docker_context: invalid value 'nowhere'; no such context in %s/contexts "
                              "(docker context ls lists them)" % folder)


def test_context_info_lists_the_store_as_the_cli_does(store):
    folder, context = store
    info = run_module('context_info', check=True, env=without_host(folder, DOCKER_CONTEXT=context))
    assert info['changed'] is False and info['current_context_name'] == context
    cli = json.loads(subprocess.run(['docker', 'context', 'inspect', context], env=dict(os.environ, DOCKER_CONFIG=str(folder)),
                                    stdout=subprocess.PIPE, check=True).stdout)[0]
    entry = [item for item in info['contexts'] if item['name'] == context][0]
    assert entry['current'] and entry['description'] == cli['Metadata']['Description'] == 'the engine under test'
    assert entry['config']['docker_host'] == cli['Endpoints']['docker']['Host']
    assert entry['config']['tls'] is False and entry['tls_path'] is None
    assert entry['meta_path'] == os.path.dirname(cli['Storage']['MetadataPath'] + '/meta.json')
    assert [item['name'] for item in info['contexts']][0] == 'default'


def test_the_connection_and_the_inventory_reach_containers_through_the_context(tmp_path, store, name, debian):
    folder, context = store
    docker_cli('run', '-d', '--name', name, '--label', 'dy.context=' + name, debian, 'sleep', '600')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1', **without_host(folder))
    inventory = tmp_path / 'ctx.containers.yml'
    inventory.write_text(yaml.safe_dump({'plugin': 'dockyard.docker.containers', 'docker_context': context,
                                         'filters': {'label': ['dy.context=' + name]}}))
    listed = subprocess.run([os.path.join(BIN, 'ansible-inventory'), '-i', str(inventory), '--list'], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120, check=False)
    assert listed.returncode == 0 and name in listed.stdout.decode(), listed.stdout.decode()
    for transport in ('api', 'cli'):
        hosts = tmp_path / 'hosts.json'
        hosts.write_text(json.dumps({'all': {'hosts': {name: None}, 'vars': {
            'ansible_connection': 'dockyard.docker.docker_exec', 'ansible_python_interpreter': '/usr/bin/python3',
            'ansible_docker_exec_docker_context': context, 'ansible_docker_exec_transport': transport}}}))
        ran = subprocess.run([os.path.join(BIN, 'ansible'), '-i', str(hosts), name, '-m', 'ansible.builtin.command',
                              '-a', 'hostname'], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120,
                             check=False)
        assert ran.returncode == 0 and docker_inspect('container', name)['Config']['Hostname'] in ran.stdout.decode(), \
            (transport, ran.stdout.decode())
