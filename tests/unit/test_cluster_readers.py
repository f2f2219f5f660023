"""Pure helpers of container_stats, host_info's disk usage, events, node_info and swarm_info."""

import json

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.container.stats import block_io, cpu_percent, memory_used
from ansible_collections.dockyard.docker.plugins.module_utils.host.events import EventsSpec, parse_events, report_event
from ansible_collections.dockyard.docker.plugins.module_utils.core import walks
from ansible_collections.dockyard.docker.plugins.module_utils.core.walks import read_walk
from ansible_collections.dockyard.docker.plugins.module_utils.host.info import (
    build_cache_usage,
    container_usage,
    image_usage,
    volume_usage,
)
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.node_info import add_tasks, report_node
from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.info import parse_list_filters, swarm_flags

NOW = 1700000000.0


def cpu(total, system, cpus=2):
    return {'cpu_stats': {'cpu_usage': {'total_usage': total}, 'system_cpu_usage': system, 'online_cpus': cpus}}


def test_cpu_percent_is_the_clis_formula():
    # Half a second of CPU over one second of wall time on two CPUs (2e9 ns of system time): 50%.
    assert cpu_percent(cpu(1500000000, 12000000000), cpu(1000000000, 10000000000)) == 50.0
    assert cpu_percent(cpu(1000, 0), cpu(0, 0)) == 0.0  # no system time passed
    assert cpu_percent(cpu(5, 10), cpu(5, 5)) == 0.0  # idle
    no_online = {'cpu_stats': {'cpu_usage': {'total_usage': 200, 'percpu_usage': [1, 1, 1, 1]}, 'system_cpu_usage': 400}}
    assert cpu_percent(no_online, cpu(0, 0)) == 200.0  # four CPUs counted from percpu_usage


@given(st.integers(0, 10 ** 12), st.integers(1, 10 ** 12), st.integers(1, 64))
def test_cpu_percent_stays_within_the_cpus(used, elapsed, cpus):
    used = min(used, elapsed)  # a container cannot use more than all the CPUs
    assert 0.0 <= cpu_percent(cpu(used, elapsed, cpus), cpu(0, 0, cpus)) <= 100.0 * cpus


@pytest.mark.parametrize('memory, expected', [
    ({'usage': 1000, 'stats': {'total_inactive_file': 300, 'inactive_file': 100}}, 700),  # cgroup v1
    ({'usage': 1000, 'stats': {'inactive_file': 100}}, 900),  # cgroup v2
    ({'usage': 1000, 'stats': {'inactive_file': 5000}}, 1000),  # never below zero
    ({'usage': 1000}, 1000),  # Podman: no breakdown
    ({}, 0),
])
def test_memory_usage_leaves_out_reclaimable_cache(memory, expected):
    assert memory_used(memory) == expected


def test_block_io_adds_reads_and_writes_of_every_device():
    stats = {'blkio_stats': {'io_service_bytes_recursive': [
        {'major': 8, 'op': 'Read', 'value': 10}, {'major': 9, 'op': 'read', 'value': 5},
        {'op': 'Write', 'value': 7}, {'op': 'Total', 'value': 22}]}}
    assert block_io(stats) == (15, 7)
    assert block_io({'blkio_stats': {'io_service_bytes_recursive': None}}) == (0, 0)


