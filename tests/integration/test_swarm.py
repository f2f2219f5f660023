"""swarm and node modules against scratch dockerds: init, settings, join, node changes, leave.

Two scratch daemons on this machine form a two-node swarm over 127.0.0.1; they share the
hostname, so nodes are named by ID here.
"""

import json

import pytest

from conftest import run_module
from scratch_daemon import run_playbook
from swarm_scratch import bare_daemon, start_daemon, stop_daemon, swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')


def init_args(daemon, **options):
    return daemon.args(advertise_addr='127.0.0.1', listen_addr=daemon.listen_addr, **options)


def test_init_check_real_rerun(bare_daemon):
    daemon = bare_daemon
    checked = run_module('swarm', check=True, diff=True, **init_args(daemon))
    assert checked['changed'] and checked['actions'] == ['initialise a swarm on this engine']
    assert checked['diff'] == {'before': {'state': 'inactive'}, 'after': {'state': 'member'}}
    assert daemon.swarm_state() == 'inactive'

    created = run_module('swarm', diff=True, **init_args(daemon))
    assert created['changed'] and created['is_manager']
    assert daemon.swarm_state() == 'active'
    assert created['join_tokens']['worker'].startswith('SWMTKN-1-')
    assert 'JoinTokens' not in created['swarm']
    assert created['node_id'] == daemon.cli('info', '--format', '{{.Swarm.NodeID}}')[1]
    assert created['node_addr'] == '127.0.0.1' and created['remote_managers'] == [daemon.listen_addr]

    again = run_module('swarm', diff=True, **init_args(daemon))
    assert not again['changed'] and again['actions'] == []
    assert again['join_tokens'] == created['join_tokens']


def test_cluster_settings_check_real_rerun(swarm_manager):
    options = swarm_manager.args(task_history_retention_limit=3, dispatcher_heartbeat_period='7s',
                                 labels={'env': 'test'})
    checked = run_module('swarm', check=True, diff=True, **options)
    assert checked['changed']
    assert checked['diff']['after']['Orchestration.TaskHistoryRetentionLimit'] == 3
    assert checked['diff']['before']['Orchestration.TaskHistoryRetentionLimit'] == 5
    assert swarm_manager.cli('info', '--format', '{{.Swarm.Cluster.Spec.Orchestration.TaskHistoryRetentionLimit}}')[1] == '5'

    updated = run_module('swarm', **options)
    assert updated['changed']
    spec = updated['swarm']['Spec']
    assert spec['Orchestration']['TaskHistoryRetentionLimit'] == 3
    assert spec['Dispatcher']['HeartbeatPeriod'] == 7 * 10 ** 9
    assert spec['Labels'] == {'env': 'test'}

    assert not run_module('swarm', **options)['changed']


def test_token_rotation_always_changes(swarm_manager):
    before = run_module('swarm', **swarm_manager.args())['join_tokens']
    rotated = run_module('swarm', **swarm_manager.args(rotate_worker_token=True))
    assert rotated['changed']
    assert rotated['join_tokens']['worker'] != before['worker']
    assert rotated['join_tokens']['manager'] == before['manager']


@pytest.mark.parametrize('options, message', [
    (dict(state='join', join_token='SWMTKN-1-x'), 'remote_addrs: invalid value None; state=join needs'),
    (dict(state='join', remote_addrs=['127.0.0.1']), 'join_token: invalid value None; state=join needs'),
    (dict(state='absent', task_history_retention_limit=2), 'task_history_retention_limit: invalid value 2; cluster'),
    (dict(join_token='SWMTKN-1-x'), "join_token: invalid value '...'; it is only used with state=join"),
    (dict(dispatcher_heartbeat_period='often'), "dispatcher_heartbeat_period: invalid value 'often'; give a duration"),
    (dict(default_addr_pool=['10.300.0.0/16']), "default_addr_pool: invalid value '10.300.0.0/16'"),
    (dict(subnet_size=8), 'subnet_size: invalid value 8; give a prefix length from 16 to 29'),
])
def test_bad_input_fails_before_touching_the_daemon(options, message):
    # No daemon at all: validation must come first.
    result = run_module('swarm', expect_fail=True, docker_host='unix:///nonexistent.sock', **options)
    assert result['msg'].startswith(message), result['msg']
    assert '\n' not in result['msg']


def test_node_module_needs_a_manager(bare_daemon):
    result = run_module('node', expect_fail=True, **bare_daemon.args(hostname='x', availability='drain'))
    assert result['msg'] == 'managing nodes needs a swarm manager; this engine is not in a swarm (inactive)'


def test_join_node_changes_and_leave(swarm_manager):
    manager = swarm_manager
    tokens = run_module('swarm', **manager.args())['join_tokens']
    worker = start_daemon()
    try:
        join = worker.args(state='join', remote_addrs=[manager.listen_addr], join_token=tokens['worker'],
                           advertise_addr='127.0.0.1', listen_addr=worker.listen_addr)
        checked = run_module('swarm', check=True, **join)
        assert checked['changed'] and checked['actions'] == ['join the swarm at %s' % manager.listen_addr]
        assert worker.swarm_state() == 'inactive'
        joined = run_module('swarm', **join)
        assert joined['changed'] and joined['local_node_state'] == 'active' and not joined['is_manager']
        assert 'join_tokens' not in joined
        assert not run_module('swarm', **join)['changed']
        node_id = joined['node_id']

        _node_changes(manager, node_id)

        other = dict(join, remote_addrs=['127.0.0.1:1'])
        refused = run_module('swarm', expect_fail=True, **other)
        assert 'already belongs to a swarm managed at %s' % manager.listen_addr in refused['msg']

        leave = worker.args(state='absent')
        assert run_module('swarm', check=True, **leave)['changed']
        assert worker.swarm_state() == 'active'
        left = run_module('swarm', **leave)
        assert left['changed'] and left['local_node_state'] == 'inactive'
        assert not run_module('swarm', **leave)['changed']
    finally:
        stop_daemon(worker)


