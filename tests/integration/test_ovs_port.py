"""ovs_port against this machine's ovs-vswitchd (userspace datapath): every state, a live port's type and
options changed in place, moves between bridges, bad input refused before ovs-vsctl runs, interfaces
Open vSwitch cannot set up (a missing or silent ovs-vsctl: test_ovs_vsctl_faults.py). Each task's effect is
read back from the database with ovs-vsctl itself."""

import pytest

from conftest import run_module
from ovs import ovs, ovs_running, table, unique_name, vsctl  # noqa: F401 pylint: disable=unused-import

pytestmark = pytest.mark.needs('managed-host-only')


def port_task(check=False, diff=False, expect_fail=False, **args):
    """ovs_port with these arguments (`options` is also run_module's own keyword, so all go in its options)."""
    return run_module('ovs_port', check=check, diff=diff, expect_fail=expect_fail, options=args)


def make_bridge(suffix='b'):
    name = unique_name(suffix)
    vsctl('add-br', name, '--', 'set', 'Bridge', name, 'datapath_type=netdev')
    return name


def interface(name):
    rows = table('Interface', 'name=' + name, columns=['_uuid', 'type', 'options', 'ofport', 'error'])
    return rows[0] if rows else None


def port_row(name):
    rows = table('Port', 'name=' + name, columns=['_uuid', 'tag', 'trunks', 'external_ids'])
    return rows[0] if rows else None


def ports_of(bridge):
    return vsctl('list-ports', bridge).split()