def test_disk_usage_is_computed_like_docker_system_df():
    images = [{'Containers': 1, 'Size': 100, 'SharedSize': 40, 'VirtualSize': 100},
              {'Containers': 0, 'Size': 50, 'SharedSize': 40},
              {'Containers': 2, 'Size': 30, 'SharedSize': -1}]  # not measured: left out, as the CLI does
    assert image_usage(images, 110) == {'count': 3, 'active': 2, 'size': 110, 'reclaimable': 50,
                                        'reclaimable_percent': 45.5}
    containers = [{'State': 'running', 'SizeRw': 10}, {'State': 'exited', 'SizeRw': 5}, {'State': 'created'}]
    assert container_usage(containers) == {'count': 3, 'active': 1, 'size': 15, 'reclaimable': 5,
                                           'reclaimable_percent': 33.3}
    volumes = [{'UsageData': {'RefCount': 1, 'Size': 100}}, {'UsageData': {'RefCount': 0, 'Size': 50}},
               {'UsageData': {'RefCount': 0, 'Size': -1}}, {}]
    assert volume_usage(volumes) == {'count': 4, 'active': 1, 'size': 150, 'reclaimable': 50,
                                     'reclaimable_percent': 33.3}
    cache = [{'Size': 10, 'InUse': True}, {'Size': 20}, {'Size': 99, 'Shared': True}]
    assert build_cache_usage(cache) == {'count': 3, 'active': 1, 'size': 30, 'reclaimable': 20,
                                        'reclaimable_percent': 66.7}
    assert build_cache_usage([])['reclaimable_percent'] == 0.0


class VanishingSnapshots:
    """A daemon whose disk-usage walk meets `misses` objects removed under it (containerd store, CI stop 26)."""

    def __init__(self, misses):
        self.misses = misses
        self.calls = []

    def get(self, path, query=None):
        self.calls.append(path)
        if self.misses:
            self.misses -= 1
            if self.misses % 2:
                raise DockerError(500, 'failed to retrieve container list: rw layer snapshot not found for container a30f')
            raise DockerError(404, 'snapshot 30f5 does not exist: not found')
        return {'Volumes': []}


@pytest.fixture
def no_pause(monkeypatch):
    monkeypatch.setattr(walks, 'WALK_PAUSE', 0)


def test_disk_usage_read_again_when_an_object_vanishes_during_the_walk(no_pause):
    daemon = VanishingSnapshots(misses=2)
    assert read_walk(daemon, 'read the disk usage', '/system/df') == {'Volumes': []}
    assert len(daemon.calls) == 3


def test_image_list_read_again_when_an_image_is_removed_during_the_walk(no_pause):
    class RemovedImage(VanishingSnapshots):
        def get(self, path, query=None):
            self.calls.append((path, query))
            if len(self.calls) == 1:
                raise DockerError(404, 'failed to read config content: NotFound: content digest sha256:9c44: not found')
            return [{'Id': 'sha256:1'}]
    daemon = RemovedImage(0)
    assert read_walk(daemon, 'list images', '/images/json', query={'all': True}) == [{'Id': 'sha256:1'}]
    assert daemon.calls == [('/images/json', {'all': True})] * 2


def test_podman_disk_usage_read_again_when_an_image_is_removed_during_the_walk(no_pause):
    """Podman's system df fails whole on an image removed under it, in its storage's words ('image not
    known'): the fresh-clone CI run of stop 39, test_disk_usage_is_read_while_other_tasks_read_it_too."""
    class RemovedImage(VanishingSnapshots):
        def get(self, path, query=None):
            self.calls.append(path)
            if len(self.calls) == 1:
                raise DockerError(500, 'Image ceebd9d55240 exists in local storage but may be corrupted (remove the '
                                       'image to resolve the issue): reading image "ceebd9d5": locating image with '
                                       'ID "ceebd9d5": image not known')
            return {'Images': []}
    daemon = RemovedImage(0)
    assert read_walk(daemon, 'read the disk usage', '/system/df') == {'Images': []}
    assert len(daemon.calls) == 2


def test_podman_disk_usage_read_again_when_a_volume_is_removed_during_the_walk(no_pause):
    """Podman sizes each volume's folder; one removed meanwhile fails the walk with lstat's error (the
    fresh-clone run of d37cb63, the same test on podman5)."""
    class RemovedVolume(VanishingSnapshots):
        def get(self, path, query=None):
            self.calls.append(path)
            if len(self.calls) == 1:
                raise DockerError(500, 'lstat /var/lib/containers/storage/volumes/fb14/_data: no such file or directory')
            return {'Volumes': []}
    daemon = RemovedVolume(0)
    assert read_walk(daemon, 'read the disk usage', '/system/df') == {'Volumes': []}
    assert len(daemon.calls) == 2