def _node_changes(manager, node_id):
    """availability, labels and role of the worker, each check / real / rerun."""
    drain = manager.args(hostname=node_id, availability='drain', labels={'zone': 'b', 'disk': 'ssd'})
    checked = run_module('node', check=True, diff=True, **drain)
    assert checked['changed']
    assert checked['diff']['after']['availability'] == 'drain'
    assert checked['diff']['after']['labels'] == {'zone': 'b', 'disk': 'ssd'}
    assert _node_spec(manager, node_id)['Availability'] == 'active'
    changed = run_module('node', **drain)
    assert changed['changed'] and changed['node']['Spec']['Availability'] == 'drain'
    assert not run_module('node', **drain)['changed']

    trimmed = run_module('node', **manager.args(hostname=node_id, labels_to_remove=['disk']))
    assert trimmed['changed'] and _node_spec(manager, node_id)['Labels'] == {'zone': 'b'}
    # A key both removed and set: removed, then set (community.docker's docker_node does the same).
    both = manager.args(hostname=node_id, labels={'zone': 'c'}, labels_to_remove=['zone'])
    assert run_module('node', **both)['changed'] and _node_spec(manager, node_id)['Labels'] == {'zone': 'c'}
    assert not run_module('node', **both)['changed']
    replaced = run_module('node', **manager.args(hostname=node_id, labels={'rack': '1'}, labels_state='replace'))
    assert replaced['changed'] and _node_spec(manager, node_id)['Labels'] == {'rack': '1'}

    promote = manager.args(hostname=node_id, role='manager', availability='active')
    assert run_module('node', check=True, **promote)['changed']
    assert _node_spec(manager, node_id)['Role'] == 'worker'
    assert run_module('node', **promote)['changed']
    assert _node_spec(manager, node_id)['Role'] == 'manager'
    assert not run_module('node', **promote)['changed']
    demoted = run_module('node', **manager.args(hostname=node_id, role='worker'))
    assert demoted['changed'] and _node_spec(manager, node_id)['Role'] == 'worker'


def _node_spec(daemon, node_id):
    return json.loads(daemon.cli('node', 'inspect', node_id, '--format', '{{json .Spec}}')[1])


def test_unknown_node_is_named(swarm_manager):
    result = run_module('node', expect_fail=True, **swarm_manager.args(hostname='no-such-node', role='worker'))
    assert result['msg'].startswith("hostname: node 'no-such-node' is not in the swarm (nodes: ")


def test_tokens_are_hidden_in_the_output_but_registered(swarm_manager, tmp_path, monkeypatch):
    monkeypatch.setenv('ANSIBLE_VERBOSITY', '1')  # -v would print the whole result
    tasks = [
        {'dockyard.docker.swarm': {'docker_host': swarm_manager.host}, 'register': 'joined'},
        {'ansible.builtin.assert': {'that': ["joined.join_tokens.worker is match('SWMTKN-1-')"]}},
    ]
    rc, output = run_playbook(tmp_path, tasks)
    assert rc == 0, output
    assert 'SWMTKN' not in output
    assert "the output has been hidden due to the fact that 'no_log: true'" in output


def test_last_manager_leaves_only_with_force(bare_daemon):
    daemon = bare_daemon
    daemon.init_swarm()
    refused = run_module('swarm', expect_fail=True, **daemon.args(state='absent'))
    assert refused['msg'].startswith('Failed to leave the swarm: ')
    assert daemon.swarm_state() == 'active'
    leave = daemon.args(state='absent', force=True)
    assert run_module('swarm', check=True, **leave)['changed']
    assert daemon.swarm_state() == 'active'
    assert run_module('swarm', **leave)['changed']
    assert daemon.swarm_state() == 'inactive'
    assert not run_module('swarm', **leave)['changed']


@pytest.mark.parametrize('pools', [None, ['10.123.0.0/16']], ids=['default-pool', 'own-pool'])
def test_subnet_size_is_applied_with_or_without_a_pool(bare_daemon, pools):
    """The engine ignores SubnetSize when no DefaultAddrPool is sent; `docker swarm init
    --default-addr-pool-mask-length 26` sends an empty pool list, and so must the module. The
    module reads the swarm back after the init: a setting not applied fails the task."""
    created = run_module('swarm', **init_args(bare_daemon, subnet_size=26, default_addr_pool=pools))
    assert created['changed']
    assert created['swarm']['SubnetSize'] == 26
    if pools:
        assert created['swarm']['DefaultAddrPool'] == pools
    assert bare_daemon.cli('info', '--format', '{{.Swarm.Cluster.SubnetSize}}')[1] == '26'
