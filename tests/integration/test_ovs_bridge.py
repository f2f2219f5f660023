"""ovs_bridge against the real ovsdb-server and ovs-vswitchd (userspace, tests/integration/ovs.py): bridges
and fake bridges made, changed and removed, each checked in the database with ovs-vsctl itself."""

import pytest

from conftest import run_module
from ovs import ovs, ovs_running, table, unique_name, vsctl  # noqa: F401 pylint: disable=unused-import

pytestmark = pytest.mark.needs('managed-host-only')


def bridges():
    return set(vsctl('list-br').split())


def row(name):
    """The Bridge row `name` as the raw OVSDB JSON values, or None."""
    rows = table('Bridge', 'name=%s' % name, columns=['name', 'fail_mode', 'datapath_type', 'other_config', 'external_ids'])
    return rows[0] if rows else None


def bridge_task(name, check=False, diff=False, expect_fail=False, **args):
    return run_module('ovs_bridge', check=check, diff=diff, expect_fail=expect_fail, bridge=name, **args)


def test_create_check_mode_diff_and_rerun(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    name = unique_name('br')
    checked = bridge_task(name, check=True, diff=True, datapath_type='netdev')
    assert checked['changed'] and checked['actions'] == ['create bridge %s' % name]
    assert checked['diff']['before'] == {'bridge': name, 'state': 'absent'}
    assert checked['diff']['after']['state'] == 'present' and checked['diff']['after']['datapath_type'] == 'netdev'
    assert name not in bridges()

    created = bridge_task(name, diff=True, datapath_type='netdev')
    assert created['changed'] and created['actions'] == ['create bridge %s' % name]
    assert row(name) == {'name': name, 'fail_mode': ['set', []], 'datapath_type': 'netdev',
                         'other_config': ['map', []], 'external_ids': ['map', []]}
    assert created['bridge'] == {'name': name, 'fail_mode': None, 'datapath_type': 'netdev', 'other_config': {},
                                 'external_ids': {}, 'parent': None, 'vlan': None, 'ports': []}

    again = bridge_task(name, diff=True, datapath_type='netdev')
    assert not again['changed'] and again['actions'] == []
    assert again['diff']['before'] == again['diff']['after']
    # Nothing given is compared: the bridge as it is.
    assert not bridge_task(name)['changed']


def test_fail_mode_is_compared_only_when_given(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    name = unique_name('fm')
    bridge_task(name, datapath_type='netdev')
    checked = bridge_task(name, check=True, diff=True, fail_mode='secure')
    assert checked['changed'] and checked['actions'] == ['update bridge %s: fail_mode' % name]
    assert checked['diff']['before']['fail_mode'] is None and checked['diff']['after']['fail_mode'] == 'secure'
    assert vsctl('get-fail-mode', name) == ''

    assert bridge_task(name, fail_mode='secure')['changed']
    assert vsctl('get-fail-mode', name) == 'secure'
    assert not bridge_task(name, fail_mode='secure')['changed']
    # openvswitch.openvswitch's openvswitch_bridge reported a change here on every run (ansible/ansible#82653).
    unchanged = bridge_task(name, diff=True, datapath_type='netdev')
    assert not unchanged['changed'] and unchanged['bridge']['fail_mode'] == 'secure'
    assert vsctl('get-fail-mode', name) == 'secure'

    assert bridge_task(name, fail_mode='standalone')['changed']
    assert vsctl('get-fail-mode', name) == 'standalone'


def test_other_config_and_external_ids_set_the_keys_given(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    name = unique_name('kv')
    bridge_task(name, datapath_type='netdev', external_ids={'owner': 'ops'})
    vsctl('br-set-external-id', name, 'kept', 'yes')
    task = dict(other_config={'mac-aging-time': 300, 'disable-in-band': True}, external_ids={'owner': 'ops', 'site': 'west 1'})
    updated = bridge_task(name, diff=True, **task)
    assert updated['changed'] and updated['actions'] == ['update bridge %s: other_config, external_ids' % name]
    assert updated['diff']['after']['other_config'] == {'mac-aging-time': '300', 'disable-in-band': 'true'}
    assert row(name)['other_config'] == ['map', [['disable-in-band', 'true'], ['mac-aging-time', '300']]]
    assert row(name)['external_ids'] == ['map', [['kept', 'yes'], ['owner', 'ops'], ['site', 'west 1']]]
    # Numbers and booleans compare as the strings OVSDB stores.
    assert not bridge_task(name, **task)['changed']
    assert bridge_task(name, other_config={'mac-aging-time': '600'})['changed']
    assert vsctl('get', 'Bridge', name, 'other_config:mac-aging-time') == '"600"'
    assert vsctl('br-get-external-id', name, 'kept') == 'yes'


def test_a_key_given_as_null_is_removed(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    name, fake = unique_name('nk'), unique_name('nkv')
    bridge_task(name, datapath_type='netdev', other_config={'mac-aging-time': 300}, external_ids={'owner': 'ops', 'site': 'w'})
    task = dict(other_config={'mac-aging-time': None}, external_ids={'owner': None})
    removed = bridge_task(name, diff=True, **task)
    assert removed['changed'] and removed['actions'] == ['update bridge %s: other_config, external_ids' % name]
    assert removed['diff']['after']['other_config'] == {} and removed['diff']['after']['external_ids'] == {'site': 'w'}
    assert row(name)['other_config'] == ['map', []] and row(name)['external_ids'] == ['map', [['site', 'w']]]
    assert not bridge_task(name, **task)['changed']

    bridge_task(fake, parent=name, vlan=7, external_ids={'team': 'blue', 'tier': 'db'})
    assert bridge_task(fake, parent=name, vlan=7, external_ids={'team': None})['changed']
    assert vsctl('br-get-external-id', fake).split() == ['tier=db']
    assert not bridge_task(fake, parent=name, vlan=7, external_ids={'team': None})['changed']


def test_raw_set_entries_are_compared_before_they_are_set(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    name = unique_name('raw')
    task = dict(datapath_type='netdev', set=['Interface mtu_request=1400', 'Bridge flood_vlans=[30, 10]'])
    created = bridge_task(name, **task)
    assert created['changed']
    assert vsctl('get', 'Interface', name, 'mtu_request') == '1400'
    assert vsctl('get', 'Bridge', name, 'flood_vlans') == '[10, 30]'
    again = bridge_task(name, diff=True, **task)
    assert not again['changed']
    assert again['diff']['before']['set'] == {'Interface %s mtu_request' % name: '1400', 'Bridge %s flood_vlans' % name: '[10, 30]'}
    # Spelled otherwise: quotes, spaces, the table in lower case, the set in another order.
    assert not bridge_task(name, set=['interface mtu_request = "1400"', 'Bridge flood_vlans=[10,30]'])['changed']
    assert not bridge_task(name, set=['Bridge flood_vlans=30,10'])['changed']
    # openvswitch.openvswitch's form, naming the record.
    assert not bridge_task(name, set=['Interface %s mtu_request=1400' % name])['changed']

    checked = bridge_task(name, check=True, diff=True, set=['Interface mtu_request=1450'])
    assert checked['changed'] and checked['actions'] == ['update bridge %s: Interface %s mtu_request=1450' % (name, name)]
    assert checked['diff']['before']['set'] == {'Interface %s mtu_request' % name: '1400'}
    assert checked['diff']['after']['set'] == {'Interface %s mtu_request' % name: '1450'}
    assert vsctl('get', 'Interface', name, 'mtu_request') == '1400'
    assert bridge_task(name, set=['Interface mtu_request=1450'])['changed']
    assert vsctl('get', 'Interface', name, 'mtu_request') == '1450'


def test_fake_bridge_create_rerun_and_no_move(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    parent, other = unique_name('p'), unique_name('o')
    fake = unique_name('v10')
    bridge_task(parent, datapath_type='netdev')
    bridge_task(other, datapath_type='netdev')
    task = dict(parent=parent, vlan=10, external_ids={'team': 'blue'})
    checked = bridge_task(fake, check=True, **task)
    assert checked['changed'] and checked['actions'] == ['create bridge %s in %s vlan 10' % (fake, parent)]
    assert fake not in bridges()

    created = bridge_task(fake, **task)
    assert created['changed']
    assert vsctl('br-to-parent', fake) == parent and vsctl('br-to-vlan', fake) == '10'
    assert vsctl('br-get-external-id', fake, 'team') == 'blue'
    assert created['bridge']['parent'] == parent and created['bridge']['vlan'] == 10
    assert created['bridge']['external_ids'] == {'team': 'blue'}
    assert not bridge_task(fake, **task)['changed']
    assert not bridge_task(fake)['changed']

    for moved in (dict(parent=parent, vlan=11), dict(parent=other, vlan=10)):
        refused = bridge_task(fake, expect_fail=True, **moved)
        assert refused['msg'] == ('parent: bridge %s exists in %s vlan 10; a fake bridge cannot be moved, remove it first '
                                  '(state=absent)' % (fake, parent))
    refused = bridge_task(other, expect_fail=True, parent=parent, vlan=20)
    assert 'exists as a bridge of its own' in refused['msg']
    assert vsctl('br-to-parent', fake) == parent and vsctl('br-to-vlan', fake) == '10'

    missing_parent = bridge_task(unique_name('v3'), expect_fail=True, parent=unique_name('none'), vlan=3)
    assert missing_parent['msg'].startswith('Failed to create bridge ') and 'does not exist' in missing_parent['msg']

    removed = bridge_task(fake, state='absent')
    assert removed['changed'] and removed['actions'] == ['delete bridge %s' % fake]
    assert fake not in bridges() and parent in bridges()


def test_removal_check_mode_and_rerun(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    name = unique_name('rm')
    bridge_task(name, datapath_type='netdev')
    vsctl('add-port', name, name + 'p', '--', 'set', 'Interface', name + 'p', 'type=internal')
    checked = bridge_task(name, check=True, diff=True, state='absent')
    assert checked['changed'] and checked['actions'] == ['delete bridge %s' % name]
    assert checked['diff']['after'] == {'bridge': name, 'state': 'absent'}
    assert name in bridges()
    removed = bridge_task(name, state='absent')
    assert removed['changed'] and removed['bridge'] == {}
    assert name not in bridges() and table('Port', 'name=%s' % (name + 'p')) == []
    assert not bridge_task(name, state='absent')['changed']


def test_a_failed_create_leaves_no_bridge(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    name = unique_name('bad')
    failed = bridge_task(name, expect_fail=True, datapath_type='netdev', set=['Interface mtu_request=abc'])
    assert failed['msg'].startswith('Failed to create bridge %s: ' % name) and '\n' not in failed['msg']
    assert name not in bridges()


@pytest.mark.parametrize('args, message', [
    (dict(bridge='dytbad', parent='dytparent', vlan=5000), 'vlan: invalid value 5000; give a VLAN number from 0 to 4095'),
    (dict(bridge='dytbad', parent='dytparent'), "parent: invalid value 'dytparent'; a fake bridge needs both parent and vlan; "
                                                'give vlan too'),
    (dict(bridge='dytbad', vlan=10), 'vlan: invalid value 10; a fake bridge needs both parent and vlan; give parent too'),
    (dict(bridge='dytbad', parent='dytparent', vlan=10, fail_mode='secure'),
     "fail_mode: invalid value 'secure'; not accepted with parent"),
    (dict(bridge='dyt4567890123456'), "bridge: invalid value 'dyt4567890123456'; give a device name of 1 to 15 characters"),
    (dict(bridge='dyt bad'), "bridge: invalid value 'dyt bad'; give a device name"),
    (dict(bridge='dytbad', set=['Controller target="tcp:127.0.0.1:6653"']),
     "set: invalid value 'Controller target=\"tcp:127.0.0.1:6653\"'; table Controller is not accepted here"),
    (dict(bridge='dytbad', set=['Bridge stp_enable']), "set: invalid value 'Bridge stp_enable'; give TABLE COLUMN=VALUE"),
    (dict(bridge='dytbad', fail_mode='open'), 'value of fail_mode must be one of: secure, standalone'),
    (dict(bridge='dytbad', timeout=0), 'timeout: 0 is not accepted'),
])
def test_bad_input_is_refused_before_ovs_vsctl_runs(ovs, args, message):  # pylint: disable=redefined-outer-name,unused-argument
    # ovs_vsctl_path does not exist: a message about it would mean that ovs-vsctl was tried first.
    failed = run_module('ovs_bridge', expect_fail=True, ovs_vsctl_path='/nonexistent/ovs-vsctl', **args)
    assert message in failed['msg'] and '\n' not in failed['msg']
    assert 'Unexpected error' not in failed['msg']
