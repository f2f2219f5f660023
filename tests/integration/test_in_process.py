"""A task on a local connection whose Python is the controller's runs the module in Ansible's worker
(plugins/plugin_utils/in_process.py). The same playbook run both ways against the real daemon gives
the same results: check mode, diff, an identical rerun, a refused option, the task's environment
(applied to its task only), a loop; and only the module-process run leaves module files behind."""

import json
import os

import pytest

from conftest import docker_inspect, run_module
from scratch_daemon import run_playbook

# Where the module runs is a matter of the controller, the same whatever the engine.
pytestmark = pytest.mark.needs('managed-host-only')


REGISTERED = ('check', 'after_check', 'create', 'rerun', 'refused', 'elsewhere', 'here', 'networks', 'remove')
RESULTS = '{{ {%s} | to_json }}' % ', '.join('"%s": %s' % (key, key) for key in REGISTERED)
OURS = {'AnsiballZ_container.py', 'AnsiballZ_container_info.py', 'AnsiballZ_network.py'}


def _tasks(name, busybox, results):
    container = {'name': name, 'image': busybox, 'command': 'sleep 600', 'stop_timeout': 1, 'env': {'A': '1'}}
    return [
        {'name': 'check', 'dockyard.docker.container': container, 'check_mode': True, 'register': 'check'},
        {'name': 'absent after check', 'dockyard.docker.container_info': {'name': name}, 'register': 'after_check'},
        {'name': 'create', 'dockyard.docker.container': container, 'diff': True, 'register': 'create'},
        {'name': 'rerun', 'dockyard.docker.container': container, 'register': 'rerun'},
        {'name': 'refused', 'dockyard.docker.container': dict(container, restart_policy='sometimes'),
         'register': 'refused', 'ignore_errors': True},
        {'name': 'elsewhere', 'dockyard.docker.container_info': {'name': name}, 'register': 'elsewhere',
         'environment': {'DOCKER_HOST': 'unix:///nonexistent/docker.sock'}, 'ignore_errors': True},
        {'name': 'here again', 'dockyard.docker.container_info': {'name': name}, 'register': 'here'},
        {'name': 'networks', 'dockyard.docker.network': {'name': name + '-{{ item }}'}, 'loop': [1, 2],
         'register': 'networks'},
        {'name': 'networks gone', 'dockyard.docker.network': {'name': name + '-{{ item }}', 'state': 'absent'},
         'loop': [1, 2]},
        {'name': 'remove', 'dockyard.docker.container': {'name': name, 'state': 'absent'}, 'register': 'remove'},
        {'name': 'write', 'ansible.builtin.copy': {'dest': str(results), 'content': RESULTS}},
    ]


def _run(tmp_path, name, busybox, in_process):
    folder = tmp_path / ('in-process' if in_process else 'process')
    folder.mkdir()
    results = folder / 'results.json'
    remote_tmp = folder / 'remote-tmp'
    rc, output = run_playbook(folder, _tasks(name, busybox, results), extra_vars={
        'dockyard_docker_in_process': in_process}, env={
        'ANSIBLE_KEEP_REMOTE_FILES': '1', 'ANSIBLE_REMOTE_TMP': str(remote_tmp)})
    assert rc == 0, output
    # The copy task that writes the results is ansible's own module: only ours count.
    module_files = sorted(entry for _dir, _dirs, files in os.walk(str(remote_tmp)) for entry in files
                          if entry in OURS)
    return json.loads(results.read_text()), module_files


def _outcome(result):
    """What must agree between the two ways of running (ids and timings differ)."""
    keys = ('changed', 'failed', 'actions', 'msg', 'diff')
    return dict((key, result.get(key)) for key in keys if key in result)


def test_in_process_and_module_process_give_the_same_results(tmp_path, name, busybox):
    try:
        inside, inside_files = _run(tmp_path, name, busybox, True)
        outside, outside_files = _run(tmp_path, name, busybox, False)
    finally:
        run_module('container', name=name, state='absent', force_kill=True)
    assert inside_files == [] and set(outside_files) == OURS, (inside_files, outside_files)
    for result in (inside, outside):
        assert result['check']['changed'] and not result['after_check']['exists']
        assert result['create']['changed'] and result['create']['diff']['after']
        assert not result['rerun']['changed']
        assert result['refused']['failed'] and 'restart_policy' in result['refused']['msg']
        assert result['elsewhere']['failed'] and '/nonexistent/docker.sock' in result['elsewhere']['msg']
        assert result['here']['exists'], 'the previous task\'s environment must not stay'
        assert [item['changed'] for item in result['networks']['results']] == [True, True]
        assert result['remove']['changed']
    for key in inside:
        if key == 'networks':
            assert [_outcome(item) for item in inside[key]['results']] == \
                [_outcome(item) for item in outside[key]['results']]
        else:
            assert _outcome(inside[key]) == _outcome(outside[key]), key
    assert docker_inspect('container', name) is None


def _unsafe_label_tasks(name, results):
    return [
        {'name': 'read', 'dockyard.docker.container_info': {'name': name}, 'register': 'info'},
        {'name': 'exec', 'dockyard.docker.container_exec': {'container': name, 'argv': ['cat', '/note']},
         'register': 'run'},
        {'name': 'print', 'ansible.builtin.debug': {'msg': "{{ info.container.Config.Labels.note }} {{ run.stdout }}"}},
        {'name': 'use', 'ansible.builtin.set_fact': {'copied': "{{ info.container.Config.Labels.note }}"}},
        {'name': 'again', 'ansible.builtin.debug': {'msg': "{{ copied }} {{ run.stdout_lines[0] }}"}},
        {'name': 'write', 'ansible.builtin.copy': {'dest': str(results), 'content': '{{ run | to_json }}'}},
    ]


@pytest.mark.parametrize('ansible_core', [None, '2.16'], ids=['this-ansible-core', 'ansible-core-2.16'])
def test_in_process_results_are_unsafe_and_carry_output_lines(tmp_path, name, busybox, ansible_core):
    """A module process's result is marked unsafe by ansible-core (before 2.19: wrap_var; 2.19+ trusts
    no data from a module) and gets stdout_lines / stderr_lines; the in-process result must too, or a
    container's label (or output) would run code on the controller."""
    marker = tmp_path / 'marker'
    lookup = "{{ lookup('pipe', 'touch %s') }}" % marker
    results = tmp_path / 'run.json'
    remote = tmp_path / 'remote'
    # Made outside the playbook: a template in the play itself is the author's and is run.
    run_module('container', name=name, image=busybox, labels={'note': lookup}, stop_timeout=1,
               command=['sh', '-c', 'printf "%s\\n" "$NOTE" >/note; exec sleep 600'], options={'env': {'NOTE': lookup}})
    try:
        rc, output = run_playbook(tmp_path, _unsafe_label_tasks(name, results), ansible_core=ansible_core,
                                  env={'ANSIBLE_KEEP_REMOTE_FILES': '1', 'ANSIBLE_REMOTE_TMP': str(remote)})
    finally:
        run_module('container', name=name, state='absent', force_kill=True)
    assert rc == 0, output
    assert not marker.exists(), 'a value from the daemon was templated on the controller'
    assert output.count("lookup('pipe', 'touch") >= 4, output
    ours = [entry for _dir, _dirs, files in os.walk(str(remote)) for entry in files if entry in OURS | {'AnsiballZ_container_exec.py'}]
    assert ours == [], 'the tasks must have run in process'
    run = json.loads(results.read_text())
    assert run['stdout_lines'] == [lookup] and run['stderr_lines'] == []