def test_tunnel_port_check_mode_create_rerun_update_and_removal(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    bridge, port = make_bridge(), unique_name('g')
    args = dict(bridge=bridge, port=port, type='gre', options={'remote_ip': '192.0.2.10'}, tag=10,
                external_ids={'owner': 'tests'})

    checked = port_task(check=True, diff=True, **args)
    assert checked['changed'] is True and checked['actions'] == ['create port %s on bridge %s' % (port, bridge)]
    assert checked['diff']['before'] == {'bridge': bridge, 'port': port, 'state': 'absent'}
    assert checked['diff']['after']['options'] == {'remote_ip': '192.0.2.10'}
    assert port_row(port) is None and ports_of(bridge) == []

    created = port_task(diff=True, **args)
    assert created['changed'] is True
    assert ports_of(bridge) == [port]
    row = interface(port)
    assert row['type'] == 'gre' and row['options'] == ['map', [['remote_ip', '192.0.2.10']]] and row['error'] == ['set', []]
    assert port_row(port)['tag'] == 10 and port_row(port)['external_ids'] == ['map', [['owner', 'tests']]]
    assert created['port'] == {'name': port, 'bridge': bridge, 'type': 'gre', 'options': {'remote_ip': '192.0.2.10'},
                               'tag': 10, 'trunks': [], 'external_ids': {'owner': 'tests'}, 'ofport': row['ofport'],
                               'error': None}

    again = port_task(diff=True, **args)
    assert again['changed'] is False and again['actions'] == []
    assert again['diff']['before'] == again['diff']['after']

    updated = port_task(bridge=bridge, port=port, tag=20, trunks=[30, 40], external_ids={'site': 'a'}, diff=True)
    assert updated['actions'] == ['update port %s on bridge %s: tag, trunks, external_ids' % (port, bridge)]
    assert updated['diff']['before']['tag'] == 10 and updated['diff']['after']['tag'] == 20
    row = port_row(port)
    assert row['tag'] == 20 and row['trunks'] == ['set', [30, 40]]
    assert row['external_ids'] == ['map', [['owner', 'tests'], ['site', 'a']]]
    assert interface(port)['type'] == 'gre'  # what the task did not give is left
    dropped = port_task(bridge=bridge, port=port, external_ids={'owner': None})
    assert dropped['changed'] is True and port_row(port)['external_ids'] == ['map', [['site', 'a']]]
    assert port_task(bridge=bridge, port=port, external_ids={'owner': None})['changed'] is False

    absent = dict(bridge=bridge, port=port, state='absent')
    checked = port_task(check=True, **absent)
    assert checked['changed'] is True and ports_of(bridge) == [port]
    removed = port_task(diff=True, **absent)
    assert removed['actions'] == ['delete port %s from bridge %s' % (port, bridge)] and removed['port'] == {}
    assert ports_of(bridge) == [] and interface(port) is None
    assert port_task(**absent)['changed'] is False


def test_a_live_port_changes_type_and_options_in_place(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    """gre to 192.0.2.1 becomes vxlan to 192.0.2.2 with key 5: the same Interface and Port records, the same
    OpenFlow port number, so flows on it stay valid (openvswitch.openvswitch would delete and add)."""
    bridge, port = make_bridge(), unique_name('t')
    port_task(bridge=bridge, port=port, type='gre', options={'remote_ip': '192.0.2.1'})
    before, port_before = interface(port), port_row(port)
    assert before['ofport'] > 0

    changed = port_task(bridge=bridge, port=port, type='vxlan', options={'remote_ip': '192.0.2.2', 'key': 5},
                        diff=True)
    assert changed['actions'] == ['update port %s on bridge %s: type, options' % (port, bridge)]
    assert changed['diff']['before']['type'] == 'gre' and changed['diff']['after']['type'] == 'vxlan'
    after = interface(port)
    assert after['type'] == 'vxlan' and after['options'] == ['map', [['key', '5'], ['remote_ip', '192.0.2.2']]]
    assert after['_uuid'] == before['_uuid'] and port_row(port)['_uuid'] == port_before['_uuid']
    assert after['ofport'] == before['ofport'] and after['error'] == ['set', []]
    assert port_task(bridge=bridge, port=port, type='vxlan',
                     options={'remote_ip': '192.0.2.2', 'key': '5'})['changed'] is False

    # Options given are the interface's options exactly: key goes when left out.
    port_task(bridge=bridge, port=port, type='vxlan', options={'remote_ip': '192.0.2.2'})
    assert interface(port)['options'] == ['map', [['remote_ip', '192.0.2.2']]]


def test_a_port_on_another_bridge_is_moved_with_its_settings(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    first, second, port = make_bridge('a'), make_bridge('b'), unique_name('m')
    port_task(bridge=first, port=port, type='internal', tag=7, external_ids={'k': 'v'})
    checked = port_task(bridge=second, port=port, check=True)
    assert checked['actions'] == ['move port %s from bridge %s to bridge %s' % (port, first, second)]
    assert ports_of(first) == [port]

    moved = port_task(bridge=second, port=port)
    assert moved['changed'] is True
    assert ports_of(first) == [] and ports_of(second) == [port]
    assert interface(port)['type'] == 'internal' and port_row(port)['tag'] == 7
    assert port_row(port)['external_ids'] == ['map', [['k', 'v']]]
    assert port_task(bridge=second, port=port)['changed'] is False
    # absent on the bridge it left does nothing to it
    assert port_task(bridge=first, port=port, state='absent')['changed'] is False
    assert ports_of(second) == [port]


def test_patch_ports_join_two_bridges_and_raw_settings_are_compared(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    left, right = make_bridge('l'), make_bridge('r')
    to_right, to_left = unique_name('pr'), unique_name('pl')
    for bridge, port, peer in ((left, to_right, to_left), (right, to_left, to_right)):
        result = port_task(bridge=bridge, port=port, type='patch', options={'peer': peer},
                           set=['Interface mtu_request=1400', 'Port other_config:note="a b"'])
        assert result['changed'] is True
        if port == to_right:  # made before its peer: kept, with Open vSwitch's word that the peer is missing
            assert 'No usable peer' in result['port']['error']
    for port, peer in ((to_right, to_left), (to_left, to_right)):
        row = interface(port)
        assert row['type'] == 'patch' and row['options'] == ['map', [['peer', peer]]]
        assert row['ofport'] > 0 and row['error'] == ['set', []]
    assert vsctl('get', 'Interface', to_right, 'mtu_request') == '1400'
    again = port_task(bridge=left, port=to_right, type='patch', options={'peer': to_left},
                      set=['Interface mtu_request=1400', 'Port other_config:note="a b"'])
    assert again['changed'] is False
    changed = port_task(bridge=left, port=to_right, set=['Interface mtu_request=1300'])
    assert changed['actions'] == ['update port %s on bridge %s: Interface %s mtu_request=1300' % (to_right, left, to_right)]
    assert vsctl('get', 'Interface', to_right, 'mtu_request') == '1300'


def test_a_port_on_a_missing_bridge_fails_naming_bridge(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    bridge, port = unique_name('x'), unique_name('p')
    failed = port_task(bridge=bridge, port=port, type='internal', expect_fail=True)
    assert failed['msg'] == 'bridge: %s does not exist; create it first (dockyard.docker.ovs_bridge)' % bridge
    assert port_row(port) is None


def test_an_interface_open_vswitch_cannot_set_up_is_removed_again(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    bridge, port = make_bridge(), unique_name('s')  # a system port for a device this host does not have
    failed = port_task(bridge=bridge, port=port, expect_fail=True)
    assert failed['msg'] == ('Open vSwitch cannot set up interface %s: could not open network device %s (No such device); '
                             'port %s was removed again' % (port, port, port))
    assert ports_of(bridge) == [] and interface(port) is None

    # A working interface changed into one that cannot work is set back as it was.
    port_task(bridge=bridge, port=port, type='internal', tag=3)
    before = interface(port)
    failed = port_task(bridge=bridge, port=port, type='system', options={}, tag=4, expect_fail=True)
    assert failed['msg'].endswith('; the port was set back as it was')
    assert interface(port)['type'] == 'internal' and port_row(port)['tag'] == 3
    assert interface(port)['error'] == before['error'] == ['set', []]


def test_the_database_is_reached_through_db_or_database_socket(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    bridge, port = make_bridge(), unique_name('d')
    made = port_task(bridge=bridge, port=port, type='internal', db='unix:/var/run/openvswitch/db.sock')
    assert made['changed'] is True and ports_of(bridge) == [port]
    assert port_task(bridge=bridge, port=port, type='internal', database_socket='unix:/var/run/openvswitch/db.sock')['changed'] is False
    missing = port_task(bridge=bridge, port=port, db='unix:/nonexistent/db.sock', timeout=2, expect_fail=True)
    assert missing['msg'].startswith('Failed to read port %s: unix:/nonexistent/db.sock: database connection failed' % port)


@pytest.fixture
def recorder(tmp_path):
    """An ovs-vsctl that only notes that it was run."""
    script = tmp_path / 'ovs-vsctl'
    script.write_text('#!/bin/sh\ntouch %s\nexit 1\n' % (tmp_path / 'ran'))
    script.chmod(0o755)
    return script, tmp_path / 'ran'


@pytest.mark.parametrize('given, words', [
    (dict(type='gre', options={'remote_ip': '192.0.2.1', 'peer': 'x'}), 'options: invalid value'),
    (dict(type='vxlan', options={'key': 5}), 'a vxlan interface needs remote_ip'),
    (dict(type='internal', options={'remote_ip': '192.0.2.1'}), 'key remote_ip is not accepted for type internal'),
    (dict(options={'remote_ip': '192.0.2.1'}), 'give type too'),
    (dict(tag=4096), 'tag: invalid value 4096; give a VLAN number from 0 to 4095'),
    (dict(trunks=[10, 5000]), 'trunks: invalid value 5000'),
    (dict(port='a-name-too-long-for-linux'), 'port: invalid value'),
    (dict(set=['Bridge stp_enable=true']), 'set: invalid value'),
    (dict(type='bogus'), 'value of type must be one of'),
])
def test_bad_input_fails_before_ovs_vsctl_runs(recorder, given, words):  # pylint: disable=redefined-outer-name
    script, ran = recorder
    args = dict(dict(bridge='br0', port='p0', ovs_vsctl_path=str(script)), **given)
    failed = port_task(expect_fail=True, **args)
    assert words in failed['msg'] and '\n' not in failed['msg']
    assert not ran.exists()
