"""The dockyard.docker.containers and dockyard.docker.swarm_nodes inventory plugins against real daemons:
ansible-inventory --graph / --list over test containers and a scratch swarm, and plays over the hosts."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from collection_path import COLLECTIONS_ROOT
from conftest import docker_cli, docker_inspect, remove_containers
from swarm_scratch import start_daemon, stop_daemon, swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')

BIN = os.path.dirname(sys.executable)


def plain(value):
    """ansible-inventory's JSON with ansible-core 2.19's {"__ansible_unsafe": value} wrappers taken off."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def write_inventory(tmp_path, filename, **config):
    path = tmp_path / filename
    path.write_text(yaml.safe_dump(config))
    return str(path)


def run(tool, *args, expect_fail=False):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1',
               ANSIBLE_INVENTORY_UNPARSED_FAILED='1', ANSIBLE_HOST_KEY_CHECKING='0')
    proc = subprocess.run([os.path.join(BIN, tool)] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, timeout=180, check=False)
    output = proc.stdout.decode() + proc.stderr.decode()
    assert (proc.returncode != 0) == expect_fail, output
    return proc.stdout.decode() if not expect_fail else output


def inventory_list(path, *args):
    return plain(json.loads(run('ansible-inventory', '-i', path, '--list', *args)))


def only_network(container):
    """(name, IPv4 address) of the one network a container is on (the default bridge: Podman names it podman)."""
    networks = docker_inspect('container', container)['NetworkSettings']['Networks']
    assert len(networks) == 1, networks
    network, settings = networks.popitem()
    return network, settings['IPAddress']


def group_hosts(listed, group):
    return sorted(listed.get(group, {}).get('hosts', []))


@pytest.fixture(scope='module')
def fleet(prefix, busybox, debian):
    """Three containers with the module's label: web (debian) and worker (busybox) of a Compose-like
    project, both running, and a stopped one."""
    label = '%s-inv=1' % prefix
    names = {role: '%s-inv-%s' % (prefix, role) for role in ('web', 'worker', 'stopped')}
    project = ['-l', 'com.docker.compose.project=%s-shop' % prefix]
    docker_cli('run', '-d', '--name', names['web'], '-l', label, '-l', 'tier=front', *project,
               '-l', 'com.docker.compose.service=web', debian, 'sleep', '600')
    docker_cli('run', '-d', '--name', names['worker'], '-l', label, '-l', 'tier=back', *project,
               '-l', 'com.docker.compose.service=worker', busybox, 'sleep', '600')
    docker_cli('create', '--name', names['stopped'], '-l', label, busybox, 'true')
    yield dict(names, label=label)
    remove_containers(*names.values())


def containers_config(fleet, **options):
    config = {'plugin': 'dockyard.docker.containers', 'filters': {'label': fleet['label']},
              'keyed_groups': [{'key': 'docker_compose_service', 'prefix': 'service'},
                               {'key': "docker_labels['tier'] | default('none')", 'prefix': 'tier'}],
              'groups': {'debian_hosts': "'debian' in docker_image"},
              'compose': {'ansible_python_interpreter': "'/usr/bin/python3'"}}
    config.update(options)
    return config


def test_running_containers_become_hosts_with_inspect_vars_and_groups(tmp_path, fleet, debian):
    path = write_inventory(tmp_path, 'fleet.containers.yml', **containers_config(fleet))
    listed = inventory_list(path)
    web, worker = fleet['web'], fleet['worker']
    assert sorted(listed['_meta']['hostvars']) == sorted([web, worker])  # running only: no stopped one
    assert group_hosts(listed, 'service_web') == [web] and group_hosts(listed, 'service_worker') == [worker]
    assert group_hosts(listed, 'tier_front') == [web] and group_hosts(listed, 'debian_hosts') == [web]

    hostvars = listed['_meta']['hostvars'][web]
    inspected = docker_inspect('container', web)
    network, address = only_network(web)
    assert hostvars['docker_id'] == inspected['Id'] and hostvars['docker_short_id'] == inspected['Id'][:12]
    assert hostvars['docker_name'] == web and hostvars['docker_image'] == inspected['Config']['Image'] and debian in hostvars['docker_image']
    assert hostvars['docker_state'] == 'running' and hostvars['docker_labels']['tier'] == 'front'
    assert hostvars['docker_networks'][network]['ip_address'] == address and hostvars['docker_addresses'] == [address]
    assert hostvars['docker_compose_project'].endswith('-shop') and hostvars['docker_compose_service'] == 'web'
    assert hostvars['docker_stack_namespace'] is None
    assert hostvars['ansible_connection'] == 'dockyard.docker.docker_exec'
    assert hostvars['ansible_docker_exec_transport'] == 'api' and hostvars['ansible_docker_exec_container'] == web
    assert hostvars['ansible_python_interpreter'] == '/usr/bin/python3'  # compose

    graph = run('ansible-inventory', '-i', path, '--graph')
    assert '@service_web:' in graph and '|--%s' % web in graph.replace(' ', '')


