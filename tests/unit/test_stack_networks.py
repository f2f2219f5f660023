"""stack: a stack's networks are the current swarm's, found by ID (no daemon: a fake answers)."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_spec import ServiceSpec, service_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.stack import StackDriver
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.stack_convert import with_defaults

SWARM = {'CreatedAt': '2026-12-07T12:00:10.5Z'}
# Left behind by the swarm this node left: same name and scope, created before the new swarm.
STALE = {'Name': 'shop_front', 'Id': 'old' * 8, 'Scope': 'swarm', 'Created': '2026-12-07T11:58:00.123456789Z'}
CURRENT = {'Name': 'shop_front', 'Id': 'new' * 8, 'Scope': 'swarm', 'Created': '2026-12-07T13:00:11+01:00'}


class FakeClient:

    def __init__(self, networks):
        self.networks = networks

    def get(self, path, query=None, **_kw):
        if path == '/swarm':
            return SWARM
        assert path == '/networks' and query == {'filters': {'name': ['shop_front']}}
        # The name filter matches parts of names too.
        return self.networks + [{'Name': 'shop_front_extra', 'Id': 'x' * 24, 'Scope': 'swarm', 'Created': SWARM['CreatedAt']}]

    def inspect(self, kind, ident):
        assert kind == 'networks'
        return next((dict(network) for network in self.networks if network['Id'] == ident), None)


def driver(networks):
    return StackDriver(FakeClient(networks), spec=None)


@pytest.mark.parametrize('networks', [[STALE, CURRENT], [CURRENT, STALE]])
def test_the_current_swarms_network_is_found_by_id_and_a_left_swarms_passed_over(networks):
    found = driver(networks)
    assert found._swarm_network('front', 'shop_front')['Id'] == CURRENT['Id']
    assert found.network_ids == {'shop_front': CURRENT['Id']}
    service = ServiceSpec(with_defaults(service_argument_spec(), dict(
        name='shop_web', image='busybox', networks=[{'name': 'shop_front', 'aliases': ['web']}, 'shop_back'])))
    resolved = found._by_network_id(service)
    assert resolved.networks == [{'name': CURRENT['Id'], 'aliases': ['web']}, {'name': 'shop_back', 'aliases': []}]
    assert service.networks[0]['name'] == 'shop_front'  # the spec itself is left as it was


def test_only_a_left_swarms_network_means_none_and_a_local_one_is_refused():
    assert driver([STALE])._swarm_network('front', 'shop_front') is None
    local = dict(CURRENT, Scope='local')
    with pytest.raises(TaskFailed, match="^networks.front: network 'shop_front' exists with scope local; "):
        driver([local])._swarm_network('front', 'shop_front')


class ConflictUntilTheLeftoverGoes(FakeClient):
    """The daemon refuses the name while it still lists the left swarm's network, which goes after two tries."""

    def __init__(self):
        super().__init__([STALE])
        self.tries = 0

    def post(self, path, body=None, **_kw):
        from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError
        assert path == '/networks/create' and body['Name'] == 'shop_front'
        self.tries += 1
        if self.networks:
            if self.tries == 2:
                self.networks = []
            raise DockerError(409, 'network with name shop_front already exists')
        return {'Id': 'fresh'}


def test_a_create_waits_while_the_left_swarms_network_is_still_listed(monkeypatch):
    from ansible_collections.dockyard.docker.plugins.module_utils.swarm import stack
    monkeypatch.setattr(stack.time, 'sleep', lambda _seconds: None)
    client = ConflictUntilTheLeftoverGoes()
    assert StackDriver(client, spec=None)._create_network('shop_front', {'Name': 'shop_front'}) == {'Id': 'fresh'}
    assert client.tries == 3


class LeftoverByNameForAWhile(FakeClient):
    """An inspect by name answers with the left swarm's network twice more, then with nothing."""

    def __init__(self):
        super().__init__([])
        self.by_name = 0

    def inspect(self, kind, ident):
        if ident == 'shop_front':
            self.by_name += 1
            return dict(STALE) if self.by_name <= 2 else None
        return super().inspect(kind, ident)


def test_the_read_waits_until_a_name_no_longer_means_the_left_swarms_network(monkeypatch):
    from ansible_collections.dockyard.docker.plugins.module_utils.swarm import stack
    monkeypatch.setattr(stack.time, 'sleep', lambda _seconds: None)
    client = LeftoverByNameForAWhile()
    assert StackDriver(client, spec=None)._swarm_network('front', 'shop_front') is None
    assert client.by_name == 3
