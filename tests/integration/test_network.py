"""network and network_info against the real daemon: every state in check mode, then for real, then rerun."""

import subprocess

import pytest

from conftest import docker_cli, docker_inspect, run_module

# Fixed subnets come from 10.99.0.0/16, outside the daemon's default address pools (172.17-31/16,
# 192.168/20), so a network another test worker creates without a subnet can never overlap them.
SUBNET = '10.99.%d.0/24'


@pytest.fixture
def net(name):
    return name + '-net'


def start_container(name, busybox, network):
    docker_cli('run', '-d', '--name', name, '--network', network, busybox, 'sleep', '600')
    return name


def endpoint(container, network):
    return docker_inspect('container', container)['NetworkSettings']['Networks'].get(network)


@pytest.mark.managed_python
def test_network_present_then_absent(net):
    args = dict(name=net, subnet=SUBNET % 201, gateway='10.99.201.1', labels={'team': 'a'})
    check = run_module('network', check=True, diff=True, **args)
    assert check['changed'] and check['actions'] == ['create network %s' % net]
    assert check['diff']['after']['state'] == 'present'
    assert docker_inspect('network', net) is None

    created = run_module('network', diff=True, **args)
    assert created['changed']
    assert created['network']['IPAM']['Config'] == [{'Subnet': '10.99.201.0/24', 'Gateway': '10.99.201.1'}]
    assert docker_inspect('network', net)['Labels'] == {'team': 'a'}
    assert not run_module('network', **args)['changed']
    assert not run_module('network', check=True, **args)['changed']

    gone = dict(name=net, state='absent')
    assert run_module('network', check=True, diff=True, **gone)['changed']
    assert docker_inspect('network', net) is not None
    assert run_module('network', **gone)['changed']
    assert docker_inspect('network', net) is None
    assert not run_module('network', **gone)['changed']
    assert not run_module('network', check=True, **gone)['changed']


@pytest.mark.needs('attachable-report')
def test_network_every_create_option(net):
    args = dict(name=net, driver='bridge', internal=True, attachable=True, enable_ipv6=True,
                labels={'a': '1'}, ipam_driver='default', ipam_options={'x': 'y'}, scope='local',
                ipam_config=[{'subnet': SUBNET % 202, 'gateway': '10.99.202.254', 'ip_range': '10.99.202.128/25',
                              'aux_addresses': {'router': '10.99.202.2'}},
                             {'subnet': 'fd00:29:202::/64'}])
    # run_module takes its own `options` keyword: the module's `options` go through it.
    args['options'] = {'options': {'com.docker.network.bridge.name': net[-12:]}}
    assert run_module('network', **args)['changed']
    actual = docker_inspect('network', net)
    assert actual['Internal'] and actual['Attachable'] and actual['EnableIPv6']
    assert actual['Options'] == {'com.docker.network.bridge.name': net[-12:]}
    assert actual['IPAM']['Options'] == {'x': 'y'}
    pools = dict((pool['Subnet'], pool) for pool in actual['IPAM']['Config'])
    assert pools['10.99.202.0/24']['IPRange'] == '10.99.202.128/25'
    assert pools['10.99.202.0/24']['AuxiliaryAddresses'] == {'router': '10.99.202.2'}
    assert 'fd00:29:202::/64' in pools
    assert not run_module('network', **args)['changed']


@pytest.mark.needs('config-only-networks')
def test_network_config_only_and_config_from(net):
    template = net + '-tpl'
    run_module('network', name=template, config_only=True, subnet=SUBNET % 203)
    args = dict(name=net, driver='bridge', config_from=template)
    assert run_module('network', **args)['changed']
    assert docker_inspect('network', net)['ConfigFrom']['Network'] == template
    assert docker_inspect('network', template)['ConfigOnly']
    assert not run_module('network', **args)['changed']
    run_module('network', name=net, state='absent')


