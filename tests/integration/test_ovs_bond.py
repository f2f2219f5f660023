"""ovs_bond against this machine's ovs-vswitchd (userspace datapath), on veth devices made for each test
(this kernel has no dummy driver; veth works as a system interface of a netdev bridge): every state,
interfaces added to and removed from a live bond, settings, moves, bad input refused before ovs-vsctl
runs, devices Open vSwitch cannot open, and an ovs-vsctl that is missing or does not answer."""

import subprocess

import pytest

from conftest import run_module
from ovs import ovs, ovs_running, table, unique_name, vsctl  # noqa: F401 pylint: disable=unused-import

pytestmark = pytest.mark.needs('managed-host-only')


@pytest.fixture
def devices():
    """make(n): n veth devices of unique names (their peers end in 'p'); all removed after the test."""
    made = []

    def make(count):
        names = []
        for _number in range(count):
            name = unique_name('v')
            subprocess.run(['ip', 'link', 'add', name, 'type', 'veth', 'peer', 'name', name + 'p'], check=True)
            made.append(name)
            names.append(name)
        return sorted(names)
    yield make
    for name in made:
        subprocess.run(['ip', 'link', 'del', name], capture_output=True, check=False)


def make_bridge(suffix='b'):
    name = unique_name(suffix)
    vsctl('add-br', name, '--', 'set', 'Bridge', name, 'datapath_type=netdev')
    return name


def bond_row(name):
    rows = table('Port', 'name=' + name, columns=['_uuid', 'interfaces', 'bond_mode', 'lacp', 'bond_updelay',
                                                  'bond_downdelay', 'other_config'])
    return rows[0] if rows else None


def members(name):
    """{interface name: Interface _uuid} of the port."""
    rows = table('Interface', columns=['_uuid', 'name'])
    names = dict((row['_uuid'][1], row['name']) for row in rows)
    interfaces = bond_row(name)['interfaces']
    uuids = [interfaces[1]] if interfaces[0] == 'uuid' else [uuid for _kind, uuid in interfaces[1]]
    return dict((names[uuid], uuid) for uuid in uuids)


def test_bond_check_mode_create_rerun_update_and_removal(ovs, devices):  # pylint: disable=redefined-outer-name,unused-argument
    bridge, bond = make_bridge(), unique_name('bd')
    first, second, third = devices(3)
    args = dict(bridge=bridge, port=bond, interfaces=[second, first], bond_mode='balance-slb', lacp='active',
                bond_updelay=100, other_config={'lacp-time': 'fast'})

    checked = run_module('ovs_bond', check=True, diff=True, **args)
    assert checked['changed'] is True and checked['actions'] == ['create bond %s on bridge %s' % (bond, bridge)]
    assert checked['diff']['before'] == {'bridge': bridge, 'port': bond, 'state': 'absent'}
    assert checked['diff']['after']['interfaces'] == [first, second]
    assert bond_row(bond) is None

    created = run_module('ovs_bond', **args)
    assert created['bond'] == {'name': bond, 'bridge': bridge, 'interfaces': [first, second], 'bond_mode': 'balance-slb',
                               'lacp': 'active', 'bond_updelay': 100, 'bond_downdelay': 0,
                               'other_config': {'lacp-time': 'fast'}}
    row = bond_row(bond)
    assert (row['bond_mode'], row['lacp'], row['bond_updelay']) == ('balance-slb', 'active', 100)
    assert row['other_config'] == ['map', [['lacp-time', 'fast']]]
    assert sorted(members(bond)) == [first, second]
    assert vsctl('list-ports', bridge).split() == [bond]
    for name in (first, second):
        assert table('Interface', 'name=' + name, columns=['error'])[0]['error'] == ['set', []]

    again = run_module('ovs_bond', diff=True, **args)
    assert again['changed'] is False and again['diff']['before'] == again['diff']['after']

    # The third interface replaces the second on the live bond: the bond and the first interface stay.
    kept, port_uuid = members(bond)[first], bond_row(bond)['_uuid']
    updated = run_module('ovs_bond', diff=True, bridge=bridge, port=bond, interfaces=[first, third], bond_downdelay=50,
                         other_config={'bond-rebalance-interval': 0})
    assert updated['actions'] == ['update bond %s on bridge %s: add interfaces %s; remove interfaces %s; '
                                  'bond_downdelay, other_config' % (bond, bridge, third, second)]
    assert updated['diff']['before']['interfaces'] == [first, second]
    assert updated['diff']['after']['interfaces'] == [first, third]
    assert sorted(members(bond)) == [first, third] and members(bond)[first] == kept
    assert bond_row(bond)['_uuid'] == port_uuid
    row = bond_row(bond)
    assert row['bond_downdelay'] == 50 and row['bond_mode'] == 'balance-slb'
    assert row['other_config'] == ['map', [['bond-rebalance-interval', '0'], ['lacp-time', 'fast']]]
    assert table('Interface', 'name=' + second) == []
    assert run_module('ovs_bond', bridge=bridge, port=bond, interfaces=[first, third])['changed'] is False
    dropped = run_module('ovs_bond', bridge=bridge, port=bond, interfaces=[first, third], other_config={'lacp-time': None})
    assert dropped['changed'] is True and bond_row(bond)['other_config'] == ['map', [['bond-rebalance-interval', '0']]]

    absent = dict(bridge=bridge, port=bond, state='absent')
    assert run_module('ovs_bond', check=True, **absent)['changed'] is True and bond_row(bond) is not None
    removed = run_module('ovs_bond', **absent)
    assert removed['actions'] == ['delete bond %s from bridge %s' % (bond, bridge)] and removed['bond'] == {}
    assert bond_row(bond) is None and vsctl('list-ports', bridge) == ''
    assert run_module('ovs_bond', **absent)['changed'] is False


