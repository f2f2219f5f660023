"""Helpers of the race tests (test_concurrency_*.py): two ansible-playbook processes converging the
same resources at the same moment (two operators,
or a CI job racing a cron job): 10 containers, their network and their volume, 5 rounds that each
change every container. Both finish (a task that loses a race retries once and then converges,
or fails with one line naming the resource and the other writer), never a duplicate, never a
traceback; the final state is the desired one and a third run changes nothing. The same for the
`containers` bulk module, and for two writers of one daemon.json.

The races are between processes on the managed host, whatever the engine: run once, with the
host engine ('managed-host-only').
"""

import json
import os
import subprocess
import sys
import threading

from collection_path import COLLECTIONS_ROOT
from conftest import docker_cli, run_module

PLAYBOOK_BIN = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
COUNT = 10
ROUNDS = 5


def tasks_one_by_one(name, busybox, generation):
    return [
        {'name': 'network', 'dockyard.docker.network': {'name': name + '-net'}},
        {'name': 'volume', 'dockyard.docker.volume': {'name': name + '-vol'}},
        {'name': 'containers', 'loop': list(range(COUNT)), 'dockyard.docker.container': {
            'name': name + '-c{{ item }}', 'image': busybox, 'command': 'sleep 600', 'stop_timeout': 1,
            'networks': [{'name': name + '-net'}], 'volumes': [name + '-vol:/data'],
            'labels': {'generation': str(generation)}}},
    ]


def tasks_bulk(name, busybox, generation):
    definitions = [{'name': '%s-c%d' % (name, index), 'image': busybox, 'command': 'sleep 600', 'stop_timeout': 1,
                    'networks': [{'name': name + '-net'}], 'volumes': [name + '-vol:/data'],
                    'labels': {'generation': str(generation)}} for index in range(COUNT)]
    return tasks_one_by_one(name, busybox, generation)[:2] + [
        {'name': 'containers', 'dockyard.docker.containers': {'project': name, 'definitions': definitions}}]


def _playbook(tmp_path, label, tasks):
    play = tmp_path / ('%s.yml' % label)
    play.write_text(json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}]))
    inventory = tmp_path / 'inventory'
    inventory.write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    return [PLAYBOOK_BIN, '-i', str(inventory), str(play)]


def _run_together(commands):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_RETRY_FILES_ENABLED='0')
    start = threading.Barrier(len(commands))
    results = [(None, '')] * len(commands)

    def run(index):
        start.wait()
        proc = subprocess.run(commands[index], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                              timeout=600, check=False)
        results[index] = (proc.returncode, proc.stdout.decode('utf-8', 'replace'))
    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(commands))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _assert_clean(rc, output):
    assert 'Traceback' not in output and 'Unexpected error' not in output, output
    if rc != 0:
        failures = [line for line in output.splitlines() if line.startswith('failed: ') or line.startswith('fatal: ')]
        for line in failures:
            assert 'another writer' in line, output


def _assert_state(name, generation):
    listing = docker_cli('ps', '-a', '--filter', 'name=^/%s-c' % name, '--format',
                         '{{.Names}} {{.State}} {{.Label "generation"}}').splitlines()
    assert sorted(listing) == sorted('%s-c%d running %d' % (name, index, generation) for index in range(COUNT))
    networks = docker_cli('network', 'ls', '-q', '--filter', 'name=^%s-net$' % name).split()
    assert len(networks) == 1, networks
    assert docker_cli('volume', 'ls', '-q', '--filter', 'name=^%s-vol$' % name).split() == [name + '-vol']


def race(tmp_path, name, busybox, tasks):
    for generation in range(ROUNDS):
        commands = [_playbook(tmp_path, 'writer%d' % writer, tasks(name, busybox, generation)) for writer in (1, 2)]
        results = _run_together(commands)
        for rc, output in results:
            _assert_clean(rc, output)
        assert any(rc == 0 for rc, _output in results), results
        # A writer that failed one line leaves the other's work; a rerun converges to the desired state.
        if any(rc != 0 for rc, _output in results):
            rc, output = _run_together(commands[:1])[0]
            assert rc == 0, output
        _assert_state(name, generation)
    rc, output = _run_together([_playbook(tmp_path, 'third', tasks(name, busybox, ROUNDS - 1))])[0]
    assert rc == 0 and 'changed=0' in output, output


def cleanup(name):
    """Remove what the race made; every removal is tried, then the failures are reported together."""
    results = [run_module('container', expect_fail=None, name='%s-c%d' % (name, index), state='absent',
                          force_kill=True) for index in range(COUNT)]
    results.append(run_module('network', expect_fail=None, name=name + '-net', state='absent'))
    results.append(run_module('volume', expect_fail=None, name=name + '-vol', state='absent'))
    failures = [result.get('msg') for result in results if result.failed and not _stale_endpoint(result, name)]
    left = docker_cli('ps', '-a', '--filter', 'name=^/%s' % name, '--format', '{{.Names}} {{.State}}')
    assert not failures and not left, 'cleanup failed: %s; containers left: %s' % (failures, left)


def _stale_endpoint(result, name):
    """dockerd 20.10's libnetwork can keep an endpoint of a container removed while another client
    was starting or connecting it: the network then lists no container, yet refuses removal for
    "active endpoints" until dockerd restarts. No container is left (asserted beside), so this is
    the daemon's leftover, not ours; the network is left behind, under this test's unique name."""
    if 'has active endpoints' not in (result.get('msg') or ''):
        return False
    attached = docker_cli('network', 'inspect', name + '-net', '--format', '{{len .Containers}}')
    return attached.strip() == '0'
