"""Readers that inspect an object, then read more of it (container_info's processes, service_info's
logs), take an object another client removed in between for gone, whatever the engine's wording:
the task reports it as not there instead of failing. So does a container prune that Podman answers
with the errors of containers removed meanwhile. tests/integration/test_vanished_objects.py
runs the readers beside a writer that removes containers and services without a pause."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.container.info import describe_container
from ansible_collections.dockyard.docker.plugins.module_utils.core import walks
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.host.prune import PruneDriver, PruneSpec
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_info import run_service_info

RUNNING = {'Id': 'c0ffee', 'Name': '/web', 'State': {'Running': True, 'Status': 'running'},
           'NetworkSettings': {'Ports': {}}}
STOPPED = dict(RUNNING, State={'Running': False, 'Status': 'exited'})

# What each engine answers a read of a container removed after it was inspected.
CONTAINER_GONE = [
    (404, 'No such container: c0ffee'),                                            # Docker
    (500, 'no container with name or ID "c0ffee" found: no such container'),       # Podman
    (500, 'no container with ID c0ffee found in database: no such container'),     # Podman, older
]
# ... and a read of processes of a container stopped after it was inspected.
CONTAINER_STOPPED = [
    (409, 'Container c0ffee is not running'),                                       # Docker
    (409, 'container c0ffee is not running: container state improper'),           # Podman
    # Podman 5, seen beside a writer that kills and removes containers (test_vanished_objects on podman5).
    (500, 'executing ps(1) in container: can only create exec sessions on running containers: container state improper'),
]


class InTurn(list):
    """Answers to a path, one per call."""


class Daemon:
    """Answers GET requests from a table; a DockerError value is raised. inspect() is the client's."""

    def __init__(self, answers):
        self.answers = answers
        self.asked = []

    def get(self, path, *args, query=None, **kwargs):
        self.asked.append(path)
        answer = self.answers[path]
        if isinstance(answer, InTurn):
            answer = answer.pop(0)
        if isinstance(answer, DockerError):
            raise answer
        return answer

    def request(self, method, path, *args, **kwargs):
        return self.get(path, *args, **kwargs)

    def inspect(self, kind, name):
        try:
            return self.get('/%s/{}%s' % (kind, '/json' if kind == 'containers' else ''), name)
        except DockerError as exc:
            if exc.not_found:
                return None
            raise


@pytest.mark.parametrize('status, reason', CONTAINER_GONE)
def test_container_info_top_of_a_container_removed_after_its_inspect_reads_as_gone(status, reason):
    daemon = Daemon({'/containers/{}/json': InTurn([RUNNING, DockerError(404, 'No such container: c0ffee')]),
                     '/containers/{}/top': DockerError(status, reason)})
    result = describe_container(daemon, {'name': 'web', 'top': True, 'ps_args': None})
    assert result == {'exists': False, 'container': {}, 'ports': {}, 'processes': {'titles': [], 'rows': []}}


@pytest.mark.parametrize('status, reason', CONTAINER_STOPPED)
def test_container_info_top_of_a_container_stopped_after_its_inspect_lists_no_processes(status, reason):
    daemon = Daemon({'/containers/{}/json': InTurn([RUNNING, STOPPED]), '/containers/{}/top': DockerError(status, reason)})
    result = describe_container(daemon, {'name': 'web', 'top': True, 'ps_args': None})
    assert result['exists'] and result['container'] == STOPPED
    assert result['processes'] == {'titles': [], 'rows': []}


def test_container_info_top_other_errors_still_fail_naming_the_container():
    daemon = Daemon({'/containers/{}/json': RUNNING, '/containers/{}/top': DockerError(500, 'ps: exec failed')})
    with pytest.raises(TaskFailed, match='^Failed to list processes of container web: ps: exec failed$'):
        describe_container(daemon, {'name': 'web', 'top': True, 'ps_args': None})


class Module:
    """The module object run_service_info needs: params, and exit_json ending the run."""

    def __init__(self, **params):
        self.params = dict({'task_history': False, 'logs': False, 'tail': None, 'timestamps': False}, **params)
        self.result = None

    def exit_json(self, **result):
        self.result = result
        raise SystemExit(0)


SERVICE = {'ID': 'svc1', 'Spec': {'Name': 'web'}}
MANAGER = {'Swarm': {'ControlAvailable': True, 'LocalNodeState': 'active'}}


@pytest.mark.parametrize('status, reason', [
    (404, 'service svc1 not found'),                           # Docker
    (404, 'No such service: svc1'),
])
def test_service_info_logs_of_a_service_removed_after_its_inspect_read_as_gone(status, reason):
    daemon = Daemon({'/info': MANAGER, '/services/{}': InTurn([SERVICE, DockerError(404, 'service web not found')]),
                     '/nodes': [], '/tasks': [], '/services/{}/logs': DockerError(status, reason)})
    module = Module(name='web', logs=True)
    with pytest.raises(SystemExit):
        run_service_info(module, lambda params: daemon)
    assert module.result == {'changed': False, 'exists': False, 'service': {}, 'tasks': [], 'tasks_by_node': {}}


