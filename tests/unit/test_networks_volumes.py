"""Pure logic of the network, volume, volume_backup and prune modules (no daemon)."""

import time

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.network.driver import NetworkDriver
from ansible_collections.dockyard.docker.plugins.module_utils.network.spec import (
    NetworkSpec, create_body_of, parse_connected, parse_ipam_pools, pools_match)
from ansible_collections.dockyard.docker.plugins.module_utils.host.prune import created_before
from ansible_collections.dockyard.docker.plugins.module_utils.specs.endpoints import attachments
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.volume.driver import VolumeSpec
from ansible_collections.dockyard.docker.plugins.module_utils.volume.backup import member_path, parse_checksum


def network(**params):
    params.setdefault('name', 'net')
    return NetworkSpec(params)


def test_flat_ipam_options_make_one_pool():
    pools = parse_ipam_pools(dict(subnet='10.1.0.0/16', gateway='10.1.0.1', ip_range='10.1.2.0/24',
                                  aux_addresses={'r': '10.1.0.2'}))
    assert pools == [{'Subnet': '10.1.0.0/16', 'Gateway': '10.1.0.1', 'IPRange': '10.1.2.0/24',
                      'AuxiliaryAddresses': {'r': '10.1.0.2'}}]
    assert parse_ipam_pools({}) is None


@pytest.mark.parametrize('params, option', [
    (dict(gateway='10.0.0.1'), 'gateway'),
    (dict(subnet='10.0.0.1/8'), 'subnet'),
    (dict(subnet='10.0.0.0/8', aux_addresses={'a': '11.0.0.1'}), 'aux_addresses'),
    (dict(ipam_config=[{'subnet': '10.0.0.0/8'}, {'subnet': '10.0.0.0/8'}]), 'ipam_config'),
    (dict(ipam_config=[{'subnet': '10.0.0.0/8', 'gateway': '192.168.0.1'}]), 'ipam_config.gateway'),
    (dict(ipam_config=[{'subnet': 'fdd1:ac8c:0557:7ce1::'}]), 'ipam_config.subnet'),
    (dict(ipam_config=[{'subnet': 'fd00:1::/128'}]), 'ipam_config.subnet'),
    (dict(subnet='10.0.0.0'), 'subnet'),
    (dict(subnet='10.0.0.0/8', ip_range='10.0.0.9'), 'ip_range'),
])
def test_ipam_errors_name_the_option(params, option):
    with pytest.raises(SpecError) as caught:
        parse_ipam_pools(params)
    assert caught.value.option == option


def test_pools_match_compares_only_what_the_task_sets():
    actual = [{'Subnet': '10.1.0.0/16', 'Gateway': '10.1.0.1'}]
    assert pools_match([{'Subnet': '10.1.0.0/16'}], actual)
    assert not pools_match([{'Subnet': '10.1.0.0/16', 'Gateway': '10.1.0.9'}], actual)
    assert not pools_match([{'Subnet': '10.2.0.0/16'}], actual)


def test_pools_match_leaves_the_daemons_pool_of_another_family_alone():
    actual = [{'Subnet': '172.18.0.0/16', 'Gateway': '172.18.0.1'}, {'Subnet': 'fd00:1::/64'}]
    assert pools_match([{'Subnet': 'fd00:1::/64'}], actual)
    assert not pools_match([{'Subnet': 'fd00:2::/64'}], actual)
    assert not pools_match([{'Subnet': '10.1.0.0/16'}, {'Subnet': 'fd00:1::/64'}], actual)
    assert pools_match([], actual)


def test_create_body_of_an_inspected_network():
    inspected = {'Name': 'n', 'Id': 'x', 'Driver': 'bridge', 'Scope': 'local', 'Internal': True, 'EnableIPv6': False,
                 'Attachable': False, 'Ingress': False, 'ConfigOnly': False, 'ConfigFrom': {'Network': ''},
                 'Labels': {'a': '1'}, 'Options': {'o': 'v'}, 'Containers': {'c': {}},
                 'IPAM': {'Driver': 'default', 'Options': None,
                          'Config': [{'Subnet': '10.1.0.0/16', 'Gateway': '10.1.0.1', 'IPRange': ''}]}}
    body = create_body_of(inspected)
    assert body['IPAM'] == {'Driver': 'default', 'Config': [{'Subnet': '10.1.0.0/16', 'Gateway': '10.1.0.1'}]}
    assert body['Internal'] and body['Labels'] == {'a': '1'} and body['Options'] == {'o': 'v'}
    assert 'Containers' not in body and 'Id' not in body and 'ConfigFrom' not in body
    made_from = create_body_of(dict(inspected, ConfigFrom={'Network': 'template'}))
    assert made_from['ConfigFrom'] == {'Network': 'template'} and 'IPAM' not in made_from


