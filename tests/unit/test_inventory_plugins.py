"""The pure parts of the inventory plugins: swarm nodes named by what they report about themselves."""

from types import SimpleNamespace

import pytest
from ansible.errors import AnsibleParserError

from ansible_collections.dockyard.docker.plugins.inventory.swarm_nodes import node_hosts

DAEMON = SimpleNamespace(docker_host='tcp://manager:2376', host_prefix='')


def host_names(hosts):
    return [name for name, _vars in hosts]


def node(node_id, hostname, role='worker'):
    return {'ID': node_id, 'Description': {'Hostname': hostname}, 'Spec': {'Role': role, 'Availability': 'active'},
            'Status': {'State': 'ready', 'Addr': '10.0.0.%d' % (len(node_id) % 250)}}


def test_nodes_become_hosts_named_by_hostname_or_id():
    nodes = [node('n2', 'beta'), node('n1', 'alpha'), node('n3', None)]
    assert host_names(node_hosts(nodes, DAEMON)) == ['alpha', 'beta', 'n3']
    assert host_names(node_hosts(nodes, DAEMON, hostname='id')) == ['n1', 'n2', 'n3']
    prefixed = SimpleNamespace(docker_host=DAEMON.docker_host, host_prefix='prod-')
    assert host_names(node_hosts(nodes, prefixed)) == ['prod-alpha', 'prod-beta', 'prod-n3']


@pytest.mark.parametrize('nodes, first, second, host', [
    ([node('n2', 'web'), node('n1', 'web', role='manager')], 'n1', 'n2', 'web'),
    # a node that reports another node's ID as its hostname, against the ID a nameless node falls back to
    ([node('n1', None), node('n2', 'n1')], 'n1', 'n2', 'n1'),
])
def test_two_nodes_naming_one_host_fail_naming_both(nodes, first, second, host):
    with pytest.raises(AnsibleParserError) as raised:
        node_hosts(nodes, DAEMON)
    message = str(raised.value)
    assert message == ("dockyard.docker.swarm_nodes: swarm nodes %s and %s of tcp://manager:2376 both name the host "
                       "'%s'; give hostname: id to name the hosts by node ID" % (first, second, host))
    assert '\n' not in message
    assert host_names(node_hosts(nodes, DAEMON, hostname='id')) == [first, second]


def test_a_hostname_with_a_newline_stays_one_line():
    with pytest.raises(AnsibleParserError) as raised:
        node_hosts([node('n1', 'a\nb'), node('n2', 'a\nb')], DAEMON)
    assert '\n' not in str(raised.value)
