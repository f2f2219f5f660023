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