def test_service_info_logs_other_errors_still_fail():
    daemon = Daemon({'/info': MANAGER, '/services/{}': SERVICE, '/nodes': [], '/tasks': [],
                     '/services/{}/logs': DockerError(500, 'rpc error: code = Unavailable')})
    with pytest.raises(TaskFailed, match='^Failed to read the logs of service svc1: rpc error'):
        run_service_info(Module(name='web', logs=True), lambda params: daemon)


class PruneDaemon(Daemon):
    """A Podman that lists containers, then fails the prune naming those another client removed first
    (its compat endpoint joins every container's error with '; ' into one 500 answer)."""

    def __init__(self, listings, prune_error):
        super().__init__({'/containers/json': InTurn(listings)})
        self.prune_error = prune_error

    def post(self, path, *args, **kwargs):
        self.asked.append(path)
        raise self.prune_error

    def is_podman(self):
        return True

    def api_at_least(self, version):
        return True


def exited(ident, size=10):
    return {'Id': ident, 'State': 'exited', 'SizeRw': size, 'Created': 1}


def prune_driver(daemon):
    return PruneDriver(daemon, PruneSpec({'containers': True, 'containers_filters': {'label': 'churn=x'}}))


def test_prune_on_podman_reports_what_it_removed_when_others_removed_some_meanwhile():
    gone = 'b' * 64
    error = DockerError(500, 'no container with ID %s found in database: no such container; ' % gone)
    # Listed before the prune: a, b (b then removed by another client), c; after it: none.
    daemon = PruneDaemon([[exited('a' * 64), exited(gone), exited('c' * 64, 5)], []], error)
    removed, space = prune_driver(daemon)._prune_containers()
    assert removed == ['a' * 64, 'c' * 64] and space == 15


def test_prune_on_podman_leaves_a_container_started_meanwhile_and_reports_the_others():
    """Podman lists the stopped containers, then fails on one another client started since ('as it is
    running'); Docker skips such a one. The podman5 run of test_vanished_objects' prune reader."""
    started = 'c' * 64
    error = DockerError(500, 'cannot remove container %s as it is running - running or paused containers cannot be '
                             'removed without force: container state improper; ' % started)
    daemon = PruneDaemon([[exited('a' * 64), exited(started)], []], error)
    removed, space = prune_driver(daemon)._prune_containers()
    assert removed == ['a' * 64] and space == 10


@pytest.mark.parametrize('reason', [
    'no container with ID %s found in database: no such container; container %s is paused; ' % ('b' * 64, 'c' * 64),
    'removing storage for container %s: device or resource busy; ' % ('c' * 64),
])
def test_prune_other_errors_still_fail(reason):
    daemon = PruneDaemon([[exited('b' * 64), exited('c' * 64)], []], DockerError(500, reason))
    with pytest.raises(DockerError):
        prune_driver(daemon)._prune_containers()


class NetworkPruneDaemon(PruneDaemon):
    """Podman's network prune reads every container's networks first, and fails as a whole, before it
    removes anything, when one was removed meanwhile (500 '... no such container')."""

    def __init__(self, answers):
        super().__init__([], None)
        self.prune_answers = answers

    def post(self, path, *args, **kwargs):
        self.asked.append(path)
        answer = self.prune_answers.pop(0)
        if isinstance(answer, DockerError):
            raise answer
        return answer


def network_prune_driver(daemon):
    return PruneDriver(daemon, PruneSpec({'networks': True}))


def test_network_prune_on_podman_is_tried_again_when_a_container_vanished_under_it(monkeypatch):
    """The fresh-clone run's test_prune_removes_only_labelled_unused_resources on podman5 failed
    'Failed to prune networks: no container with ID ... found in database: no such container'."""
    monkeypatch.setattr(walks, 'WALK_PAUSE', 0)
    gone = DockerError(500, 'no container with ID %s found in database: no such container' % ('b' * 64))
    daemon = NetworkPruneDaemon([gone, gone, {'NetworksDeleted': ['web', 'db']}])
    assert network_prune_driver(daemon)._prune_networks() == (['db', 'web'], 0)
    assert daemon.asked == ['/networks/prune'] * 3
    busy = NetworkPruneDaemon([DockerError(500, 'network web is in use')])
    with pytest.raises(TaskFailed, match='^Failed to prune networks: network web is in use$'):
        network_prune_driver(busy)._prune_networks()


def test_network_prune_on_podman_outlasts_a_writer_that_keeps_removing_containers(monkeypatch):
    """The next fresh-clone run failed the same test again: five tries in two seconds all met a container
    removed by another test's churn. The prune is tried as long as a walk is read again (core/walks.py)."""
    monkeypatch.setattr(walks, 'WALK_PAUSE', 0)
    gone = DockerError(500, 'no container with ID %s found in database: no such container' % ('c' * 64))
    daemon = NetworkPruneDaemon([gone] * 12 + [{'NetworksDeleted': ['web']}])
    assert network_prune_driver(daemon)._prune_networks() == (['web'], 0)
    assert len(daemon.asked) == 13