@pytest.mark.managed_python
@pytest.mark.needs('links')
def test_connect_with_aliases_addresses_and_purge(net, name, busybox):
    run_module('network', name=net, subnet=SUBNET % 204)
    web = start_container(name + '-web', busybox, net)
    api = start_container(name + '-api', busybox, net)
    db = start_container(name + '-db', busybox, net)
    args = dict(name=net, subnet=SUBNET % 204, purge_connected=True, connected=[
        web, {'container': api, 'aliases': ['api.internal'], 'ipv4_address': '10.99.204.50', 'links': [db + ':database']}])
    check = run_module('network', check=True, diff=True, **args)
    assert check['changed']
    assert check['diff']['after']['connected'] == sorted([web, api])
    assert 'disconnect container %s from network %s' % (db, net) in check['actions']
    assert endpoint(db, net) is not None and endpoint(api, net)['IPAddress'] != '10.99.204.50'

    assert run_module('network', **args)['changed']
    assert endpoint(db, net) is None
    api_endpoint = endpoint(api, net)
    assert api_endpoint['IPAddress'] == '10.99.204.50'
    assert 'api.internal' in api_endpoint['Aliases']
    assert not run_module('network', **args)['changed']
    assert not run_module('network', check=True, **args)['changed']


@pytest.mark.needs('static-address-report')
def test_recreate_reconnects_containers_with_aliases_and_addresses(net, name, busybox):
    first = dict(name=net, subnet=SUBNET % 205, labels={'v': '1'})
    run_module('network', **first)
    fixed = name + '-fixed'
    docker_cli('run', '-d', '--name', fixed, '--network', net, '--ip', '10.99.205.77',
               '--network-alias', 'svc', busybox, 'sleep', '600')
    dynamic = start_container(name + '-dyn', busybox, net)
    dynamic_ip = endpoint(dynamic, net)['IPAddress']
    old_id = docker_inspect('network', net)['Id']

    second = dict(first, labels={'v': '2'}, internal=True)
    check = run_module('network', check=True, diff=True, **second)
    assert check['changed'] and check['diff']['after']['recreated'].startswith('changed:')
    assert docker_inspect('network', net)['Id'] == old_id

    result = run_module('network', **second)
    assert result['changed']
    assert [action.split()[0] for action in result['actions']] == [
        'disconnect', 'disconnect', 'remove', 'create', 'reconnect', 'reconnect']
    new = docker_inspect('network', net)
    assert new['Id'] != old_id and new['Internal'] and new['Labels'] == {'v': '2'}
    assert endpoint(fixed, net)['IPAddress'] == '10.99.205.77'
    assert 'svc' in endpoint(fixed, net)['Aliases']
    assert endpoint(dynamic, net)['IPAddress'] == dynamic_ip
    assert not run_module('network', **second)['changed']

    # A static address outside a new subnet is refused before anything is touched.
    moved = dict(second, subnet=SUBNET % 206)
    failed = run_module('network', expect_fail=True, **moved)
    assert 'static address 10.99.205.77' in failed['msg']
    assert docker_inspect('network', net)['Id'] == new['Id']


def test_absent_with_containers_needs_force(net, name, busybox):
    run_module('network', name=net)
    box = start_container(name + '-box', busybox, net)
    failed = run_module('network', expect_fail=True, name=net, state='absent')
    assert box in failed['msg'] and 'force: true' in failed['msg']
    assert docker_inspect('network', net) is not None
    check = run_module('network', check=True, name=net, state='absent', force=True)
    assert check['actions'] == ['disconnect container %s from network %s' % (box, net), 'remove network %s' % net]
    assert run_module('network', name=net, state='absent', force=True)['changed']
    assert docker_inspect('network', net) is None
    assert docker_inspect('container', box)['State']['Running']


