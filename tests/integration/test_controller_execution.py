"""Controller execution: a task on a host reached with Ansible's ssh connection that only talks to the
Engine API runs in Ansible's worker on the controller and reaches the host's daemon through a relay
started over that connection; the rest stay module processes on the host. The same play runs both
ways (dockyard_docker_execution auto and host) against a real sshd on 127.0.0.1 whose host is this
machine, and must give the same results; the host's Python is a wrapper that logs each start, so the
test sees which tasks ran there.
"""

import json
import subprocess

import pytest

from conftest import docker_inspect, remove_containers
from scratch_daemon import run_playbook
from ssh_server import inventory_line, ssh_host  # noqa: F401 pylint: disable=unused-import
from test_in_process_parity import COMPARED

# Where the module runs is a matter of the controller, the same whatever the engine.
pytestmark = pytest.mark.needs('managed-host-only')


@pytest.fixture
def target(ssh_host, tmp_path):  # pylint: disable=redefined-outer-name
    """The inventory line of the sshd host, and the log of its Python's starts ('module' for a module
    process, '-c' for a relay)."""
    log = tmp_path / 'python-starts.log'
    wrapper = tmp_path / 'python3'
    wrapper.write_text('#!/bin/sh\nprintf "%%s\\n" "${1:-module}" >> %s\nexec /usr/bin/python3 "$@"\n' % log)
    wrapper.chmod(0o755)
    return {'line': inventory_line(ssh_host, wrapper), 'log': log}


def _play(target, tmp_path, tasks, execution, folder):  # pylint: disable=redefined-outer-name
    results = tmp_path / (folder + '.json')
    registered = [task['register'] for task in tasks]
    # The host is this machine: the results are written there, by a Python the log does not count.
    write = {'name': 'write', 'vars': {'ansible_python_interpreter': '/usr/bin/python3'}, 'ansible.builtin.copy': {
        'dest': str(results), 'mode': '0600',
        'content': '{{ {%s} | to_json }}' % ', '.join('"%s": %s' % (name, name) for name in registered)}}
    (tmp_path / folder).mkdir()
    target['log'].write_text('')
    if (tmp_path / 'daemon.json').exists():   # each play starts from no file
        (tmp_path / 'daemon.json').unlink()
    rc, output = run_playbook(tmp_path / folder, tasks + [write], inventory_line=target['line'],
                              extra_vars={'dockyard_docker_execution': execution})
    assert rc == 0, output
    # A module process is started without arguments (pipelined) or with its AnsiballZ file (become su).
    starts = [start if start == '-c' else 'module' for start in target['log'].read_text().split()]
    return json.loads(results.read_text()), starts


def _tasks(name, busybox, tmp_path):
    container = {'name': name, 'image': busybox, 'command': ['sleep', '300']}
    return [
        {'name': 'predict', 'dockyard.docker.container': container, 'check_mode': True, 'diff': True, 'register': 'predict'},
        {'name': 'create', 'dockyard.docker.container': container, 'register': 'create'},
        {'name': 'rerun', 'dockyard.docker.container': container, 'diff': True, 'register': 'rerun'},
        {'name': 'exec', 'dockyard.docker.container_exec': {'container': name, 'argv': ['sh', '-c', 'echo out; echo err >&2']},
         'register': 'exec'},
        {'name': 'fails', 'dockyard.docker.container_exec': {'container': name + '-missing', 'argv': ['true']},
         'ignore_errors': True, 'register': 'fails'},
        # Not API-only: writes a file on the host.
        {'name': 'host file', 'dockyard.docker.daemon_config': {'path': str(tmp_path / 'daemon.json'), 'log_driver': 'local'},
         'register': 'host_file'},
        # become through sudo runs the relay as the become user; through su it cannot: a module process.
        {'name': 'sudo', 'dockyard.docker.container_info': {'name': name}, 'become': True, 'become_method': 'sudo',
         'register': 'sudo'},
        {'name': 'su', 'dockyard.docker.network_info': {'name': 'bridge'}, 'become': True, 'become_method': 'su',
         'register': 'su'},
        {'name': 'remove', 'dockyard.docker.container': {'name': name, 'state': 'absent'}, 'register': 'remove'},
    ]


def test_api_tasks_run_on_the_controller_with_the_results_of_the_module_process(target, tmp_path, name, busybox):  # pylint: disable=redefined-outer-name
    tasks = _tasks(name, busybox, tmp_path)
    try:
        on_controller, controller_starts = _play(target, tmp_path, tasks, 'auto', 'auto')
        on_host, host_starts = _play(target, tmp_path, tasks, 'host', 'host')
    finally:
        remove_containers(name)
    # On the host only the daemon_config task and the su task; every other task started a relay instead.
    assert controller_starts.count('module') == 2, controller_starts
    assert controller_starts.count('-c') >= 6, controller_starts
    assert host_starts == ['module'] * len(tasks), host_starts
    assert on_controller['create']['changed'] and not on_controller['rerun']['changed']
    assert on_controller['exec']['stdout_lines'] == ['out'] and on_controller['exec']['stderr_lines'] == ['err']
    assert on_controller['fails']['failed']
    for task in on_host:
        for key in COMPARED:
            if key == 'invocation':
                continue
            assert on_controller[task].get(key) == on_host[task].get(key), (task, key)
    assert docker_inspect('container', name) is None
    # Each relay ended with its task: none is left on the host.
    assert subprocess.run(['pgrep', '-f', 'target=upstream'], capture_output=True, check=False).returncode == 1


def test_a_relay_that_cannot_reach_the_socket_fails_in_one_line(target, tmp_path):  # pylint: disable=redefined-outer-name
    tasks = [{'name': 'missing socket', 'dockyard.docker.host_info': {'docker_host': 'unix:///nonexistent/docker.sock'},
              'ignore_errors': True, 'register': 'missing'}]
    results, starts = _play(target, tmp_path, tasks, 'auto', 'auto')
    assert 'module' not in starts
    assert results['missing']['msg'] == ('Cannot reach the Docker daemon of 127.0.0.1 at /nonexistent/docker.sock over '
                                         'SSH: /nonexistent/docker.sock: No such file or directory')


def test_controller_mode_refuses_a_task_that_needs_the_host(target, tmp_path):  # pylint: disable=redefined-outer-name
    tasks = [{'name': 'host file', 'dockyard.docker.daemon_config': {'path': str(tmp_path / 'daemon.json')},
              'ignore_errors': True, 'register': 'refused'}]
    results, starts = _play(target, tmp_path, tasks, 'controller', 'controller')
    assert starts == []
    assert results['refused']['msg'] == ("dockyard_docker_execution=controller: this task cannot run on the controller: "
                                         "daemon_config: it writes the host's daemon.json")
