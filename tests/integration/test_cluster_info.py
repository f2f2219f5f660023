"""node_info and swarm_info on a scratch swarm, and swarm_info on an engine outside any swarm."""

import json
import subprocess
import time

import pytest

from conftest import BUSYBOX, run_module
from scratch_daemon import run_playbook
from swarm_scratch import QUICK_STOP, bare_daemon, swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')

# The swarm fixtures skip on engines without swarm mode; the shared daemon is never in a swarm.


def test_swarm_info_on_the_shared_daemon_outside_a_swarm():
    plain = run_module('swarm_info', check=True)
    assert plain['can_talk_to_docker'] and not plain['docker_swarm_active'] and not plain['docker_swarm_manager']
    assert plain['swarm'] == {} and plain['locked'] is False
    refused = run_module('swarm_info', expect_fail=True, tasks=True)
    assert refused['msg'].startswith('tasks: needs a swarm manager; this engine is not in a swarm')


@pytest.fixture(scope='module')
def two_task_service(swarm_manager, prefix):
    name = prefix + 'info-svc'
    swarm_manager.cli('service', 'create', '--detach', '--name', name, '--replicas', '2', '--label', 'tier=web',
                      '--stop-grace-period', '1s', BUSYBOX, 'sh', '-c', QUICK_STOP)
    for _attempt in range(60):
        states = swarm_manager.cli('service', 'ps', name, '--format', '{{.CurrentState}}')[1].split('\n')
        if len(states) == 2 and all(state.startswith('Running') for state in states):
            break
        time.sleep(1)
    yield name
    swarm_manager.cli('service', 'rm', name, check=False)


def test_node_info_reports_the_one_node_and_its_tasks(swarm_manager, two_task_service):
    hostname = swarm_manager.hostname()
    expected = json.loads(swarm_manager.cli('node', 'inspect', 'self')[1])[0]
    everything = run_module('node_info', **swarm_manager.args())
    assert everything['changed'] is False and everything['exists'] and everything['missing'] == []
    assert [node['hostname'] for node in everything['nodes']] == [hostname]
    node = everything['nodes'][0]
    assert node['id'] == expected['ID'] and node['role'] == 'manager' and node['availability'] == 'active'
    assert node['status']['state'] == 'ready' and node['ready'] is True
    assert node['engine_version'] == expected['Description']['Engine']['EngineVersion']
    assert node['resources'] == {'nano_cpus': expected['Description']['Resources']['NanoCPUs'],
                                 'memory_bytes': expected['Description']['Resources']['MemoryBytes']}
    assert node['manager_status']['leader'] is True and node['manager_status']['reachability'] == 'reachable'
    assert node['task_states'].get('running') == 2 and node['tasks_running'] == 2
    assert 'tasks' not in node

    one = run_module('node_info', check=True, **swarm_manager.args(name=hostname, tasks=True))
    assert one['node']['id'] == expected['ID'] and one['nodes'] == [one['node']]
    tasks = one['node']['tasks']
    assert sorted(task['name'].split('.')[0] for task in tasks) == [two_task_service] * 2
    assert all(task['state'] == 'running' and task['node'] == hostname for task in tasks)
    by_id = run_module('node_info', **swarm_manager.args(nodes=[expected['ID'][:12]]))
    assert [item['id'] for item in by_id['nodes']] == [expected['ID']]


def test_node_info_names_what_is_missing_and_filters(swarm_manager):
    missing = run_module('node_info', **swarm_manager.args(name='no-such-node'))
    assert missing['exists'] is False and missing['missing'] == ['no-such-node'] and missing['node'] == {}
    workers = run_module('node_info', **swarm_manager.args(filters={'role': 'worker'}))
    assert workers['nodes'] == [] and workers['exists'] is False
    managers = run_module('node_info', **swarm_manager.args(filters={'role': 'manager'}))
    assert len(managers['nodes']) == 1
    bad = run_module('node_info', expect_fail=True, **swarm_manager.args(filters={'colour': 'blue'}))
    assert bad['msg'].startswith('filters: invalid value') and 'accepted filters are id, label' in bad['msg']


def test_swarm_info_on_the_manager(swarm_manager, two_task_service):
    expected = swarm_manager.cli('swarm', 'join-token', 'worker', '-q')[1]
    plain = run_module('swarm_info', **swarm_manager.args())
    assert plain['changed'] is False and plain['can_talk_to_docker'] is True
    assert plain['docker_swarm_active'] is True and plain['docker_swarm_manager'] is True and plain['locked'] is False
    assert plain['swarm']['ID'] and 'JoinTokens' not in plain['swarm']
    assert 'SWMTKN' not in json.dumps(plain)
    for key in ('join_tokens', 'unlock_key', 'nodes', 'services', 'tasks'):
        assert key not in plain

    asked = dict(join_tokens=True, unlock_key=True, nodes=True, services=True, tasks=True,
                 tasks_filters={'service': two_task_service})
    full = run_module('swarm_info', **swarm_manager.args(**asked))
    assert full['join_tokens']['worker'] == expected and full['join_tokens']['manager'].startswith('SWMTKN-1-')
    assert full['unlock_key'] == ''  # autolock is off
    assert [node['hostname'] for node in full['nodes']] == [swarm_manager.hostname()]
    # The node_info report form, inspect included (as documented).
    assert full['nodes'][0]['inspect']['ID'] == full['nodes'][0]['id']
    assert full['nodes'][0]['inspect']['Description']['Hostname'] == swarm_manager.hostname()
    service = [item for item in full['services'] if item['name'] == two_task_service][0]
    assert service['mode'] == 'Replicated' and service['replicas'] == 2 and service['labels'] == {'tier': 'web'}
    assert len(full['tasks']) == 2 and all(task['state'] == 'running' for task in full['tasks'])

    filtered = run_module('swarm_info', **swarm_manager.args(services=True, services_filters={'label': 'tier=none'}))
    assert filtered['services'] == []
    refused = run_module('swarm_info', expect_fail=True, **swarm_manager.args(tasks_filters={'service': 'x'}))
    assert refused['msg'] == "tasks_filters: invalid value {'service': 'x'}; it filters the tasks list; set tasks: true"


