"""Two networks with one name (issue 32): Docker before 25 lets them be (two creates at once, another
tool, CheckDuplicate false), and every request by the name then fails '... is ambiguous'. The
`network` module merges them into the oldest; `container` uses the oldest meanwhile.

Docker 25+ and Podman refuse a second network of a name, so the state cannot be made there
('duplicate-network-names' in engines.py): these tests run on the host engine (20.10).
"""

import http.client
import json
import os
import socket
import time

import pytest

from conftest import docker_cli, docker_inspect, remove_containers, run_module

pytestmark = pytest.mark.needs('duplicate-network-names')

OLD_SUBNET, YOUNG_SUBNET = '10.99.231.0/24', '10.99.232.0/24'


class _UnixConnection(http.client.HTTPConnection):

    def __init__(self, path):
        super().__init__('localhost', timeout=60)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.socket_path)


def engine_api(method, path, body=None):
    """One request to the engine, as another tool would send it (not through the collection's client)."""
    host = os.environ.get('DOCKER_HOST') or 'unix:///var/run/docker.sock'
    assert host.startswith('unix://'), host
    connection = _UnixConnection(host[len('unix://'):])
    try:
        connection.request(method, '/v1.41' + path, body=json.dumps(body) if body is not None else None,
                           headers={'Content-Type': 'application/json'})
        response = connection.getresponse()
        data = response.read().decode()
        assert response.status < 300, '%s %s: %s %s' % (method, path, response.status, data)
        return json.loads(data) if data else None
    finally:
        connection.close()


def networks_named(name):
    return [item for item in engine_api('GET', '/networks') if item['Name'] == name]


def endpoint(container, network_id):
    found = [value for value in docker_inspect('container', container)['NetworkSettings']['Networks'].values()
             if value['NetworkID'] == network_id]
    return found[0] if found else None


@pytest.fixture
def two_networks(name, busybox):
    """NAME twice, made through the API with CheckDuplicate false: db (alias, static address) on the
    older, web (alias, static address) on the younger. Yields (name, old ID, young ID)."""
    net = name + '-net'
    old = engine_api('POST', '/networks/create', {'Name': net, 'CheckDuplicate': False,
                                                  'IPAM': {'Config': [{'Subnet': OLD_SUBNET}]}})['Id']
    time.sleep(0.01)  # distinct Created times; the ID would break a tie
    young = engine_api('POST', '/networks/create', {'Name': net, 'CheckDuplicate': False,
                                                    'IPAM': {'Config': [{'Subnet': YOUNG_SUBNET}]}})['Id']
    members = ((name + '-db', old, 'db', '10.99.231.50'), (name + '-web', young, 'web', '10.99.232.7'))
    for container, network_id, alias, address in members:
        engine_api('POST', '/containers/create?name=' + container, {
            'Image': busybox, 'Cmd': ['sleep', '600'], 'StopTimeout': 1, 'HostConfig': {'NetworkMode': network_id},
            'NetworkingConfig': {'EndpointsConfig': {network_id: {
                'NetworkID': network_id, 'Aliases': [alias], 'IPAMConfig': {'IPv4Address': address}}}}})
        engine_api('POST', '/containers/%s/start' % container)
    try:
        yield net, old, young
    finally:
        remove_containers(name + '-db', name + '-web', name + '-app')
        for network_id in (old, young):
            docker_cli('network', 'rm', network_id, check=False)


def test_two_networks_of_one_name_are_merged_into_the_oldest(two_networks, name, busybox):
    net, old, young = two_networks
    assert len(networks_named(net)) == 2

    # A container naming the network meanwhile joins the oldest instead of failing 'ambiguous'.
    app = run_module('container', name=name + '-app', image=busybox, command='sleep 600', stop_timeout=1,
                     networks=[{'name': net, 'aliases': ['app']}])
    assert app['changed']
    assert endpoint(name + '-app', old)['Aliases'][0] == 'app'
    assert docker_inspect('container', name + '-app')['State']['Running']

    check = run_module('network', check=True, diff=True, name=net)
    assert check['changed']
    assert 'remove network %s (%s), a younger network of the name' % (net, young[:12]) in check['actions']
    assert check['diff']['before']['ids'] == [old[:12], young[:12]]
    assert check['diff']['after']['merged'] == ['%s into %s (containers: %s)' % (young[:12], old[:12], name + '-web')]
    assert sorted(item['Id'] for item in networks_named(net)) == sorted([old, young])  # nothing changed
    assert endpoint(name + '-web', young) is not None

    merged = run_module('network', diff=True, name=net)
    assert merged['changed'] and merged['network']['Id'] == old
    assert [item['Id'] for item in networks_named(net)] == [old]
    db, web = endpoint(name + '-db', old), endpoint(name + '-web', old)
    assert db['IPAddress'] == '10.99.231.50' and 'db' in db['Aliases']  # on the oldest: untouched
    assert 'web' in web['Aliases']
    # Its static address lies in the removed network's subnet, which the oldest's cannot hold.
    assert web['IPAddress'].startswith('10.99.231.') and not web.get('IPAMConfig')
    assert docker_inspect('network', net)['Id'] == old  # the name is no longer ambiguous

    assert not run_module('network', name=net)['changed']
    assert not run_module('network', check=True, name=net)['changed']
    assert not run_module('container', name=name + '-app', image=busybox, command='sleep 600', stop_timeout=1,
                          networks=[{'name': net, 'aliases': ['app']}])['changed']


def test_absent_removes_every_network_of_the_name(two_networks, name):
    net, old, young = two_networks
    refused = run_module('network', expect_fail=True, name=net, state='absent')
    assert 'force: true' in refused['msg'] and name + '-web' in refused['msg']
    check = run_module('network', check=True, name=net, state='absent', force=True)
    assert check['changed'] and len(networks_named(net)) == 2
    gone = run_module('network', name=net, state='absent', force=True)
    assert gone['changed'] and networks_named(net) == []
    assert not run_module('network', name=net, state='absent', force=True)['changed']


def test_a_container_on_the_younger_network_moves_to_the_oldest(two_networks, name, busybox):
    net, old, young = two_networks
    # web was made on the younger network: the container module, naming the network, moves it.
    moved = run_module('container', name=name + '-web', image=busybox, command='sleep 600', stop_timeout=1,
                       networks=[{'name': net, 'aliases': ['web']}])
    assert moved['changed'], moved
    assert endpoint(name + '-web', old) is not None and endpoint(name + '-web', young) is None
    assert not run_module('container', name=name + '-web', image=busybox, command='sleep 600', stop_timeout=1,
                          networks=[{'name': net, 'aliases': ['web']}])['changed']


def test_network_info_reads_the_oldest_of_a_shared_name(two_networks):
    """network_info by a shared name answers the network every other module uses, not '... is ambiguous'."""
    net, old, _young = two_networks
    found = run_module('network_info', name=[net])
    assert [network['Id'] for network in found['networks']] == [old]
    assert found['exists'] and found['missing'] == []