def test_disk_usage_fails_naming_the_reason_when_objects_keep_vanishing(no_pause, monkeypatch):
    monkeypatch.setattr(walks, 'WALK_WAIT', 0)
    daemon = VanishingSnapshots(misses=99)
    with pytest.raises(TaskFailed, match='^Failed to read the disk usage: (snapshot 30f5|failed to retrieve)'):
        read_walk(daemon, 'read the disk usage', '/system/df')
    assert len(daemon.calls) == walks.WALK_ATTEMPTS


def test_disk_usage_read_again_past_the_attempts_while_in_time(no_pause):
    """A busy host (a CI run's parallel tests beside a writer) broke 10 walks in a row: the fresh-clone
    run's test_disk_usage_is_read_while_another_writer_removes_containers on docker28-containerd."""
    daemon = VanishingSnapshots(misses=25)
    assert read_walk(daemon, 'read the disk usage', '/system/df') == {'Volumes': []}
    assert len(daemon.calls) == 26


def test_disk_usage_read_again_while_another_clients_walk_runs(no_pause):
    class Busy(VanishingSnapshots):
        def get(self, path, query=None):
            self.calls.append(path)
            if len(self.calls) < 4:
                raise DockerError(500, 'a disk usage operation is already running')
            return {'Images': []}
    daemon = Busy(0)
    assert read_walk(daemon, 'read the disk usage', '/system/df') == {'Images': []}
    assert len(daemon.calls) == 4


def test_disk_usage_fails_when_another_clients_walk_outlasts_the_wait(no_pause, monkeypatch):
    class Busy(VanishingSnapshots):
        def get(self, path, query=None):
            self.calls.append(path)
            raise DockerError(500, 'a disk usage operation is already running')
    monkeypatch.setattr(walks, 'WALK_WAIT', 0)
    daemon = Busy(0)
    with pytest.raises(TaskFailed, match='^Failed to read the disk usage: a disk usage operation is already running$'):
        read_walk(daemon, 'read the disk usage', '/system/df')
    assert len(daemon.calls) == 1


def test_disk_usage_other_errors_are_not_read_again():
    class Broken(VanishingSnapshots):
        def get(self, path, query=None):
            self.calls.append(path)
            raise DockerError(500, 'failed to compute disk usage: permission denied')
    daemon = Broken(0)
    with pytest.raises(TaskFailed, match='permission denied'):
        read_walk(daemon, 'read the disk usage', '/system/df')
    assert len(daemon.calls) == 1


def test_events_are_parsed_with_or_without_newlines_between_them():
    one = {'Type': 'container', 'Action': 'start', 'Actor': {'ID': 'abc', 'Attributes': {'name': 'web'}},
           'scope': 'local', 'time': 1700000000, 'timeNano': 1700000000123456789}
    two = {'status': 'pull', 'id': 'busybox', 'Type': 'image', 'time': 1700000001}
    for data in ((json.dumps(one) + '\n' + json.dumps(two) + '\n').encode(), json.dumps(one) + json.dumps(two), b''):
        events = parse_events(data)
        assert [event.get('Type') for event in events] == (['container', 'image'] if data else [])
    assert report_event(one) == {'type': 'container', 'action': 'start', 'actor_id': 'abc', 'attributes': {'name': 'web'},
                                 'scope': 'local', 'time': 1700000000, 'time_nano': 1700000000123456789}
    assert report_event(two)['action'] == 'pull' and report_event(two)['actor_id'] == 'busybox'
    assert report_event(two)['time_nano'] == 1700000001 * 10 ** 9