def test_subnet_without_prefix_length_fails_before_the_network_is_touched(net, name, busybox):
    """Issue 22, case 1: an address read as /128 passed validation, then the recreate removed the network."""
    args = dict(name=net, enable_ipv6=True, ipam_config=[{'subnet': 'fd00:29:210::/64'}])
    run_module('network', **args)
    box = start_container(name + '-box', busybox, net)
    old_id = docker_inspect('network', net)['Id']
    for subnet in ('fdd1:ac8c:0557:7ce1::', 'fd00:29:210::/128'):
        failed = run_module('network', expect_fail=True, **dict(args, ipam_config=[{'subnet': subnet}]))
        assert failed['msg'].startswith('ipam_config.subnet: invalid value %r' % subnet), failed['msg']
        assert '\n' not in failed['msg'] and 'actions' not in failed
        assert docker_inspect('network', net)['Id'] == old_id
        assert endpoint(box, net) is not None


def properties(network):
    """What a network was created with, as inspect shows it (empty and missing alike)."""
    keys = ('Driver', 'Labels', 'Options', 'Internal', 'EnableIPv6', 'Attachable', 'Scope')
    found = dict((key, network.get(key) or None) for key in keys)
    found['IPAM'] = dict((key, network['IPAM'].get(key) or None) for key in ('Driver', 'Options', 'Config'))
    return found


@pytest.mark.needs('static-address-report')
def test_recreate_whose_create_fails_puts_the_old_network_back(net, name, busybox):
    """Issue 22, case 1: a create the daemon refuses after the old network was removed must restore it."""
    # The daemon refuses a subnet overlapping another network's; no argument check can know that.
    run_module('network', name=net + '-other', subnet=SUBNET % 215)
    args = dict(name=net, subnet=SUBNET % 214, labels={'v': '1'})
    run_module('network', **args)
    fixed = name + '-fixed'
    docker_cli('run', '-d', '--name', fixed, '--network', net, '--ip', '10.99.214.77',
               '--network-alias', 'svc', busybox, 'sleep', '600')
    dynamic = start_container(name + '-dyn', busybox, net)
    dynamic_ip = endpoint(dynamic, net)['IPAddress']
    before = docker_inspect('network', net)

    overlapping = dict(args, subnet='10.99.214.0/23')
    failed = run_module('network', expect_fail=True, **overlapping)
    assert failed['msg'].startswith('Failed to create network %s' % net) and '\n' not in failed['msg']
    after = docker_inspect('network', net)
    assert after is not None, 'the old network must be put back'
    assert properties(after) == properties(before)
    assert endpoint(fixed, net)['IPAddress'] == '10.99.214.77' and 'svc' in endpoint(fixed, net)['Aliases']
    assert endpoint(dynamic, net)['IPAddress'] == dynamic_ip
    assert not run_module('network', **args)['changed']


def test_ipv6_only_network_is_not_recreated_for_the_daemons_own_ipv4_pool(net, name, busybox):
    """Issue 22, case 2: the daemon adds an IPv4 pool next to the IPv6 subnet asked for."""
    args = dict(name=net, enable_ipv6=True, ipam_config=[{'subnet': 'fd00:29:216::/64'}])
    assert run_module('network', **args)['changed']
    box = start_container(name + '-box', busybox, net)
    endpoint_id = endpoint(box, net)['EndpointID']
    checked = run_module('network', check=True, **args)
    assert not checked['changed'], checked['actions']
    assert not run_module('network', **args)['changed']
    assert endpoint(box, net)['EndpointID'] == endpoint_id
    # The pool asked for is still compared.
    moved = run_module('network', check=True, **dict(args, ipam_config=[{'subnet': 'fd00:29:217::/64'}]))
    assert 'remove network %s (changed: ipam_config)' % net in moved['actions']


