"""container_stats: one reading per container, like docker stats --no-stream, read in parallel."""

import json
import os
import time

import pytest

from cli_units import human_size
from conftest import docker_cli, run_module

BUSY = 'while true; do :; done'


def start(name, busybox, *args, command='sleep 600'):
    docker_cli('run', '-d', '--name', name, '--label', 'dy.stats=%s' % name.rsplit('-', 1)[0], *args, busybox,
               'sh', '-c', command)


@pytest.mark.needs('container-stats')
def test_cpu_memory_pids_and_block_io_of_named_containers(name, busybox):
    busy, idle, stopped = name + '-busy', name + '-idle', name + '-stopped'
    start(busy, busybox, '--memory', '64m', command=BUSY)
    # Two pings to the gateway: bytes sent and received on the container's network.
    start(idle, busybox, command="ping -c 2 -W 1 $(ip route | awk '/default/ {print $3}'); sleep 600 & sleep 600 & wait")
    docker_cli('create', '--name', stopped, busybox, 'true')
    time.sleep(2)
    checked = run_module('container_stats', check=True, name=[busy, idle, stopped, name + '-nothere'])
    assert checked['changed'] is False and checked['exists'] is False and checked['missing'] == [name + '-nothere']
    by_name = dict((item['name'], item) for item in checked['stats'])
    assert sorted(by_name) == sorted([busy, idle, stopped])
    # A spinning shell gets far less than a CPU on a loaded test machine, but never nothing.
    assert by_name[busy]['running'] and 2 < by_name[busy]['cpu_percent'] <= 100.0 * os.cpu_count(), by_name[busy]
    assert by_name[idle]['cpu_percent'] < by_name[busy]['cpu_percent']
    assert by_name[busy]['memory_limit'] == 64 * 1024 * 1024
    assert 0 < by_name[busy]['memory_usage'] < by_name[busy]['memory_limit']
    assert by_name[busy]['memory_percent'] == round(100.0 * by_name[busy]['memory_usage'] / (64 * 1024 * 1024), 2)
    assert by_name[idle]['pids'] == 3 and by_name[busy]['pids'] == 1
    assert by_name[idle]['network_tx_bytes'] >= 2 * 98 and by_name[idle]['network_rx_bytes'] >= 2 * 98, by_name[idle]
    assert by_name[idle]['memory_limit'] > by_name[busy]['memory_limit']  # no limit: the host's memory
    assert by_name[idle]['read']
    assert by_name[stopped] == dict(by_name[stopped], running=False, cpu_percent=0.0, memory_usage=0, pids=0)
    cli = json.loads(docker_cli('stats', '--no-stream', '--format', '{{json .}}', busy))
    assert cli['PIDs'] == '1' and cli['MemUsage'].endswith('/ 64MiB')
    reading = run_module('container_stats', name=busy)['stats'][0]
    # Block I/O does not change while the container only spins (the CLI: 3 significant digits).
    assert cli['BlockIO'] == '%s / %s' % (human_size(reading['block_read_bytes'], 3), human_size(reading['block_write_bytes'], 3))


def test_filters_select_running_containers_and_are_read_in_parallel(name, busybox):
    names = ['%s-%d' % (name, index) for index in range(11)]
    for each in names:
        start(each, busybox)
    docker_cli('stop', '-t', '0', names[-1])
    began = time.monotonic()
    result = run_module('container_stats', filters={'label': 'dy.stats=%s' % name})
    elapsed = time.monotonic() - began
    assert sorted(item['name'] for item in result['stats']) == names[:-1]  # docker stats: running ones only
    assert all(item['running'] and item['read'] for item in result['stats'])
    assert elapsed < 8, elapsed  # one after the other, ten readings take over 10 s
    exited = run_module('container_stats', filters={'label': 'dy.stats=%s' % name, 'status': 'exited'})
    assert [item['name'] for item in exited['stats']] == [names[-1]] and not exited['stats'][0]['running']
    everything = run_module('container_stats')
    assert set(names[:-1]) <= set(item['name'] for item in everything['stats'])
    assert names[-1] not in [item['name'] for item in everything['stats']]


def test_bad_input_fails_before_reading(name):
    bad = run_module('container_stats', expect_fail=True, filters={'colour': 'red'})
    assert bad['msg'].startswith('filters: invalid value') and '\n' not in bad['msg']
    both = run_module('container_stats', expect_fail=True, name=[name], filters={'label': 'x'})
    assert both['msg'].startswith('filters: invalid value') and 'leave it out when name is set' in both['msg']


@pytest.mark.needs('container-stats')
def test_a_container_removed_after_the_listing_reads_as_gone(name, busybox):
    """container_stats lists, then reads each container: one removed in between must read as gone.
    Asked of the real engine with the ID of a removed container: Docker answers 404, Podman 500
    'no container with ID ... found in database: no such container' (CI failed on it once)."""
    from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerClient  # pylint: disable=import-outside-toplevel
    from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError  # pylint: disable=import-outside-toplevel
    start(name, busybox)
    ident = docker_cli('inspect', '--format', '{{.Id}}', name)
    docker_cli('rm', '-f', name)
    client = DockerClient(docker_host=os.environ.get('DOCKER_HOST'))
    for path in ('/containers/{}/stats', '/containers/{}/json', '/containers/{}/top'):
        with pytest.raises(DockerError) as raised:
            client.get(path, ident, query={'stream': False} if path.endswith('stats') else None)
        assert raised.value.not_found, (path, raised.value.status, raised.value.reason)
    assert client.inspect('containers', ident) is None