def test_events_spec_is_bounded_by_now_and_checks_the_order():
    spec = EventsSpec({'since': '10m', 'until': None, 'filters': {'type': 'container'}}, now=NOW)
    assert spec.query() == {'since': '%.9f' % (NOW - 600), 'until': '%.9f' % NOW, 'filters': {'type': ['container']}}
    assert spec.wait == 0.0
    ahead = EventsSpec({'since': str(int(NOW)), 'until': str(int(NOW) + 5), 'filters': None}, now=NOW)
    assert ahead.wait == 5.0
    with pytest.raises(SpecError, match='^until: invalid value'):
        EventsSpec({'since': '1m', 'until': '2m', 'filters': None}, now=NOW)
    with pytest.raises(SpecError, match="^filters.type: invalid value 'planet'"):
        EventsSpec({'since': '1m', 'until': None, 'filters': {'type': 'planet'}}, now=NOW)


def node(ident, hostname, role='worker', state='ready', leader=None):
    manager = None if leader is None else {'Leader': leader, 'Reachability': 'reachable', 'Addr': '10.0.0.1:2377'}
    return {'ID': ident, 'Spec': {'Role': role, 'Availability': 'active', 'Labels': {'zone': 'a'}},
            'Description': {'Hostname': hostname, 'Engine': {'EngineVersion': '28.5.1'},
                            'Resources': {'NanoCPUs': 2000000000, 'MemoryBytes': 1024}},
            'Status': {'State': state, 'Addr': '10.0.0.2'}, 'ManagerStatus': manager}


def test_node_reports_and_their_tasks():
    reports = [report_node(node('n1', 'manager-1', 'manager', leader=True)), report_node(node('n2', 'worker-1', state='down'))]
    assert reports[0]['manager_status'] == {'leader': True, 'reachability': 'reachable', 'addr': '10.0.0.1:2377'}
    assert reports[1]['manager_status'] is None and not reports[1]['ready'] and reports[0]['ready']
    assert reports[0]['resources'] == {'nano_cpus': 2000000000, 'memory_bytes': 1024}
    tasks = [{'ID': 't1', 'NodeID': 'n1', 'ServiceID': 's1', 'Slot': 1, 'DesiredState': 'running', 'Status': {'State': 'running'}},
             {'ID': 't2', 'NodeID': 'n1', 'ServiceID': 's1', 'Slot': 1, 'DesiredState': 'shutdown', 'Status': {'State': 'failed'}},
             {'ID': 't3', 'NodeID': 'n2', 'ServiceID': 's1', 'Slot': 2, 'DesiredState': 'running', 'Status': {'State': 'pending'}}]
    add_tasks(reports, tasks, {'s1': 'web'}, True)
    assert reports[0]['task_states'] == {'running': 1, 'failed': 1} and reports[0]['tasks_running'] == 1
    assert reports[0]['tasks_desired_running'] == 1 and reports[1]['tasks_desired_running'] == 1
    assert [task['name'] for task in reports[0]['tasks']] == ['web.1.t1', 'web.1.t2']
    assert reports[1]['tasks'][0]['node'] == 'worker-1'


def test_swarm_flags_and_list_filters():
    assert swarm_flags({})['docker_swarm_active'] is False
    locked = swarm_flags({'Swarm': {'LocalNodeState': 'locked'}})
    assert locked['locked'] and locked['docker_swarm_active'] and not locked['docker_swarm_manager']
    manager = swarm_flags({'Swarm': {'LocalNodeState': 'active', 'ControlAvailable': True, 'NodeID': 'n1'}})
    assert manager['docker_swarm_manager'] and manager['node_id'] == 'n1'
    params = {'nodes': True, 'nodes_filters': {'role': 'manager'}, 'services': False, 'services_filters': None,
              'tasks': True, 'tasks_filters': {'desired-state': 'running'}}
    assert parse_list_filters(params) == {'nodes': {'role': ['manager']}, 'services': None,
                                          'tasks': {'desired-state': ['running']}}
    with pytest.raises(SpecError, match='^services_filters: .*set services: true$'):
        parse_list_filters(dict(params, services_filters={'name': 'web'}))
    with pytest.raises(SpecError, match='accepted filters are desired-state, id'):
        parse_list_filters(dict(params, tasks_filters={'colour': 'red'}))
