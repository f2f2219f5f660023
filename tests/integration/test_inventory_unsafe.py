"""What the daemons report is data to the inventory plugins, never a template: a container label, an image
label and a swarm node label each holding a pipe lookup, used by keyed_groups, groups and compose and printed
by a play, with the oldest and the newest ansible-core. Anyone who can start a container, publish an image or
run a swarm node writes these values; a lookup in them must not run on the controller."""

import json
import os
import subprocess

import pytest
import yaml

from collection_path import COLLECTIONS_ROOT
from conftest import docker_cli, remove_containers
from scratch_daemon import ansible_core_venv
from swarm_scratch import swarm_manager  # noqa: F401  pylint: disable=unused-import
from test_inventory import plain

pytestmark = pytest.mark.needs('full-suite')

ANSIBLE_CORE_VERSIONS = ('2.16', '2.20')


def ansible_bin(version):
    return os.path.join(ansible_core_venv(version), 'bin')


def run(version, tool, *args):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1',
               ANSIBLE_INVENTORY_UNPARSED_FAILED='1', ANSIBLE_HOST_KEY_CHECKING='0')
    proc = subprocess.run([os.path.join(ansible_bin(version), tool)] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=300, check=False)
    output = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode == 0, output
    return proc.stdout.decode()


def lookup_payload(marker):
    """A value that, templated, runs a command on the controller which creates MARKER."""
    return "{{ lookup('pipe', 'touch %s') }}" % marker


def constructed(labels_var, keys):
    """keyed_groups, groups and compose options that read each of KEYS of the LABELS_VAR dict."""
    return {
        'keyed_groups': [{'key': "%s['%s']" % (labels_var, key), 'prefix': key} for key in keys],
        'groups': dict(('has_%s' % key, "%s['%s'] | length > 0" % (labels_var, key)) for key in keys),
        'compose': dict(('copied_%s' % key, "%s['%s']" % (labels_var, key)) for key in keys),
    }


def printing_play(tmp_path, labels_var, keys):
    """A play whose debug tasks print the labels, what compose copied of them and the host's groups."""
    tasks = [{'name': 'the labels', 'ansible.builtin.debug': {'var': labels_var}},
             {'name': 'the host groups', 'ansible.builtin.debug': {'var': 'group_names'}}]
    for key in keys:
        tasks.append({'name': 'label %s' % key, 'ansible.builtin.debug': {'msg': "{{ %s['%s'] }}" % (labels_var, key)}})
        tasks.append({'name': 'copied %s' % key, 'ansible.builtin.debug': {'var': 'copied_%s' % key}})
    path = tmp_path / 'print.yml'
    path.write_text(yaml.safe_dump([{'name': 'print what the daemon said', 'hosts': 'all', 'gather_facts': False,
                                     'tasks': tasks}]))
    return str(path)


def check_not_run(version, tmp_path, inventory, labels_var, payloads):
    """ansible-inventory --list, --graph and a play over INVENTORY: no marker file appears, each payload
    comes back as its literal text."""
    def step(what, *args):
        output = run(version, *args)
        created = sorted(os.listdir(str(tmp_path / 'markers')))
        assert not created, 'ansible-core %s ran the lookups of %s on the controller (%s)' % (version, created, what)
        return output

    listed = plain(json.loads(step('parsing the inventory', 'ansible-inventory', '-i', inventory, '--list')))
    graph = step('the inventory graph', 'ansible-inventory', '-i', inventory, '--graph')
    played = step('printed by a play', 'ansible-playbook', '-i', inventory,
                  printing_play(tmp_path, labels_var, sorted(payloads)))

    hosts = list(listed['_meta']['hostvars'].values())
    assert len(hosts) == 1, listed
    for key, payload in payloads.items():
        assert hosts[0][labels_var][key] == payload and hosts[0]['copied_%s' % key] == payload
        assert '"msg": %s' % json.dumps(payload) in played, played
        assert '"copied_%s": %s' % (key, json.dumps(payload)) in played, played
        assert len(group_hosts(listed, 'has_%s' % key)) == 1, listed
        assert '@has_%s:' % key in graph, graph
    assert 'ok=%d' % (2 + 2 * len(payloads)) in played and 'failed=0' in played, played


def group_hosts(listed, group):
    return listed.get(group, {}).get('hosts', [])


@pytest.fixture
def markers(tmp_path):
    folder = tmp_path / 'markers'
    folder.mkdir()
    return folder


@pytest.fixture
def labelled_container(name, busybox, markers):
    """A running container whose own label and whose image's label (committed here, no registry) each hold
    a lookup: {label key: its value}, and the label that finds the container."""
    image = '%s-image' % name.lower()
    payloads = {'evil_container': lookup_payload(markers / 'container'),
                'evil_image': lookup_payload(markers / 'image')}
    docker_cli('create', '--name', name + '-base', busybox, 'true')
    try:
        docker_cli('commit', '--change', 'LABEL evil_image="%s"' % payloads['evil_image'], name + '-base', image)
    finally:
        remove_containers(name + '-base')
    find = 'dyt.unsafe=%s' % name
    docker_cli('run', '-d', '--name', name, '-l', find, '-l', 'evil_container=' + payloads['evil_container'],
               image, 'sleep', '600')
    yield payloads, find
    remove_containers(name)
    docker_cli('rmi', image, check=False)


@pytest.mark.parametrize('version', ANSIBLE_CORE_VERSIONS)
def test_container_and_image_labels_are_never_templated(version, tmp_path, labelled_container):
    payloads, find = labelled_container
    config = dict(constructed('docker_labels', sorted(payloads)), plugin='dockyard.docker.containers',
                  filters={'label': find})
    inventory = tmp_path / 'unsafe.containers.yml'
    inventory.write_text(yaml.safe_dump(config))
    check_not_run(version, tmp_path, str(inventory), 'docker_labels', payloads)


@pytest.mark.parametrize('version', ANSIBLE_CORE_VERSIONS)
def test_swarm_node_labels_are_never_templated(version, tmp_path, markers, swarm_manager):  # noqa: F811
    node_id = swarm_manager.cli('info', '--format', '{{.Swarm.NodeID}}')[1]
    payloads = {'evil_node': lookup_payload(markers / 'node')}
    swarm_manager.cli('node', 'update', '--label-add', 'evil_node=' + payloads['evil_node'], node_id)
    try:
        config = dict(constructed('docker_swarm_labels', sorted(payloads)), plugin='dockyard.docker.swarm_nodes',
                      docker_host=swarm_manager.host)
        inventory = tmp_path / 'unsafe.swarm_nodes.yml'
        inventory.write_text(yaml.safe_dump(config))
        check_not_run(version, tmp_path, str(inventory), 'docker_swarm_labels', payloads)
    finally:
        swarm_manager.cli('node', 'update', '--label-rm', 'evil_node', node_id)