@pytest.mark.parametrize('args, fragment', [
    (dict(subnet='10.99.207.1/24'), 'subnet: invalid value'),
    (dict(subnet='10.99.207.0'), 'subnet: invalid value'),
    (dict(subnet='10.99.207.0/24', ip_range='10.99.207.128'), 'ip_range: invalid value'),
    (dict(enable_ipv6=True, subnet='fd00:29:207::/128'), 'subnet: invalid value'),
    (dict(subnet='10.99.207.0/24', gateway='10.0.0.1'), 'gateway: invalid value'),
    (dict(gateway='10.99.207.1'), 'gateway: invalid value'),
    (dict(subnet='10.99.207.0/24', ip_range='10.99.0.0/16'), 'ip_range: invalid value'),
    (dict(subnet='fd00:1::/64'), 'enable_ipv6'),
    (dict(subnet='10.99.207.0/24', ipam_config=[{'subnet': '10.99.208.0/24'}]), 'ipam_config: invalid value'),
    (dict(connected=[{'container': 'x', 'alias': ['a']}]), "unknown keys 'alias'"),
    (dict(connected=[{'container': 'x', 'ipv4_address': '300.1.1.1'}]), 'connected.ipv4_address'),
    (dict(subnet='10.99.207.0/24', connected=[{'container': 'x', 'ipv4_address': '10.1.1.1'}]),
     'connected.ipv4_address'),
    (dict(purge_connected=True), 'purge_connected'),
    (dict(connected=['no-such-container-dyt']), "container 'no-such-container-dyt' does not exist"),
])
def test_invalid_arguments_fail_in_one_line_before_any_change(net, args, fragment):
    failed = run_module('network', expect_fail=True, name=net, **args)
    assert fragment in failed['msg'] and '\n' not in failed['msg']
    assert docker_inspect('network', net) is None


@pytest.mark.managed_python
def test_network_info(net, prefix):
    run_module('network', name=net, labels={'dyt.run': prefix})
    one = run_module('network_info', name=net)
    assert one['exists'] and one['networks'][0]['Name'] == net and not one['changed']
    several = run_module('network_info', name=[net, 'bridge', net + '-missing'])
    assert not several['exists'] and several['missing'] == [net + '-missing']
    assert [item['Name'] for item in several['networks']] == [net, 'bridge']
    listed = run_module('network_info', filters={'label': 'dyt.run=%s' % prefix})
    assert net in [item['Name'] for item in listed['networks']] and listed['exists']
    assert 'Containers' in listed['networks'][0]
    none = run_module('network_info', filters={'label': 'dyt.run=nothing-%s' % prefix})
    assert none['networks'] == [] and not none['exists']
    bad = run_module('network_info', expect_fail=True, filters={'label': {'a': 'b'}})
    assert bad['msg'].startswith('filters: invalid value')


def default_bridge_usable(busybox):
    """Another engineer's daemon tests may leave docker0 missing; links need the default bridge."""
    proc = subprocess.run(['docker', 'run', '--rm', busybox, 'true'], stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    return proc.returncode == 0


@pytest.mark.needs('links')
def test_links_on_the_default_bridge(name, busybox):
    if not default_bridge_usable(busybox):
        pytest.skip('the default bridge (docker0) of the shared daemon is not usable right now')
    db = name + '-db'
    run_module('container', name=db, image=busybox, command='httpd -f -p 8080 -h /etc', exposed_ports=['8080'])
    web = name + '-web'
    args = dict(name=web, image=busybox, command='sleep 600', links=[db + ':database'])
    assert run_module('container', **args)['changed']
    assert not run_module('container', **args)['changed']
    hosts = docker_cli('exec', web, 'cat', '/etc/hosts')
    assert 'database' in hosts
    env = docker_cli('exec', web, 'env')
    assert 'DATABASE_PORT_8080_TCP_PORT=8080' in env
    # Reachable through the link alias (busybox wget crashes resolving names, so use the address from /etc/hosts).
    address = [line.split()[0] for line in hosts.splitlines() if 'database' in line.split()][0]
    served = docker_cli('exec', web, 'wget', '-q', '-O', '-', 'http://%s:8080/hostname' % address)
    assert served == docker_inspect('container', db)['Config']['Hostname']
