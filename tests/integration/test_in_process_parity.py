"""Every module gives the same registered result whether it runs in Ansible's worker (the in-process
action) or as a module process (`dockyard_docker_in_process: false`).

One task per module (the table below; a module in plugins/modules without a row fails the test), in
one playbook run both ways against the host engine, on this ansible-core and on 2.16 (the in-process
code has branches for ansible-core before 2.19): reading tasks, self-cleaning ones, check mode
with diff, a warning, and tasks that fail (the swarm modules on a daemon outside any swarm). The two
runs must agree on every result's keys (stdout_lines, stderr_lines, invocation where Ansible adds
them) and on changed, failed, msg, diff, warnings, deprecations, invocation and the output lines.
The same table also runs over Ansible's ssh connection to this machine (a real sshd): controller
execution (dockyard_docker_execution: auto) against module processes on the host (host).
"""

import json
import os
import sys

import pytest

from collection_path import REPO_ROOT
from conftest import docker_cli, remove_containers
from ovs import ovs_running  # noqa: F401 pylint: disable=unused-import
from scratch_daemon import run_playbook
from ssh_server import inventory_line, ssh_host  # noqa: F401 pylint: disable=unused-import

# Where the module runs is a matter of the controller, the same whatever the engine.
pytestmark = pytest.mark.needs('managed-host-only')

MODULES_DIR = os.path.join(REPO_ROOT, 'plugins', 'modules')
# What must agree; the rest of a result holds IDs, times and the daemon's counters.
COMPARED = ('changed', 'failed', 'msg', 'diff', 'warnings', 'deprecations', 'invocation', 'stdout_lines',
            'stderr_lines', 'skipped')


def module_names():
    return sorted(entry[:-3] for entry in os.listdir(MODULES_DIR) if entry.endswith('.py') and entry != '__init__.py')


def task_table(name, busybox, shared):
    """{module: [its registered task, tasks that undo it ...]}: each reads, cleans up after itself,
    runs in check mode or fails before changing anything; the same arguments in both runs."""
    running = name + '-c'
    table = {
        # Fails before touching anything: there is no such NIC.
        'bridge_uplink': {'bridge': 'dytnobr', 'interface': 'dytnonic0'},
        'compose': {'project_name': name + '-p', 'definition': {'services': {'web': {
            'image': busybox, 'command': ['sleep', '60']}}}, '_check': True},
        # The project has no container: the exec fails naming the service. The pull finds the test's own
        # image there: its diff lists every tag of the image's ID, and other tests tag and untag busybox.
        'compose_exec': {'project_name': name + '-p', 'service': 'web', 'argv': ['true']},
        'compose_pull': {'project_name': name + '-p', 'policy': 'missing', 'definition': {'services': {'web': {
            'image': name + '-image:parity'}}}},
        'compose_run': {'project_name': name + '-p', 'service': 'web', 'name': name + '-run', 'argv': ['true'],
                        'definition': {'services': {'web': {'image': busybox}}}, '_check': True},
        'config': {'name': name + '-cfg', 'data': 'x'},
        'plugin': {'plugin_name': 'dyk-parity/none:1', 'alias': name + '-plugin', 'state': 'absent'},
        'container': {'name': name + '-new', 'image': busybox, 'restart_policy': 'sometimes'},
        'container_copy_into': {'container': running, 'content': 'hello\n', 'container_path': '/tmp/parity.txt'},
        'container_facts': {},
        'context_info': {},
        'container_exec': {'container': running, 'argv': ['sh', '-c', 'echo out; echo err >&2']},
        'container_info': {'name': running, 'top': True},
        'container_logs': {'name': running},
        'container_stats': {'name': [running]},
        'containers': {'project': name + '-bulk', 'definitions': [{'name': name + '-bulk1', 'image': busybox}],
                       '_check': True},
        'daemon_config': {'path': shared + '/daemon.json', 'log_driver': 'local'},
        'events': {'since': '2s', 'filters': {'container': running}},
        'host_info': {},
        # The test's own image, for the same reason as compose_pull's.
        'image': {'name': name + '-image:parity'},
        'image_info': {'name': [busybox]},
        'image_search': {'term': 'busybox', 'limit': 0},
        'login': {'registry_url': '127.0.0.1:5001', 'username': 'dockyard', 'password': 'dockyard-secret-pw',
                  'config_path': shared + '/config.json'},
        'network': {'name': name + '-net', '_check': True},
        'network_info': {'name': 'bridge'},
        'node': {'hostname': 'nowhere', 'availability': 'drain'},
        'node_info': {},
        # Open vSwitch in userspace (tests/integration/ovs.py): a bridge in check mode, a port and a bond on a
        # bridge that does not exist (they fail naming it), a read.
        'ovs_bond': {'bridge': 'dytnobridge', 'port': 'dytbond', 'interfaces': ['dytbond1', 'dytbond2']},
        'ovs_bridge': {'bridge': 'dytparity', 'datapath_type': 'netdev', '_check': True},
        'ovs_db': {'table': 'Open_vSwitch', 'record': '.', 'col': 'ovs_version', 'state': 'read'},
        'ovs_port': {'bridge': 'dytnobridge', 'port': 'dytport'},
        'prune': {'containers': True, 'containers_filters': {'label': 'parity=' + name}},
        'registry_mirror': {'url': 'http://mirror.invalid:5000', 'path': shared + '/mirror.json'},
        'secret': {'name': name + '-sec', 'data': 'not-shown'},
        'service': {'name': name + '-svc', 'image': busybox},
        'service_info': {'name': name + '-svc'},
        'stack': {'name': name + '-stk', 'compose': [{'services': {'web': {'image': busybox}}}]},
        'stack_info': {},
        'swarm': {'state': 'absent', '_check': True},
        'swarm_info': {},
        'volume': {'name': name + '-vol', '_check': True},
        'volume_backup': {'volume': name + '-nothing', 'archive': shared + '/nothing.tar', '_check': True},
        'volume_info': {'name': name + '-nothing'},
    }
    cleanup = {
        'container_copy_into': [{'dockyard.docker.container_exec': {'container': running,
                                                                    'argv': ['rm', '-f', '/tmp/parity.txt']}}],
    }
    tasks = {}
    for module, args in table.items():
        args = dict(args)
        task = {'name': module, 'dockyard.docker.' + module: args, 'register': 'r_' + module,
                'ignore_errors': True, 'diff': True}
        if args.pop('_check', False):
            task['check_mode'] = True
        tasks[module] = [task] + cleanup.get(module, [])
    return tasks