def test_swarm_info_outside_a_swarm_is_an_answer(bare_daemon):
    plain = run_module('swarm_info', **bare_daemon.args())
    assert plain['docker_swarm_active'] is False and plain['docker_swarm_manager'] is False
    assert plain['can_talk_to_docker'] is True and plain['swarm'] == {} and plain['local_node_state'] == 'inactive'
    asked = run_module('swarm_info', expect_fail=True, **bare_daemon.args(nodes=True, join_tokens=True))
    assert asked['msg'] == 'join_tokens, nodes: needs a swarm manager; this engine is not in a swarm (inactive)'
    assert asked['docker_swarm_active'] is False and asked['can_talk_to_docker'] is True
    nodes = run_module('node_info', expect_fail=True, **bare_daemon.args())
    assert nodes['msg'] == 'reading nodes needs a swarm manager; this engine is not in a swarm (inactive)'


def test_swarm_info_without_a_daemon(tmp_path):
    failed = run_module('swarm_info', expect_fail=True, docker_host='unix://%s' % (tmp_path / 'missing.sock'))
    assert failed['can_talk_to_docker'] is False and failed['docker_swarm_active'] is False
    assert failed['msg'].startswith('Cannot connect to the Docker daemon')


def test_swarm_info_on_a_worker(swarm_manager, bare_daemon):
    token = swarm_manager.cli('swarm', 'join-token', 'worker', '-q')[1]
    bare_daemon.cli('swarm', 'join', '--token', token, '--advertise-addr', '127.0.0.1', '--listen-addr',
                    bare_daemon.listen_addr, swarm_manager.listen_addr)
    node_id = bare_daemon.cli('info', '--format', '{{.Swarm.NodeID}}')[1]
    try:
        worker = run_module('swarm_info', **bare_daemon.args())
        assert worker['node_id'] == node_id
        assert worker['docker_swarm_active'] is True and worker['docker_swarm_manager'] is False
        assert worker['swarm'] == {} and worker['node_id']
        refused = run_module('swarm_info', expect_fail=True, **bare_daemon.args(services=True))
        assert refused['msg'] == 'services: needs a swarm manager; this engine is a worker'
        nodes = run_module('node_info', **swarm_manager.args(name=worker['node_id']))
        assert nodes['node']['role'] == 'worker' and nodes['node']['manager_status'] is None
    finally:
        bare_daemon.cli('swarm', 'leave', '--force', check=False)
        swarm_manager.cli('node', 'rm', '--force', node_id, check=False)


@pytest.mark.parametrize('verbosity', ['3'])
def test_join_tokens_are_hidden_at_vvv_but_registered(swarm_manager, tmp_path, monkeypatch, verbosity):
    monkeypatch.setenv('ANSIBLE_VERBOSITY', verbosity)
    token = swarm_manager.cli('swarm', 'join-token', 'worker', '-q')[1]
    tasks = [
        {'dockyard.docker.swarm_info': {'docker_host': swarm_manager.host, 'join_tokens': True, 'unlock_key': True},
         'register': 'cluster'},
        {'ansible.builtin.assert': {'that': ["cluster.join_tokens.worker is match('SWMTKN-1-')",
                                             'cluster.docker_swarm_manager']}},
        {'dockyard.docker.swarm_info': {'docker_host': swarm_manager.host}, 'register': 'plain'},
    ]
    rc, output = run_playbook(tmp_path, tasks)
    assert rc == 0, output
    assert token not in output and 'SWMTKN' not in output
    assert "the output has been hidden due to the fact that 'no_log: true'" in output
    assert '"docker_swarm_manager": true' in output  # the plain read is shown


def test_unlock_key_and_a_locked_manager(bare_daemon):
    daemon = bare_daemon
    daemon.init_swarm()
    daemon.cli('swarm', 'update', '--autolock=true')
    key = daemon.cli('swarm', 'unlock-key', '-q')[1]
    read = run_module('swarm_info', **daemon.args(unlock_key=True))
    assert read['unlock_key'] == key and key.startswith('SWMKEY-1-')
    daemon.stop()
    daemon.start()
    locked = run_module('swarm_info', **daemon.args())
    assert locked['locked'] is True and locked['local_node_state'] == 'locked'
    assert locked['docker_swarm_active'] is True and locked['docker_swarm_manager'] is False and locked['swarm'] == {}
    refused = run_module('swarm_info', expect_fail=True, **daemon.args(unlock_key=True))
    assert refused['msg'] == 'unlock_key: needs a swarm manager; this engine is locked (unlock it first)'
    proc = subprocess.run(['docker', '-H', daemon.host, 'swarm', 'unlock'], input=(key + '\n').encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    unlocked = run_module('swarm_info', **daemon.args())
    assert unlocked['locked'] is False and unlocked['docker_swarm_manager'] is True