def test_network_differences_ignore_unset_options():
    actual = {'Driver': 'bridge', 'Internal': False, 'Labels': {'a': '1'}, 'Options': {'x': '1', 'daemon': 'y'},
              'IPAM': {'Driver': 'default', 'Config': [{'Subnet': '10.1.0.0/16'}]}, 'ConfigFrom': {'Network': ''}}
    assert network().differences(actual) == []
    assert network(options={'x': '1'}, labels={'a': 1}, subnet='10.1.0.0/16').differences(actual) == []
    assert [d[0] for d in network(internal=True, labels={}).differences(actual)] == ['internal', 'labels']


def test_a_swarm_network_not_yet_allocated_has_no_option_differences():
    wanted = network(driver='overlay', encrypted=True, options={'com.example': '1'})
    unallocated = {'Name': 'n', 'Driver': 'overlay', 'Scope': 'swarm', 'Options': None}
    assert wanted.differences(unallocated) == []
    allocated = dict(unallocated, Options={'com.docker.network.driver.overlay.vxlanid_list': '4097'})
    assert [d[0] for d in wanted.differences(allocated)] == ['options', 'encrypted']
    assert [d[0] for d in wanted.differences(dict(unallocated, Scope='local'))] == ['options', 'encrypted']


def test_connected_entries():
    members = parse_connected(['web', {'container': 'api', 'aliases': ['a'], 'ipv4_address': '10.0.0.5'}])
    assert members['web']['aliases'] == [] and members['api']['ipv4_address'] == '10.0.0.5'
    for bad in (['web', 'web'], [{'aliases': ['a']}], [{'container': 'x', 'ipv6_address': '10.0.0.1'}],
                [{'container': 'x', 'aliases': 'a'}]):
        with pytest.raises(SpecError):
            parse_connected(bad)
    # A link is checked with the task's arguments, naming this option (it was found by the daemon-side read).
    with pytest.raises(SpecError, match=r'^connected\.links: '):
        parse_connected([{'container': 'x', 'links': ['/']}])
    assert parse_connected([{'container': 'x', 'links': ['/db']}])['x']['links'] == ['db:db']
    with pytest.raises(SpecError) as caught:
        network(subnet='10.0.0.0/24', connected=[{'container': 'x', 'ipv4_address': '10.0.1.1'}])
    assert caught.value.option == 'connected.ipv4_address'


def test_volume_spec():
    spec = VolumeSpec(dict(name='data', labels={'a': 1}, driver_options={'type': 'tmpfs'}))
    assert spec.create_body() == {'Name': 'data', 'Driver': 'local', 'DriverOpts': {'type': 'tmpfs'},
                                  'Labels': {'a': '1'}}
    assert spec.differences({'Driver': 'local', 'Options': {'type': 'tmpfs'}, 'Labels': {'a': '1'}}) == []
    with pytest.raises(SpecError):
        VolumeSpec(dict(name='/abs'))


@given(st.dictionaries(st.text(st.characters(blacklist_categories=('Cs',)), min_size=1).filter(str.strip),
                       st.one_of(st.text(), st.integers(), st.booleans(), st.lists(st.text()))))
def test_filters_always_become_lists_of_strings(filters):
    parsed = parse_filters('filters', filters)
    assert set(parsed) == set(str(key) for key in filters)
    assert all(isinstance(value, list) and all(isinstance(item, str) for item in value) for value in parsed.values())


def test_filters_reject_nested_values():
    with pytest.raises(SpecError):
        parse_filters('filters', {'label': {'a': 'b'}})
    assert parse_filters('filters', {'dangling': True}) == {'dangling': ['true']}


def test_created_before():
    now = time.time()
    assert created_before(now - 7200, ['1h']) and not created_before(now, ['1h'])
    assert created_before('2001-01-01T00:00:00.123Z', ['24h'])
    assert created_before(now, None)


@pytest.mark.parametrize('name, path', [
    ('./data/x', 'data/x'), ('data/', 'data'), ('/cfg/a', 'cfg/a'), ('.', ''), ('./', ''), ('./.hidden', '.hidden'),
    ('var/lib/data/', 'var/lib/data'), ('./data/../etc', 'data/../etc')])
def test_member_path(name, path):
    assert member_path(name) == path


def test_parse_checksum():
    digest = 'ab' * 32
    assert parse_checksum('sha256:' + digest.upper()) == digest
    assert parse_checksum(None) is None
    with pytest.raises(SpecError):
        parse_checksum('xyz')


def test_port_bindings_match_what_podman_resolves():
    from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import bindings_match
    asked = {'80/tcp': [{'HostIp': '', 'HostPort': ''}], '53/udp': [{'HostIp': '127.0.0.1', 'HostPort': '5353'}]}
    assert bindings_match(asked, asked)
    resolved = {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '38691'}],
                '53/udp': [{'HostIp': '127.0.0.1', 'HostPort': '5353'}]}
    assert bindings_match(asked, resolved)
    assert not bindings_match(asked, dict(resolved, **{'53/udp': [{'HostIp': '127.0.0.1', 'HostPort': '5354'}]}))
    assert not bindings_match(asked, {'80/tcp': resolved['80/tcp']})
    assert not bindings_match({'80/tcp': [{'HostIp': '', 'HostPort': '8080'}]},
                              {'80/tcp': [{'HostIp': '::1', 'HostPort': '8080'}]})
    two = {'80/tcp': [{'HostIp': '', 'HostPort': ''}, {'HostIp': '', 'HostPort': '8080'}]}
    assert bindings_match(two, {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '8080'},
                                           {'HostIp': '0.0.0.0', 'HostPort': '40000'}]})
    assert bindings_match(two, {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '8080'},
                                           {'HostIp': '0.0.0.0', 'HostPort': '9000'}]})