def _playbook(table, shared, results):
    tasks = [{'name': 'fresh shared folder', 'ansible.builtin.file': {'path': shared, 'state': 'absent'}},
             {'name': 'shared folder', 'ansible.builtin.file': {'path': shared, 'state': 'directory', 'mode': '0700'}}]
    for module in sorted(table):
        tasks.extend(table[module])
    registered = ', '.join('"%s": r_%s' % (module, module) for module in sorted(table))
    tasks.append({'name': 'write', 'ansible.builtin.copy': {'dest': results, 'mode': '0600',
                                                            'content': '{{ {%s} | to_json }}' % registered}})
    return tasks


def _run(tmp_path, tasks, results, folder, extra_vars, ansible_core=None, inventory_line=None):
    (tmp_path / folder).mkdir()
    rc, output = run_playbook(tmp_path / folder, tasks, extra_vars=extra_vars, ansible_core=ansible_core,
                              inventory_line=inventory_line)
    assert rc == 0, output
    with open(results) as handle:
        return json.load(handle), output


def differences(inside, outside):
    """['module: what differs', ...] between two registered results of each module."""
    found = []
    for module in sorted(set(inside) | set(outside)):
        one, other = inside.get(module) or {}, outside.get(module) or {}
        if sorted(one) != sorted(other):
            found.append('%s: keys in-process only %s, module process only %s'
                         % (module, sorted(set(one) - set(other)), sorted(set(other) - set(one))))
        for key in COMPARED:
            if one.get(key) != other.get(key):
                found.append('%s: %s in-process %r, module process %r' % (module, key, one.get(key), other.get(key)))
    return found


@pytest.fixture
def parity_objects(name, busybox):
    """What the table's tasks read: a running container, an image of the test's own and a compose orphan."""
    running = name + '-c'
    docker_cli('run', '-d', '--name', running, busybox, 'sleep', '600')
    docker_cli('commit', running, name + '-image:parity')
    # A container of the compose project that no service of its file declares: an orphan (a warning).
    docker_cli('create', '--name', name + '-orphan', '--label', 'com.docker.compose.project=%s-p' % name,
               '--label', 'com.docker.compose.service=gone', busybox, 'true')
    yield
    remove_containers(running, name + '-orphan')
    docker_cli('rmi', name + '-image:parity', check=False)


def _table_tasks(tmp_path, name, busybox):
    shared = str(tmp_path / 'shared')
    table = task_table(name, busybox, shared)
    missing = [module for module in module_names() if module not in table]
    assert missing == [], 'modules without a task in the table: %s' % missing
    results = str(tmp_path / 'results.json')
    return _playbook(table, shared, results), results


@pytest.mark.parametrize('ansible_core', [None, '2.16'], ids=['this-ansible-core', 'ansible-core-2.16'])
@pytest.mark.usefixtures('ovs_running', 'parity_objects')
def test_every_module_gives_the_same_result_in_process_and_as_a_module_process(tmp_path, name, busybox, ansible_core):
    tasks, results = _table_tasks(tmp_path, name, busybox)
    inside, inside_output = _run(tmp_path, tasks, results, 'in-process', {'dockyard_docker_in_process': True}, ansible_core)
    outside, _output = _run(tmp_path, tasks, results, 'process', {'dockyard_docker_in_process': False}, ansible_core)
    assert sorted(inside) == module_names()
    assert differences(inside, outside) == []
    # The table does what it says: the compose task warns, the failing ones fail, output has lines.
    assert inside['compose'].get('warnings'), inside['compose']
    assert inside['container']['failed'] and inside['container_exec']['stdout_lines'] == ['out']
    assert 'dockyard-secret-pw' not in json.dumps(inside) + inside_output


@pytest.mark.usefixtures('ovs_running', 'parity_objects')
def test_every_module_gives_the_same_result_on_the_controller_as_on_an_ssh_host(tmp_path, name, busybox, ssh_host):  # pylint: disable=redefined-outer-name
    """Controller execution (the API-only tasks in the worker, through a relay over SSH) against the module
    processes on the host, for the same table, over Ansible's ssh connection to this machine."""
    tasks, results = _table_tasks(tmp_path, name, busybox)
    line = inventory_line(ssh_host, sys.executable)
    controller, output = _run(tmp_path, tasks, results, 'controller', {'dockyard_docker_execution': 'auto'},
                              inventory_line=line)
    host, _output = _run(tmp_path, tasks, results, 'host', {'dockyard_docker_execution': 'host'}, inventory_line=line)
    assert sorted(controller) == module_names()
    assert differences(controller, host) == []
    assert controller['container_exec']['stdout_lines'] == ['out']
    assert 'dockyard-secret-pw' not in json.dumps(controller) + output
