"""A network name that several networks share (issue 32): one rule, the oldest, for every module.

The fake daemon answers as dockerd 20.10 does when two networks have one name: a request by the
name is 400 '2 matches found based on name: network NAME is ambiguous', by ID it works, and the
list's name filter matches parts of names.
"""

import types

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.compose.project import ProjectResources
from ansible_collections.dockyard.docker.plugins.module_utils.container.driver import ContainerDriver, ContainerSpec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, apply_plan, run_driver
from ansible_collections.dockyard.docker.plugins.module_utils.network.driver import NetworkDriver
from ansible_collections.dockyard.docker.plugins.module_utils.network.resolve import request_target, resolve_network
from ansible_collections.dockyard.docker.plugins.module_utils.network.spec import NetworkSpec
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service import ServiceDriver

AMBIGUOUS = '2 matches found based on name: network %s is ambiguous'


def network(ident, created, name='net', scope='local', subnet=None, containers=()):
    return {'Name': name, 'Id': ident, 'Created': created, 'Scope': scope, 'Driver': 'bridge',
            'IPAM': {'Driver': 'default', 'Config': [{'Subnet': subnet}] if subnet else []},
            'Containers': dict((container, {}) for container in containers)}


def container(ident, name, network_id, aliases=(), ipv4=None, address=None):
    endpoint = {'NetworkID': network_id, 'Aliases': list(aliases) + [ident[:12]],
                'IPAMConfig': {'IPv4Address': ipv4} if ipv4 else None, 'IPAddress': address or ipv4 or ''}
    return {'Id': ident, 'Name': '/' + name, 'NetworkSettings': {'Networks': {'net': endpoint}}}


class Daemon:
    """Networks and containers as dockerd 20.10 holds them; records every request that changes something."""

    def __init__(self, networks, containers=(), api='1.41'):
        self.networks = list(networks)
        self.containers = dict((item['Id'], item) for item in containers)
        self.api = api
        self.changes = []
        self.vanish = set()  # IDs the list still shows but an inspect no longer finds

    def api_at_least(self, version):
        return tuple(int(part) for part in self.api.split('.')) >= tuple(int(part) for part in version.split('.'))

    def is_podman(self):
        return False

    def inspect(self, kind, ident):
        if kind == 'containers':
            found = [item for item in self.containers.values() if ident in (item['Id'], item['Name'][1:])]
            return found[0] if found else None
        by_id = [item for item in self.networks if item['Id'] == ident and ident not in self.vanish]
        if by_id:
            return dict(by_id[0])
        by_name = [item for item in self.networks if item['Name'] == ident]
        if len(by_name) > 1:
            raise DockerError(400, AMBIGUOUS % ident)
        return dict(by_name[0]) if by_name else None

    def get(self, path, query=None):
        assert path == '/networks'
        wanted = query['filters']['name'][0]
        return [dict(item, Containers=None) for item in self.networks if wanted in item['Name']]

    def post(self, template, *args, **kwargs):
        self.changes.append(('post', template) + args + (kwargs.get('body'),))
        if template == '/networks/create':
            return {'Id': 'created'}
        return None

    def delete(self, template, *args, **kwargs):
        self.changes.append(('delete', template) + args)


# -- the rule ------------------------------------------------------------------------------------

def test_a_name_held_once_is_one_inspect_by_name_as_before():
    daemon = Daemon([network('only', '2026-12-03T20:05:01Z')])
    resolved = resolve_network(daemon, 'net')
    assert resolved.network['Id'] == 'only' and resolved.others == []
    assert request_target(resolved, 'net') == 'net'
    assert resolve_network(daemon, 'other') == (None, [])


def test_a_shared_name_means_the_oldest_network_by_time_then_id():
    daemon = Daemon([
        network('b-young', '2026-12-03T20:05:01.95Z'),  # '.95Z' sorts before '.9Z' as text
        network('c-old', '2026-12-03T20:05:01.9Z'),
        network('a-old', '2026-12-03T20:05:01.900Z'),   # the same time: the ID decides
        network('x', '2026-12-01T00:00:00Z', name='net-2'),  # the filter matches parts of names
    ])
    resolved = resolve_network(daemon, 'net')
    assert resolved.network['Id'] == 'a-old'
    assert [entry['Id'] for entry in resolved.others] == ['c-old', 'b-young']
    assert request_target(resolved, 'net') == 'a-old'


def test_a_network_removed_between_the_list_and_its_inspect_is_passed_over():
    daemon = Daemon([network('old', '2026-12-03T20:05:01Z'), network('young', '2026-12-03T20:05:02Z')])
    daemon.vanish.add('old')
    resolved = resolve_network(daemon, 'net')
    assert resolved.network['Id'] == 'young' and resolved.others == []
    assert request_target(resolved, 'net') == 'net'  # held once now


