"""Pure helpers of the swarm and service modules: addresses, ports, convergence, log lines."""

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_info import parse_log_line
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import normalize_ports, parse_published_port
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_tasks import (
    convergence_problem,
    failure_summary,
    global_task_floor,
    is_stale,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.process import argv
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_spec import parse_network
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.cluster import _with_port, setting_differences


@pytest.mark.parametrize('given_addr, expected', [
    ('10.0.0.1', '10.0.0.1:2377'), ('10.0.0.1:4000', '10.0.0.1:4000'), ('fd00::1', '[fd00::1]:2377'),
    ('[fd00::1]:4000', '[fd00::1]:4000'), ('manager1', 'manager1:2377'),
])
def test_manager_addresses_get_the_swarm_port(given_addr, expected):
    assert _with_port(given_addr) == expected


def test_settings_compare_only_what_is_given_and_zero_equals_missing():
    spec = {'Orchestration': {'TaskHistoryRetentionLimit': 5}, 'Labels': {}}
    assert setting_differences(spec, {'Labels': {}}) == []
    assert setting_differences(spec, {'Raft.KeepOldSnapshots': 0}) == []
    assert setting_differences(spec, {'Orchestration.TaskHistoryRetentionLimit': 3}) == [
        ('Orchestration.TaskHistoryRetentionLimit', 5, 3)]


@given(st.integers(1, 65535), st.integers(0, 65535), st.sampled_from(['tcp', 'udp', 'sctp']))
def test_port_strings_and_dicts_agree(target, published, protocol):
    text = parse_published_port('published_ports',
                                '%s:%s/%s' % (published, target, protocol) if published else '%s/%s' % (target, protocol))
    mapping = parse_published_port('published_ports', {'target_port': target, 'published_port': published, 'protocol': protocol})
    assert normalize_ports(text) == normalize_ports(mapping)


@pytest.mark.parametrize('bad, option', [
    ('http', 'published_ports'), ('80:http', 'published_ports'), ('0', 'published_ports'), ('70000', 'published_ports'),
    ({'published_port': 80}, 'published_ports.target_port'), ({'target_port': 80, 'x': 1}, 'published_ports.x'),
    ({'target_port': 80, 'mode': 'mesh'}, 'published_ports.mode'), ({'target_port': True}, 'published_ports.target_port'),
    ({'target_port': '\u0668\u0660'}, 'published_ports.target_port'),  # int() read Arabic-Indic digits as 80
    ('127.0.0.1:8080:80', 'published_ports'), ('8000-8005:80', 'published_ports'),
    ({'target_port': 80, 'published_port': '8000-8005'}, 'published_ports.published_port'),
])
def test_bad_ports_name_the_option(bad, option):
    with pytest.raises(SpecError) as error:
        parse_published_port('published_ports', bad)
    assert str(error.value).startswith('%s: invalid value' % option)


def _task(state='running', desired='running', spec=None, err=None):
    return {'DesiredState': desired, 'Spec': spec or {'ContainerSpec': {'Image': 'a'}},
            'Status': {'State': state, 'Err': err, 'Timestamp': '2026-01-01T00:00:00Z'}}


SERVICE = {'Spec': {'TaskTemplate': {'ContainerSpec': {'Image': 'a'}, 'Runtime': 'container'}},
           'ServiceStatus': {'DesiredTasks': 2}}


def test_converged_when_every_wanted_task_runs_the_current_template():
    assert convergence_problem(SERVICE, [_task(), _task(), _task('shutdown', 'shutdown')]) is None
    assert convergence_problem(SERVICE, [_task(), _task('pending', err='no suitable node')]) == \
        '1 of 2 tasks running; last task error: no suitable node'
    stale = _task(spec={'ContainerSpec': {'Image': 'old'}})
    assert is_stale(stale, SERVICE['Spec']['TaskTemplate'])
    assert convergence_problem(SERVICE, [_task(), stale]).startswith('1 of 2 tasks running')
    paused = dict(SERVICE, UpdateStatus={'State': 'paused', 'StartedAt': 't1', 'Message': 'update paused due to failure'})
    assert convergence_problem(paused, [_task(), _task()]) == 'update paused: update paused due to failure'
    assert convergence_problem(paused, [_task(), _task()], since='t1') is None  # an earlier rollout's end


def _node(state='ready', availability='active'):
    return {'ID': state + availability, 'Status': {'State': state}, 'Spec': {'Availability': availability}}


GLOBAL = {'Spec': {'Mode': {'Global': {}}, 'TaskTemplate': {'ContainerSpec': {'Image': 'a'}}},
          'ServiceStatus': {'DesiredTasks': 0}}


def test_a_global_service_just_created_waits_for_its_tasks():
    """The swarm counts a global service's DesiredTasks from the tasks it has: 0 until the
    orchestrator made them, which read as converged with no task (a fresh-clone run's
    test_mode_change_recreates_and_global_runs_one_per_node returned tasks == [])."""
    nodes = [_node(), _node('down'), _node(availability='drain'), _node(availability='pause')]
    floor = global_task_floor(GLOBAL, nodes)
    assert floor == 1
    assert convergence_problem(GLOBAL, [], floor=floor) == '0 of 1 tasks running'
    made = dict(GLOBAL, ServiceStatus={'DesiredTasks': 1})
    assert convergence_problem(made, [_task('pending')], floor=floor) == '0 of 1 tasks running'
    assert convergence_problem(made, [_task()], floor=floor) is None


def test_a_global_service_placed_by_constraints_has_no_floor():
    """Which nodes a constraint admits is the swarm's to decide: no task may be the right answer."""
    placed = {'Spec': dict(GLOBAL['Spec'], TaskTemplate={'Placement': {'Constraints': ['node.role==worker']}}),
              'ServiceStatus': {'DesiredTasks': 0}}
    assert global_task_floor(placed, [_node()]) == 0
    assert convergence_problem(placed, [], floor=0) is None
    assert global_task_floor(SERVICE, [_node()]) == 0  # replicated: the swarm's count is exact


def test_log_lines_name_node_and_task():
    line = ('2026-11-27T19:59:26.659776763Z com.docker.swarm.node.id=N1,com.docker.swarm.service.id=S1,'
            'com.docker.swarm.task.id=T1 hello world')
    assert parse_log_line(line, {'N1': 'worker1'}, True) == {
        'node': 'worker1', 'task_id': 'T1', 'line': 'hello world', 'timestamp': '2026-11-27T19:59:26.659776763Z'}
    assert 'timestamp' not in parse_log_line(line, {}, False)


def _job(mode, iteration, *states):
    service = {'Spec': {'Mode': mode}, 'JobStatus': {'JobIteration': {'Index': iteration} if iteration else {}}}
    tasks = [{'ID': str(i), 'DesiredState': 'complete', 'JobIteration': {'Index': iteration} if iteration else {},
              'Status': {'State': state}} for i, state in enumerate(states)]
    return service, tasks


def test_a_job_converges_once_its_current_run_completed():
    service, tasks = _job({'ReplicatedJob': {'TotalCompletions': 2}}, 0, 'complete', 'running')
    assert convergence_problem(service, tasks) == '1 of 2 job tasks completed'
    assert convergence_problem(*_job({'ReplicatedJob': {'TotalCompletions': 2}}, 0, 'complete', 'complete')) is None
    later, tasks = _job({'ReplicatedJob': {'TotalCompletions': 1}}, 1, 'running')
    old_run = {'ID': 'x', 'DesiredState': 'complete', 'Status': {'State': 'complete'}}
    assert convergence_problem(later, tasks + [old_run]) == '0 of 1 job tasks completed'
    assert convergence_problem(*_job({'GlobalJob': {}}, 0)) == '0 of ? job tasks completed'
    assert convergence_problem(*_job({'GlobalJob': {}}, 0, 'complete')) is None


def test_failed_tasks_are_those_after_the_rollout_started_or_named_in_its_message():
    def task(ident, state, stamp, err=None):
        return {'ID': ident, 'NodeID': 'N1', 'Status': {'State': state, 'Timestamp': stamp, 'Err': err,
                                                        'Message': 'finished', 'ContainerStatus': {'ExitCode': 0}}}
    tasks = [task('old', 'failed', '2026-01-01T00:00:01Z', 'boom'), task('new', 'failed', '2026-01-01T00:00:02.5Z', 'bad'),
             task('early', 'complete', '2026-01-01T00:00:03.25Z'), task('job', 'complete', '2026-01-01T00:00:04Z')]
    tasks[-1]['DesiredState'] = 'complete'  # a job's task that did its work
    since = '2026-01-01T00:00:02.123456789Z'
    assert failure_summary(tasks, {'N1': 'worker1'}, since) == \
        'task early on worker1: complete (finished, exit code 0); task new on worker1: bad'


@pytest.mark.parametrize('entry', [
    {'name': 'web', 'aliases': [1]},
    {'name': 'web', 'aliases': [True]},
    {'name': 'web', 'aliases': [{'a': 'b'}]},
    {'name': 'web', 'aliases': [None]},
    {'name': 'web', 'aliases': ['']},
    {'name': 7},
])
def test_network_entries_with_non_string_names_are_refused(entry):
    with pytest.raises(SpecError) as raised:
        parse_network(entry)
    assert str(raised.value).startswith('networks')


def test_network_entries_keep_string_aliases():
    assert parse_network({'name': 'web', 'aliases': ['b', 'a']}) == {'name': 'web', 'aliases': ['a', 'b']}


@pytest.mark.parametrize('value', [True, False, {'a': 'b'}, ['sh', True], ['sh', {'a': 1}], ['sh', ['x']], ['sh', None]])
def test_commands_refuse_what_is_no_word(value):
    with pytest.raises(SpecError) as raised:
        argv('entrypoint', value)
    assert str(raised.value).startswith('entrypoint: ')


def test_commands_take_strings_lists_and_numbers_as_words():
    assert argv('command', ['sleep', 10]) == ['sleep', '10']
    assert argv('command', 'sleep 10') == ['sleep', '10']
    assert argv('command', None) is None
