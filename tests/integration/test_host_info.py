"""host_info reads the shared daemon (read-only) and fails in one line when none answers."""

import functools
import json
import time
from concurrent.futures import ThreadPoolExecutor

from churn import churning, failures
from cli_units import human_size
from conftest import BUSYBOX, docker_cli, run_module
from scratch_daemon import scratch_daemon  # noqa: F401  pylint: disable=unused-import
from swarm_scratch import SwarmDaemon


def load_busybox(daemon):
    SwarmDaemon.load_image(daemon)


def test_reports_info_version_and_mirrors():
    result = run_module('host_info')
    assert result['changed'] is False
    assert result['version']['ApiVersion'] == docker_cli('version', '--format', '{{.Server.APIVersion}}')
    assert result['info']['ServerVersion'] == docker_cli('info', '--format', '{{.ServerVersion}}')
    for key in ('Driver', 'CgroupDriver', 'Swarm', 'Containers', 'Images'):
        assert key in result['info']
    # Newer daemons send null for no mirrors; the module always returns a list.
    assert result['registry_mirrors'] == (result['info']['RegistryConfig']['Mirrors'] or [])
    assert 'diff' not in run_module('host_info', diff=True)


def test_check_mode_reads_the_same():
    checked = run_module('host_info', check=True)
    assert not checked['changed'] and checked['version']['ApiVersion']


def test_no_daemon_is_a_one_line_failure(tmp_path):
    socket = tmp_path / 'missing.sock'
    failed = run_module('host_info', expect_fail=True, docker_host='unix://%s' % socket)
    assert failed['msg'].startswith('Cannot connect to the Docker daemon at unix://%s' % socket)
    assert '\n' not in failed['msg']


def cli_disk_usage(daemon):
    lines = daemon.cli('system', 'df', '--format', '{{json .}}')[1].splitlines()
    return dict((row['Type'], row) for row in map(json.loads, lines))


KINDS = {'Images': 'images', 'Containers': 'containers', 'Local Volumes': 'volumes', 'Build Cache': 'build_cache'}


def test_disk_usage_is_what_docker_system_df_shows(scratch_daemon):
    daemon = scratch_daemon
    load_busybox(daemon)
    daemon.cli('volume', 'create', 'dy-df-used')
    daemon.cli('volume', 'create', 'dy-df-unused')
    daemon.cli('run', '-d', '--name', 'dy-df-running', '-v', 'dy-df-used:/data', BUSYBOX,
               'sh', '-c', 'head -c 300000 /dev/zero > /data/blob; head -c 5000 /dev/zero > /layer; sleep 600')
    daemon.cli('run', '--name', 'dy-df-stopped', '-v', 'dy-df-unused:/data', BUSYBOX,
               'sh', '-c', 'head -c 200000 /dev/zero > /data/blob; head -c 7000 /dev/zero > /layer')
    time.sleep(1)
    plain = run_module('host_info', docker_host=daemon.host)
    assert 'disk_usage' not in plain
    usage = run_module('host_info', docker_host=daemon.host, disk_usage=True)['disk_usage']
    cli = cli_disk_usage(daemon)
    for cli_kind, kind in KINDS.items():
        row, ours = cli[cli_kind], usage[kind]
        assert (str(ours['count']), str(ours['active'])) == (row['TotalCount'], row['Active']), (kind, ours, row)
        assert human_size(ours['size']) == row['Size'], (kind, ours, row)
        assert row['Reclaimable'].startswith(human_size(ours['reclaimable'])), (kind, ours, row)
    assert usage['containers']['count'] == 2 and usage['containers']['active'] == 1
    assert usage['containers']['reclaimable'] >= 7000 and usage['containers']['size'] >= 12000
    assert usage['volumes']['count'] == 2 and usage['volumes']['active'] == 2  # a stopped container still holds its volume
    assert usage['volumes']['size'] >= 500000
    daemon.cli('rm', 'dy-df-stopped')
    freed = run_module('host_info', docker_host=daemon.host, disk_usage=True, check=True)['disk_usage']
    assert freed['volumes']['active'] == 1 and freed['volumes']['reclaimable'] >= 200000
    assert freed['volumes']['reclaimable_percent'] > 0
    assert freed['total_size'] == sum(freed[kind]['size'] for kind in KINDS.values())
    daemon.cli('rm', '-f', 'dy-df-running')
    daemon.cli('volume', 'rm', 'dy-df-used', 'dy-df-unused')


def test_disk_usage_sees_a_new_volume_on_the_shared_daemon(name, busybox):
    docker_cli('volume', 'create', name)
    docker_cli('run', '--rm', '-v', '%s:/data' % name, busybox, 'sh', '-c', 'head -c 400000 /dev/zero > /data/blob')
    usage = run_module('host_info', disk_usage=True)['disk_usage']
    for kind in KINDS.values():
        assert set(usage[kind]) == {'count', 'active', 'size', 'reclaimable', 'reclaimable_percent'}
        assert 0 <= usage[kind]['reclaimable'] <= usage[kind]['size'] or usage[kind]['size'] == 0
    assert usage['volumes']['count'] >= 1 and usage['volumes']['reclaimable'] >= 400000
    assert usage['images']['count'] >= 1 and usage['images']['size'] > 0


def test_disk_usage_is_read_while_another_writer_removes_containers(name, busybox):
    """The daemon's walk fails as a whole when a container's snapshot goes away under it (the
    containerd store: 404 'snapshot ... does not exist', 500 'rw layer snapshot not found'); the
    module reads again. One writer beside the task, creating and removing containers without a
    pause (a CI job, a prune loop): with a single read, one or two calls in twelve failed here on
    docker28-containerd. Three such writers make nearly every walk fail, whatever the retries."""
    def create(container):
        docker_cli('create', '--name', container, busybox, 'true', check=False)

    with churning(create, functools.partial(docker_cli, 'rm', '-f', check=False), ['%s-churn' % name]):
        results = [run_module('host_info', disk_usage=True, expect_fail=None) for _attempt in range(12)]
    assert failures(results) == []


def test_disk_usage_is_read_while_other_tasks_read_it_too():
    """Docker before 23 answers 500 'a disk usage operation is already running' to a second reader
    (a prune or another host's host_info task beside this one); the module reads again."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _i: run_module('host_info', disk_usage=True, expect_fail=None), range(16)))
    assert [result['msg'] for result in results if result.failed] == []