def test_a_scope_picks_the_oldest_network_of_that_scope():
    daemon = Daemon([network('local', '2026-12-03T20:05:01Z'), network('swarm', '2026-12-03T20:05:02Z', scope='swarm')])
    assert resolve_network(daemon, 'net', 'swarm').network['Id'] == 'swarm'


def test_other_errors_are_not_taken_for_a_shared_name():
    class Broken(Daemon):
        def inspect(self, kind, ident):
            raise DockerError(500, 'driver failed')
    with pytest.raises(DockerError):
        resolve_network(Broken([]), 'net')


# -- network: sends CheckDuplicate where the API has it ---------------------------------------------

@pytest.mark.parametrize('api, sent', [('1.41', True), ('1.43', True), ('1.44', None), ('1.51', None)])
def test_create_sends_check_duplicate_only_where_the_api_has_it(api, sent):
    daemon = Daemon([], api=api)
    driver = NetworkDriver(daemon, NetworkSpec({'name': 'net'}))
    driver._create()
    body = [change[-1] for change in daemon.changes if change[1] == '/networks/create'][0]
    assert body.get('CheckDuplicate') is sent


# -- network: merges the networks of its name --------------------------------------------------------

def _shared(force=False, state='present'):
    networks = [network('old', '2026-12-03T20:05:01Z', subnet='10.99.231.0/24', containers=['c1']),
                network('young', '2026-12-03T20:05:02Z', subnet='10.99.232.0/24', containers=['c2', 'c3'])]
    containers = [container('c1', 'db', 'old', ['db'], ipv4='10.99.231.50'),
                  container('c2', 'web', 'young', ['web'], ipv4='10.99.232.7'),
                  container('c3', 'cache', 'young', address='10.99.232.3')]
    daemon = Daemon(networks, containers)
    driver = NetworkDriver(daemon, NetworkSpec({'name': 'net', 'state': state, 'force': force}))
    driver.read()
    return daemon, driver


def test_the_younger_networks_of_the_name_are_merged_into_the_oldest():
    daemon, driver = _shared()
    plan = driver.plan(check_mode=True)
    assert daemon.changes == []  # planning touches nothing
    assert plan.describe() == [
        'disconnect container cache from network net (young), a younger network of the name',
        'connect container cache to network net (old), the oldest of the name',
        'disconnect container web from network net (young), a younger network of the name',
        'connect container web to network net (old), the oldest of the name without its static address '
        '10.99.232.7, which that network cannot give it',
        'remove network net (young), a younger network of the name',
    ]
    assert plan.before['ids'] == ['old', 'young'] and plan.after['ids'] == ['old']
    assert plan.after['merged'] == ['young into old (containers: cache, web)']
    assert plan.before['connected'] == plan.after['connected'] == ['cache', 'db', 'web']
    apply_plan(plan)
    connects = [change for change in daemon.changes if change[1] == '/networks/{}/connect']
    assert [(change[2], change[3]['Container']) for change in connects] == [('old', 'c3'), ('old', 'c2')]
    assert connects[1][3]['EndpointConfig'] == {'Aliases': ['web']}  # alias kept, the short ID left to the daemon
    assert ('delete', '/networks/{}', 'young') in daemon.changes
    assert all(change[2] in ('old', 'young') for change in daemon.changes)  # never by the ambiguous name


def test_a_static_address_the_oldest_network_holds_is_kept():
    daemon, driver = _shared()
    driver.actual['IPAM']['Config'].append({'Subnet': '10.99.232.0/24'})
    plan = driver.plan()
    apply_plan(plan)
    connect = [change for change in daemon.changes if change[1] == '/networks/{}/connect' and change[3]['Container'] == 'c2']
    assert connect[0][3]['EndpointConfig'] == {'Aliases': ['web'], 'IPAMConfig': {'IPv4Address': '10.99.232.7'}}


def test_absent_removes_every_network_of_the_name():
    with pytest.raises(Exception) as caught:
        _shared(state='absent')[1].plan()
    assert 'cache, db, web' in str(caught.value) and 'force: true' in str(caught.value)
    daemon, driver = _shared(state='absent', force=True)
    plan = driver.plan()
    removed = [action.description for action in plan.actions if action.name == 'remove']
    assert removed == ['remove network net (young)', 'remove network net (old)']
    assert plan.before['ids'] == ['old', 'young'] and plan.after['ids'] == []
    apply_plan(plan)
    assert [change[2] for change in daemon.changes if change[0] == 'delete'] == ['young', 'old']


# -- container, containers, compose, service: the same network ----------------------------------------

def _container_driver(daemon):
    spec = ContainerSpec({'name': 'app', 'image': 'busybox', 'networks': [{'name': 'net', 'aliases': ['app']}]})
    driver = ContainerDriver(daemon, spec)
    driver.read_networks()
    return spec, driver