def test_prune_label_filters_applied_locally():
    from ansible_collections.dockyard.docker.plugins.module_utils.host.prune import labels_match
    labels = {'app': 'web', 'tier': 'front'}
    assert labels_match(labels, {})
    assert labels_match(labels, {'label': ['app', 'tier=front']})
    assert not labels_match(labels, {'label': ['app=db']})
    assert not labels_match(labels, {'label': ['missing']})
    assert labels_match(labels, {'label!': ['app=db']})
    assert not labels_match(labels, {'label!': ['tier']})


class _PruneClient:
    """Answers the build-cache prune and disk usage; nothing else is asked for builder-only prunes."""

    def __init__(self, caches, space):
        self.caches, self.space = caches, space

    def post(self, template, query=None, timeout=None):
        assert template == '/build/prune'
        return {'CachesDeleted': self.caches, 'SpaceReclaimed': self.space}

    def get(self, template, query=None):
        assert template == '/system/df'
        return {'BuildCache': [{'ID': cache, 'Size': self.space, 'InUse': False} for cache in self.caches]}


@pytest.mark.parametrize('check_mode', [True, False])
@pytest.mark.parametrize('caches, space, changed', [([], 0, False), (['c1'], 0, False), (['c1'], 10, True)])
def test_the_build_cache_prune_changes_something_when_it_frees_space(check_mode, caches, space, changed):
    from ansible_collections.dockyard.docker.plugins.module_utils.host.prune import PruneDriver, PruneSpec
    from ansible_collections.dockyard.docker.plugins.module_utils.core.state import apply_plan
    spec = PruneSpec(dict(builder=True, builder_all=False))
    driver = PruneDriver(_PruneClient(caches, space), spec)
    plan = driver.plan(check_mode)
    done = plan.describe() if check_mode else apply_plan(plan)
    assert bool(done) == changed and done in ([], ['prune the build cache'])
    assert driver.result(check_mode) == {'builder_space_reclaimed': space, 'space_reclaimed': space}


@pytest.mark.parametrize('parse, entry, option', [
    (lambda entry: parse_connected([entry]), {'container': 'web', 'ipv6_address': '10.0.0.5'}, 'connected.ipv6_address'),
    (lambda entry: attachments('networks', [entry]), {'name': 'net', 'ipv6_address': '10.0.0.5'}, 'networks.ipv6_address'),
    (lambda entry: parse_connected([entry]), {'container': 'web', 'ipv4_address': 'fd00::5'}, 'connected.ipv4_address'),
    (lambda entry: attachments('networks', [entry]), {'name': 'net', 'aliases': 'a'}, 'networks.aliases'),
])
def test_one_endpoint_parser_for_container_networks_and_network_members(parse, entry, option):
    with pytest.raises(SpecError) as caught:
        parse(entry)
    assert caught.value.option == option


class RacedDaemon:
    """Two networks of one name, as dockerd holds them while a racing writer's duplicate is removed
    again: a request by the name is 'ambiguous', by ID it works. Ours is the older one."""

    def __init__(self):
        self.networks = [{'Name': 'net', 'Id': 'ours', 'Created': '2026-12-03T20:05:01.9Z'}]
        self.deleted = []

    def api_at_least(self, version):
        return False  # dockerd 20.10 (API 1.41)

    def inspect(self, kind, ident):
        if ident == 'net' and len(self.networks) > 1:
            raise DockerError(400, '2 matches found based on name: network net is ambiguous')
        return next((dict(item) for item in self.networks if ident in (item['Id'], item['Name'])), None)

    def post(self, path, body=None):
        assert path == '/networks/create'
        # the other writer's create lands at the same moment, 0.05 s later: '.95Z' sorts before '.9Z' as text
        self.networks.append({'Name': 'net', 'Id': 'theirs', 'Created': '2026-12-03T20:05:01.95Z'})
        return {'Id': 'ours'}

    def get(self, path, query=None):
        return list(self.networks)

    def delete(self, template, ident, ok_statuses=()):
        self.deleted.append(ident)


def test_a_created_network_is_addressed_by_id_while_a_racing_duplicate_exists():
    daemon = RacedDaemon()
    driver = NetworkDriver(daemon, network())
    driver._create()
    # ours is the oldest (by time, not by text), so it stays; theirs, younger and empty, is removed
    assert daemon.deleted == ['theirs']
    assert driver.result(check_mode=False)['network']['Id'] == 'ours'