def test_all_and_filters_like_docker_ps(tmp_path, fleet):
    path = write_inventory(tmp_path, 'all.containers.yml', **containers_config(fleet, all=True, hostname='short_id'))
    listed = inventory_list(path)
    states = sorted(hostvars['docker_state'] for hostvars in listed['_meta']['hostvars'].values())
    assert states == ['created', 'running', 'running'], listed
    stopped = docker_inspect('container', fleet['stopped'])['Id'][:12]
    assert listed['_meta']['hostvars'][stopped]['docker_name'] == fleet['stopped']

    by_name = containers_config(fleet, filters={'label': fleet['label'], 'name': fleet['worker']})
    listed = inventory_list(write_inventory(tmp_path, 'name.containers.yml', **by_name))
    assert sorted(listed['_meta']['hostvars']) == [fleet['worker']]

    bad = containers_config(fleet, filters={'label': {'tier': 'front'}})
    output = run('ansible-inventory', '-i', write_inventory(tmp_path, 'bad.containers.yml', **bad), '--list',
                 expect_fail=True)
    assert 'filters: invalid value' in output, output


@pytest.mark.parametrize('connection', ['api', 'exec'])
def test_a_play_over_the_inventory_reaches_each_container(tmp_path, fleet, connection):
    path = write_inventory(tmp_path, 'play.containers.yml', **containers_config(fleet, connection=connection))
    playbook = tmp_path / 'play.yml'
    playbook.write_text(yaml.safe_dump([
        {'name': 'raw on every container', 'hosts': 'all', 'gather_facts': False, 'tasks': [
            {'name': 'hostname', 'ansible.builtin.raw': 'hostname', 'register': 'raw_out', 'changed_when': False},
            {'name': 'the container answered', 'ansible.builtin.assert': {
                'that': ['raw_out.stdout | trim == docker_short_id']}}]},
        {'name': 'a module where Python is', 'hosts': 'service_web', 'gather_facts': False, 'tasks': [
            {'name': 'cat', 'ansible.builtin.command': 'cat /etc/debian_version', 'register': 'version',
             'changed_when': False},
            {'name': 'debian', 'ansible.builtin.assert': {'that': ["version.stdout is match('12')"]}}]}]))
    output = run('ansible-playbook', '-i', path, str(playbook))
    assert 'ok=2' in output and 'failed=0' in output and 'unreachable=0' in output, output
    assert output.count('ok=') == 2, output  # both containers, and only them


def test_ssh_connection_vars_point_at_the_container_address(tmp_path, fleet):
    network = only_network(fleet['web'])[0]
    config = containers_config(fleet, connection='ssh', ssh_network=network, ssh_port=2222)
    hostvars = inventory_list(write_inventory(tmp_path, 'ssh.containers.yml', **config))['_meta']['hostvars']
    for name in (fleet['web'], fleet['worker']):
        address = only_network(name)[1]
        assert hostvars[name]['ansible_connection'] == 'ssh'
        assert hostvars[name]['ansible_host'] == address and hostvars[name]['ansible_port'] == 2222


def test_inventory_cache_serves_the_last_answer_until_flushed(tmp_path, fleet, prefix, busybox):
    extra = '%s-inv-cached' % prefix
    docker_cli('run', '-d', '--name', extra, '-l', fleet['label'], busybox, 'sleep', '600')
    config = containers_config(fleet, cache=True, cache_plugin='ansible.builtin.jsonfile',
                               cache_connection=str(tmp_path / 'cache'), cache_timeout=600)
    path = write_inventory(tmp_path, 'cached.containers.yml', **config)
    assert extra in inventory_list(path)['_meta']['hostvars']
    assert os.listdir(str(tmp_path / 'cache')), 'nothing was written to the cache'
    remove_containers(extra)
    assert extra in inventory_list(path)['_meta']['hostvars']  # from the cache: the daemon has no such container
    assert extra not in inventory_list(path, '--flush-cache')['_meta']['hostvars']


