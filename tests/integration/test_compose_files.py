"""Compose files as users write them, against the real daemon (issue 32, item 5): a project whose
main file includes another (with its own env file and named volume) and whose service takes the
included service's volumes through volumes_from; and a key Compose has that the module does not
support fails before anything changes."""

import os
import shutil
import textwrap
import time

import pytest

from conftest import docker_cli, docker_inspect, run_module

MAIN = """
include:
  - path: store/compose.yaml
    env_file: store.env
services:
  app:
    image: ${IMAGE}
    command: ["sh", "-c", "exec sleep 600"]
    volumes_from: ["store:ro"]
    stop_grace_period: 1s
"""

STORE = """
services:
  store:
    image: ${IMAGE}
    command: ["sh", "-c", "echo $${GREETING} > /data/hello; exec sleep 600"]
    environment: {GREETING: "${GREETING}"}
    volumes: ["data:/data"]
    stop_grace_period: 1s
volumes:
  data: {}
"""


def write(folder, path, text):
    path = os.path.join(folder, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as handle:
        handle.write(textwrap.dedent(text))


@pytest.fixture
def folder(name, busybox):
    path = os.path.join('/tmp', name)
    write(path, 'compose.yaml', MAIN)
    write(path, '.env', 'IMAGE=%s\n' % busybox)
    write(path, 'store.env', 'GREETING=from-the-store\n')
    write(path, 'store/compose.yaml', STORE)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def project_containers(project):
    out = docker_cli('ps', '-a', '--filter', 'label=com.docker.compose.project=%s' % project, '--format', '{{.Names}}')
    return sorted(out.split())


def read_when_written(container, path, timeout=20):
    """The store's command writes the file once it runs; read it from the other container."""
    deadline = time.monotonic() + timeout
    while True:
        found = docker_cli('exec', container, 'cat', path, check=False)
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def test_include_and_volumes_from_converge(folder, name):
    args = dict(project_src=folder, project_name=name)
    checked = run_module('compose', check=True, **args)
    assert checked['changed']
    assert 'create volume %s_data' % name in checked['actions']
    assert sorted(checked['services']) == ['app', 'store']
    assert project_containers(name) == []
    assert docker_inspect('volume', '%s_data' % name) is None

    up = run_module('compose', **args)
    assert up['changed']
    store, app = '%s-store-1' % name, '%s-app-1' % name
    assert project_containers(name) == [app, store]
    assert docker_inspect('container', app)['HostConfig']['VolumesFrom'] == ['%s:ro' % store]
    assert docker_inspect('volume', '%s_data' % name)['Labels']['com.docker.compose.volume'] == 'data'
    # written by the included service, with the include's env file, seen by the other through volumes_from
    assert read_when_written(app, '/data/hello') == 'from-the-store'
    mounts = dict((mount['Destination'], mount) for mount in docker_inspect('container', app)['Mounts'])
    assert mounts['/data']['Name'] == '%s_data' % name and mounts['/data']['RW'] is False  # store:ro

    again = run_module('compose', **args)
    assert not again['changed'], again['actions']
    checked_again = run_module('compose', check=True, **args)
    assert not checked_again['changed'], checked_again['actions']

    down = run_module('compose', state='absent', remove_volumes=True, **args)
    assert down['changed'] and project_containers(name) == []


@pytest.mark.parametrize('service, message', [
    ({'image': 'x', 'develop': {'watch': [{'action': 'sync', 'path': '.', 'target': '/app'}]}},
     'valid Compose, not supported by dockyard.docker.compose: services.web.develop'),
    ({'imgae': 'x'}, 'services.web.imgae: unknown key; did you mean image?'),
    ({'image': 'x', 'volumes_from': ['nope']}, "services.web.volumes_from[0]: invalid value 'nope'; no such service"),
])
def test_a_gap_a_typo_and_an_unknown_service_fail_before_any_change(folder, name, service, message):
    failed = run_module('compose', expect_fail=True, project_name=name, project_src=folder,
                        definition={'services': {'web': service}, 'volumes': {'data': {}}})
    assert failed['msg'].startswith(message), failed['msg']
    assert project_containers(name) == []
    assert docker_inspect('volume', '%s_data' % name) is None