def test_a_bond_moves_between_bridges_with_its_settings(ovs, devices):  # pylint: disable=redefined-outer-name,unused-argument
    first_bridge, second_bridge, bond = make_bridge('a'), make_bridge('c'), unique_name('bd')
    interfaces = devices(2)
    run_module('ovs_bond', bridge=first_bridge, port=bond, interfaces=interfaces, bond_mode='active-backup')
    moved = run_module('ovs_bond', bridge=second_bridge, port=bond, interfaces=interfaces)
    assert moved['actions'] == ['move bond %s from bridge %s to bridge %s' % (bond, first_bridge, second_bridge)]
    assert vsctl('list-ports', first_bridge) == '' and vsctl('list-ports', second_bridge) == bond
    assert bond_row(bond)['bond_mode'] == 'active-backup' and sorted(members(bond)) == interfaces


def test_an_interface_of_another_port_or_a_missing_bridge_fails_before_changing(ovs, devices):  # pylint: disable=redefined-outer-name,unused-argument
    bridge, bond = make_bridge(), unique_name('bd')
    first, second = devices(2)
    vsctl('add-port', bridge, second)
    failed = run_module('ovs_bond', bridge=bridge, port=bond, interfaces=[first, second], expect_fail=True)
    assert failed['msg'] == ('interfaces: %s is already an interface of port %s on bridge %s; remove it there first'
                             % (second, second, bridge))
    assert bond_row(bond) is None
    missing = unique_name('x')
    failed = run_module('ovs_bond', bridge=missing, port=bond, interfaces=[first, second], expect_fail=True)
    assert failed['msg'] == 'bridge: %s does not exist; create it first (dockyard.docker.ovs_bridge)' % missing


def test_a_device_open_vswitch_cannot_open_is_undone(ovs, devices):  # pylint: disable=redefined-outer-name,unused-argument
    bridge, bond = make_bridge(), unique_name('bd')
    first, second = devices(2)
    ghost = unique_name('n')  # no such device
    failed = run_module('ovs_bond', bridge=bridge, port=bond, interfaces=[first, ghost], expect_fail=True)
    assert failed['msg'] == ('Open vSwitch cannot set up interface %s: could not open network device %s (No such device); '
                             'bond %s was removed again' % (ghost, ghost, bond))
    assert bond_row(bond) is None and table('Interface', 'name=' + first) == []

    run_module('ovs_bond', bridge=bridge, port=bond, interfaces=[first, second])
    failed = run_module('ovs_bond', bridge=bridge, port=bond, interfaces=[first, ghost], bond_updelay=10, expect_fail=True)
    assert failed['msg'].endswith('the bond was set back as it was')
    assert sorted(members(bond)) == [first, second] and bond_row(bond)['bond_updelay'] == 0
    assert table('Interface', 'name=' + ghost) == []


@pytest.mark.parametrize('given, words', [
    (dict(interfaces=['eth1']), 'interfaces: invalid value'),
    (dict(interfaces=['eth1', 'eth1']), 'give at least two distinct interface names'),
    (dict(interfaces=['eth1', 'a-name-too-long-for-linux']), 'interfaces: invalid value'),
    (dict(interfaces=['eth1', 'eth2'], bond_downdelay=-5), 'bond_downdelay: invalid value -5'),
    (dict(interfaces=['eth1', 'eth2'], bond_mode='round-robin'), 'value of bond_mode must be one of'),
    (dict(interfaces=['eth1', 'eth2'], lacp='on'), 'value of lacp must be one of'),
    (dict(), 'state is present but all of the following are missing: interfaces'),
])
def test_bad_input_fails_before_ovs_vsctl_runs(tmp_path, given, words):
    script = tmp_path / 'ovs-vsctl'
    script.write_text('#!/bin/sh\ntouch %s\nexit 1\n' % (tmp_path / 'ran'))
    script.chmod(0o755)
    failed = run_module('ovs_bond', expect_fail=True, bridge='br0', port='bond0', ovs_vsctl_path=str(script), **given)
    assert words in failed['msg'] and '\n' not in failed['msg']
    assert not (tmp_path / 'ran').exists()