def test_several_daemons_with_host_prefixes(tmp_path, fleet, swarm_manager, prefix, busybox):  # noqa: F811
    """The shared daemon and a scratch one: each host keeps its daemon, an equal name needs a prefix."""
    remote = fleet['worker']  # the same name on the scratch daemon
    swarm_manager.cli('run', '-d', '--name', remote, '-l', fleet['label'], busybox, 'sleep', '600')
    try:
        shared = os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock')
        daemons = [{'docker_host': shared, 'host_prefix': 'here-'},
                   {'docker_host': swarm_manager.host, 'host_prefix': 'there-'}]
        path = write_inventory(tmp_path, 'two.containers.yml', **containers_config(fleet, daemons=daemons))
        hostvars = inventory_list(path)['_meta']['hostvars']
        assert sorted(hostvars) == sorted(['here-' + fleet['web'], 'here-' + remote, 'there-' + remote])
        there = hostvars['there-' + remote]
        assert there['docker_daemon'] == swarm_manager.host and there['ansible_docker_exec_docker_host'] == swarm_manager.host
        playbook = tmp_path / 'play.yml'
        playbook.write_text(yaml.safe_dump([{'hosts': 'there-' + remote, 'gather_facts': False, 'tasks': [
            {'ansible.builtin.raw': 'hostname', 'register': 'out', 'changed_when': False},
            {'ansible.builtin.assert': {'that': ['out.stdout | trim == docker_short_id']}}]}]))
        assert 'failed=0' in run('ansible-playbook', '-i', path, str(playbook))

        for entry in daemons:
            del entry['host_prefix']
        path = write_inventory(tmp_path, 'clash.containers.yml', **containers_config(fleet, daemons=daemons))
        output = run('ansible-inventory', '-i', path, '--list', expect_fail=True)
        assert 'host %s is on two daemons' % remote in output, output
    finally:
        swarm_manager.cli('rm', '-f', remote, check=False)


def test_swarm_nodes_grouped_by_role_availability_and_labels(tmp_path, swarm_manager):  # noqa: F811
    node_id = swarm_manager.cli('info', '--format', '{{.Swarm.NodeID}}')[1]
    swarm_manager.cli('node', 'update', '--label-add', 'zone=blue', node_id)
    hostname = swarm_manager.hostname()
    config = {'plugin': 'dockyard.docker.swarm_nodes', 'docker_host': swarm_manager.host,
              'keyed_groups': [{'key': 'docker_swarm_platform.architecture', 'prefix': 'arch'}]}
    path = write_inventory(tmp_path, 'nodes.swarm_nodes.yml', **config)
    listed = inventory_list(path)
    for group in ('manager', 'leader', 'availability_active', 'state_ready', 'label_zone_blue'):
        assert group_hosts(listed, group) == [hostname], (group, listed)
    assert 'worker' not in listed
    hostvars = listed['_meta']['hostvars'][hostname]
    assert hostvars['docker_swarm_node_id'] == node_id and hostvars['docker_swarm_role'] == 'manager'
    assert hostvars['docker_swarm_addr'] == '127.0.0.1' and hostvars['ansible_host'] == '127.0.0.1'
    assert hostvars['docker_swarm_manager_addr'] == swarm_manager.listen_addr
    assert hostvars['docker_swarm_labels'] == {'zone': 'blue'}
    assert any(group.startswith('arch_') for group in listed), listed
    assert '@label_zone_blue:' in run('ansible-inventory', '-i', path, '--graph')

    drained = write_inventory(tmp_path, 'workers.swarm_nodes.yml', plugin='dockyard.docker.swarm_nodes',
                              docker_host=swarm_manager.host, filters={'role': 'worker'})
    assert inventory_list(drained)['_meta']['hostvars'] == {}
    not_a_manager = write_inventory(tmp_path, 'shared.swarm_nodes.yml', plugin='dockyard.docker.swarm_nodes',
                                    docker_host=os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock'))
    output = run('ansible-inventory', '-i', not_a_manager, '--list', expect_fail=True)
    assert 'cannot list the swarm nodes of' in output, output


def test_swarm_nodes_reporting_one_hostname_fail_the_inventory(tmp_path, swarm_manager):  # noqa: F811
    """A worker on this machine reports the manager's hostname: the nodes never merge into one host."""
    manager = swarm_manager
    token = manager.cli('swarm', 'join-token', '-q', 'worker')[1]
    worker = start_daemon()
    try:
        worker.cli('swarm', 'join', '--token', token, '--advertise-addr', '127.0.0.1', '--listen-addr',
                   worker.listen_addr, manager.listen_addr)
        assert worker.hostname() == manager.hostname()
        ids = sorted([manager.cli('info', '--format', '{{.Swarm.NodeID}}')[1],
                      worker.cli('info', '--format', '{{.Swarm.NodeID}}')[1]])
        config = {'plugin': 'dockyard.docker.swarm_nodes', 'docker_host': manager.host}
        output = run('ansible-inventory', '-i', write_inventory(tmp_path, 'twins.swarm_nodes.yml', **config), '--list',
                     expect_fail=True)
        assert 'swarm nodes %s and %s of %s both name the host %r' % (ids[0], ids[1], manager.host, manager.hostname()) \
            in output, output
        by_id = inventory_list(write_inventory(tmp_path, 'ids.swarm_nodes.yml', hostname='id', **config))
        assert sorted(by_id['_meta']['hostvars']) == ids
    finally:
        stop_daemon(worker)
        for node_id in manager.cli('node', 'ls', '-q', '--filter', 'role=worker')[1].split():
            manager.cli('node', 'rm', '--force', node_id, check=False)