def test_a_container_names_the_oldest_network_by_id_where_the_name_is_shared():
    daemon, _driver = _shared()
    spec, driver = _container_driver(daemon)
    body = spec.create_body(None, daemon.api_at_least, daemon.is_podman)
    assert body['HostConfig']['NetworkMode'] == 'net'  # read back as the name: an identical rerun compares equal
    assert body['NetworkingConfig']['EndpointsConfig']['net']['NetworkID'] == 'old'
    plan = Plan()
    driver._plan_networks(plan, container('c9', 'app', 'young', ['app']))
    assert plan.describe() == ['disconnect container app from network net (young), a younger network of the name',
                               'connect container app to network net']
    apply_plan(plan)
    assert [change[2] for change in daemon.changes] == ['young', 'old']
    plan = Plan()
    driver._plan_networks(plan, container('c9', 'app', 'old', ['app']))
    assert plan.describe() == []  # on the oldest: nothing to do


def test_a_container_created_but_never_started_on_a_shared_name_is_connected_again_by_id():
    # Created by name before the second network appeared: its endpoint has no NetworkID yet, and its
    # start would ask for the ambiguous name.
    daemon, _driver = _shared()
    _spec, driver = _container_driver(daemon)
    never_started = container('c9', 'app', '', ['app'])
    plan = Plan()
    driver._plan_networks(plan, never_started)
    assert plan.describe() == ['disconnect container app from network net to name it by ID, as several networks '
                               'have that name', 'connect container app to network net']
    apply_plan(plan)
    assert [change[2] for change in daemon.changes] == ['old', 'old']
    assert daemon.changes[1][3]['EndpointConfig'] == {'NetworkID': 'old', 'Aliases': ['app']}


def test_a_container_request_names_a_network_held_once_by_name():
    daemon = Daemon([network('only', '2026-12-03T20:05:01Z')])
    spec, driver = _container_driver(daemon)
    body = spec.create_body(None, daemon.api_at_least, daemon.is_podman)
    assert body['NetworkingConfig']['EndpointsConfig']['net'] == {'Aliases': ['app']}
    assert driver._network_target('net') == 'net'


def test_compose_reads_the_oldest_network_and_removes_every_network_of_the_name():
    daemon, _driver = _shared()
    project = {'name': 'p', 'networks': {'default': {'name': 'net', 'external': True}}, 'volumes': {}}
    resources = ProjectResources(daemon, project)
    resources.read()
    assert resources.actual[('networks', 'default')]['Id'] == 'old'
    assert resources.plan_present().describe() == []  # it exists: nothing to create, no 'ambiguous' failure

    class Listed(Daemon):
        def get(self, path, query=None):
            return [dict(item, Containers=None) for item in self.networks] if path == '/networks' else []
    listed = Listed(daemon.networks)
    plan = ProjectResources(listed, project).plan_absent(remove_volumes=False)
    assert plan.describe() == ['remove network net (old)', 'remove network net (young)']
    apply_plan(plan)
    assert [change[2] for change in listed.changes] == ['old', 'young']


@pytest.mark.parametrize('api, sent', [('1.41', True), ('1.44', None)])
def test_compose_creates_its_networks_with_check_duplicate_where_the_api_has_it(api, sent):
    daemon = Daemon([], api=api)
    project = {'name': 'p', 'networks': {'default': {'name': 'p_default', 'external': False}}, 'volumes': {}}
    resources = ProjectResources(daemon, project)
    resources.read()
    apply_plan(resources.plan_present())
    assert daemon.changes[0][-1].get('CheckDuplicate') is sent


def test_a_service_uses_the_oldest_swarm_network_of_a_shared_name():
    daemon = Daemon([network('local', '2026-12-03T20:05:01Z'), network('old', '2026-12-03T20:05:02Z', scope='swarm'),
                     network('young', '2026-12-03T20:05:03Z', scope='swarm')])
    driver = ServiceDriver(daemon, types.SimpleNamespace(fields=[]))
    assert driver._network_target({'name': 'net', 'aliases': ['api']}) == {'Target': 'old', 'Aliases': ['api']}


class Exited(Exception):
    pass


class Module:
    check_mode, _diff = False, False

    def exit_json(self, **result):
        self.result = result
        raise Exited()


def test_a_create_refused_because_another_writer_made_the_network_meanwhile_converges_on_it():
    # CheckDuplicate (or Docker 25+) refuses the second of two creates at once: 409 'already exists'.
    class Racing(Daemon):
        def post(self, template, *args, **kwargs):
            if template == '/networks/create':
                self.networks.append(network('theirs', '2026-12-03T20:05:01Z'))
                raise DockerError(409, 'network with name net already exists')
            return super().post(template, *args, **kwargs)
    daemon, module = Racing([]), Module()
    with pytest.raises(Exited):
        run_driver(module, NetworkDriver(daemon, NetworkSpec({'name': 'net'})), check_mode=False)
    assert module.result['changed'] is False and module.result['network']['Id'] == 'theirs'
