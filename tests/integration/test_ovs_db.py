"""ovs_db against the real ovsdb-server and ovs-vswitchd (userspace, tests/integration/ovs.py): set, remove,
clear and read one column or map key of a record, each checked in the database with ovs-vsctl itself."""

import pytest

from conftest import run_module
from ovs import ovs, ovs_running, unique_name, vsctl  # noqa: F401 pylint: disable=unused-import

pytestmark = pytest.mark.needs('managed-host-only')


@pytest.fixture
def bridge(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    """A netdev bridge of this test (removed by the ovs fixture)."""
    name = unique_name('db')
    vsctl('add-br', name, '--', 'set', 'Bridge', name, 'datapath_type=netdev')
    return name


def get(table_name, record, column):
    return vsctl('--if-exists', 'get', table_name, record, column)


def db(bridge_name, check=False, diff=False, expect_fail=False, **args):  # pylint: disable=redefined-outer-name
    args.setdefault('table', 'Bridge')
    args.setdefault('record', bridge_name)
    return run_module('ovs_db', check=check, diff=diff, expect_fail=expect_fail, **args)


def test_map_key_check_mode_set_rerun_update(bridge):  # pylint: disable=redefined-outer-name
    task = dict(col='other_config', key='disable-in-band', value='true')
    checked = db(bridge, check=True, diff=True, **task)
    assert checked['changed'] and checked['actions'] == ['set Bridge %s other_config:disable-in-band=true' % bridge]
    assert checked['diff']['before']['value'] is None and checked['diff']['after']['value'] == 'true'
    assert checked['value'] is None
    assert get('Bridge', bridge, 'other_config') == '{}'

    done = db(bridge, diff=True, **task)
    assert done['changed'] and done['actions'] == checked['actions']
    assert done['value'] == '"true"'
    assert get('Bridge', bridge, 'other_config:disable-in-band') == '"true"'

    again = db(bridge, diff=True, **task)
    assert not again['changed'] and again['actions'] == []
    assert again['diff']['before'] == again['diff']['after']
    # Spelled otherwise, the same value: quoted, or the string Ansible makes of a YAML boolean.
    for spelled in ('"true"', 'True'):
        assert not db(bridge, col='other_config', key='disable-in-band', value=spelled)['changed']

    updated = db(bridge, diff=True, col='other_config', key='disable-in-band', value='false')
    assert updated['changed'] and updated['diff']['before']['value'] == '"true"'
    assert get('Bridge', bridge, 'other_config:disable-in-band') == '"false"'
    # Other keys are left alone.
    db(bridge, col='other_config', key='mac-aging-time', value='600')
    assert get('Bridge', bridge, 'other_config') == '{disable-in-band="false", mac-aging-time="600"}'


def test_key_with_spaces_and_quotes_in_its_value(bridge):  # pylint: disable=redefined-outer-name
    task = dict(col='external_ids', key='owner team', value='"ops, west"')
    assert db(bridge, **task)['changed']
    assert get('Bridge', bridge, 'external_ids:"owner team"') == '"ops, west"'
    assert not db(bridge, **task)['changed']


def test_whole_column_set_remove_items_and_clear(bridge):  # pylint: disable=redefined-outer-name
    task = dict(col='flood_vlans', value='[30, 10,20]')
    assert db(bridge, check=True, **task)['changed']
    assert get('Bridge', bridge, 'flood_vlans') == '[]'
    assert db(bridge, **task)['value'] == '[10, 20, 30]'
    assert get('Bridge', bridge, 'flood_vlans') == '[10, 20, 30]'
    assert not db(bridge, col='flood_vlans', value='[10, 20, 30]')['changed']

    remove = dict(col='flood_vlans', value='[20, 99]', state='absent')
    checked = db(bridge, check=True, diff=True, **remove)
    assert checked['changed'] and checked['diff']['after']['value'] == '[10, 30]'
    assert get('Bridge', bridge, 'flood_vlans') == '[10, 20, 30]'
    removed = db(bridge, diff=True, **remove)
    assert removed['changed'] and removed['actions'] == ['remove [20, 99] from Bridge %s flood_vlans' % bridge]
    assert get('Bridge', bridge, 'flood_vlans') == '[10, 30]' == removed['value']
    assert not db(bridge, **remove)['changed']

    clear = dict(col='flood_vlans', state='absent')
    assert db(bridge, check=True, **clear)['changed']
    assert get('Bridge', bridge, 'flood_vlans') == '[10, 30]'
    cleared = db(bridge, diff=True, **clear)
    assert cleared['changed'] and cleared['actions'] == ['clear Bridge %s flood_vlans' % bridge]
    assert cleared['diff']['after']['value'] == '[]'
    assert get('Bridge', bridge, 'flood_vlans') == '[]'
    assert not db(bridge, **clear)['changed']
    # An empty set given is the empty column.
    assert not db(bridge, col='flood_vlans', value='[]')['changed']
    # Items without brackets, as ovs-vsctl reads them.
    assert db(bridge, col='flood_vlans', value='40, 50')['changed']
    assert get('Bridge', bridge, 'flood_vlans') == '[40, 50]'
    assert not db(bridge, col='flood_vlans', value='50,40')['changed']
    assert db(bridge, col='flood_vlans', value='40,60', state='absent')['changed']
    assert get('Bridge', bridge, 'flood_vlans') == '[50]'


def test_whole_map_column_is_replaced_and_compared_in_any_order(bridge):  # pylint: disable=redefined-outer-name
    vsctl('set', 'Bridge', bridge, 'external_ids:old=1')
    assert db(bridge, col='external_ids', value='{b=2, a="1"}')['changed']
    assert get('Bridge', bridge, 'external_ids') == '{a="1", b="2"}'
    assert not db(bridge, col='external_ids', value='{"a"=1,b="2"}')['changed']
    assert not db(bridge, col='external_ids', value='b=2, a=1')['changed']
    # A pair, or a key alone, of a map column without key.
    assert db(bridge, col='external_ids', value='a=1', state='absent')['changed']
    assert not db(bridge, col='external_ids', value='a=1', state='absent')['changed']
    assert not db(bridge, col='external_ids', value='b=3', state='absent')['changed']
    assert db(bridge, col='external_ids', value='b', state='absent')['changed']
    assert get('Bridge', bridge, 'external_ids') == '{}'


def test_absent_key_only_with_the_value_given(bridge):  # pylint: disable=redefined-outer-name
    vsctl('set', 'Bridge', bridge, 'other_config:mac-table-size=2048', 'other_config:keep=yes')
    task = dict(col='other_config', key='mac-table-size', state='absent')
    other_value = db(bridge, diff=True, **dict(task, value='4096'))
    assert not other_value['changed'] and other_value['value'] == '"2048"'
    checked = db(bridge, check=True, diff=True, **dict(task, value='2048'))
    assert checked['changed'] and checked['diff']['after']['value'] is None
    assert get('Bridge', bridge, 'other_config:mac-table-size') == '"2048"'
    removed = db(bridge, **dict(task, value='"2048"'))
    assert removed['changed'] and removed['actions'] == ['remove key mac-table-size from Bridge %s other_config' % bridge]
    assert removed['value'] is None
    assert get('Bridge', bridge, 'other_config') == '{keep=yes}'
    assert not db(bridge, **task)['changed']
    # Without value, whatever the key holds.
    assert db(bridge, col='other_config', key='keep', state='absent')['changed']
    assert get('Bridge', bridge, 'other_config') == '{}'


def test_optional_column_of_a_port(bridge):  # pylint: disable=redefined-outer-name
    port = unique_name('p')
    vsctl('add-port', bridge, port, '--', 'set', 'Interface', port, 'type=internal')
    task = dict(table='Port', record=port, col='tag', value='10')
    assert db(bridge, **task)['changed']
    assert get('Port', port, 'tag') == '10'
    assert not db(bridge, **task)['changed']
    removed = db(bridge, diff=True, **dict(task, state='absent'))
    assert removed['changed'] and removed['diff']['after']['value'] == '[]'
    assert get('Port', port, 'tag') == '[]'
    assert not db(bridge, **dict(task, state='absent'))['changed']


def test_read_changes_nothing(bridge):  # pylint: disable=redefined-outer-name
    vsctl('set', 'Bridge', bridge, 'other_config:mac-aging-time=300')
    whole = db(bridge, diff=True, col='other_config', state='read', value='ignored')
    assert not whole['changed'] and whole['actions'] == [] and 'diff' not in whole
    assert whole['value'] == '{mac-aging-time="300"}'
    assert db(bridge, col='other_config', key='mac-aging-time', state='read')['value'] == '"300"'
    assert db(bridge, col='other_config', key='missing', state='read')['value'] is None
    assert db(bridge, col='Name', table='bridge', state='read')['value'] == bridge
    assert get('Bridge', bridge, 'other_config') == '{mac-aging-time="300"}'
    version = run_module('ovs_db', table='Open_vSwitch', record='.', col='ovs_version', state='read')
    assert version['value'] == get('Open_vSwitch', '.', 'ovs_version')


def test_open_vswitch_root_record(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    key = unique_name('root')
    task = dict(table='Open_vSwitch', record='.', col='external_ids', key=key, value='yes')
    try:
        assert run_module('ovs_db', **task)['changed']
        assert get('Open_vSwitch', '.', 'external_ids:' + key) == 'yes'
        assert not run_module('ovs_db', **task)['changed']
        assert run_module('ovs_db', **dict(task, state='absent'))['changed']
        assert get('Open_vSwitch', '.', 'external_ids:' + key) == ''
    finally:
        vsctl('remove', 'Open_vSwitch', '.', 'external_ids', key)


def test_missing_record_fails_naming_table_and_record(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    missing = unique_name('none')
    for state in ('present', 'absent', 'read'):
        failed = run_module('ovs_db', expect_fail=True, table='Bridge', record=missing, col='other_config', key='a',
                            value='1', state=state)
        assert failed['msg'] == 'record: there is no record %s in table Bridge' % missing


def test_what_ovs_vsctl_refuses_fails_in_one_line_and_changes_nothing(bridge):  # pylint: disable=redefined-outer-name
    cleared = db(bridge, expect_fail=True, col='stp_enable', state='absent')
    assert cleared['msg'].startswith('Failed to clear Bridge %s stp_enable: ' % bridge)
    assert 'not allowed to be empty' in cleared['msg'] and '\n' not in cleared['msg']
    assert get('Bridge', bridge, 'stp_enable') == 'false'
    unknown = db(bridge, expect_fail=True, col='no_such_column', value='1')
    assert unknown['msg'].startswith('Failed to read Bridge %s no_such_column: ' % bridge)
    table = run_module('ovs_db', expect_fail=True, table='No_Such_Table', record='x', col='name', state='read')
    assert 'unknown table' in table['msg']
    syntax = db(bridge, expect_fail=True, col='other_config', value='true')
    assert syntax['msg'].startswith('Failed to set Bridge %s other_config=true: ' % bridge)
    assert get('Bridge', bridge, 'other_config') == '{}'


@pytest.mark.parametrize('args, message', [
    (dict(col='other_config', key='a'), "value: invalid value None; state=present needs a value"),
    (dict(col='other_config:a', value='1'), "col: invalid value 'other_config:a'; give the column name alone"),
    (dict(col='other config', value='1'), "col: invalid value 'other config'; give a column name"),
    (dict(col='other_config', key='', value='1'), "key: invalid value ''; give a key of the map column other_config"),
    (dict(col='name', table='Bridge Port', value='1'), "table: invalid value 'Bridge Port'; give a table name"),
    (dict(col='name', record='', value='1'), "record: invalid value ''; give a record's name"),
    (dict(col='name', value='1', state='gone'), 'value of state must be one of: present, absent, read'),
])
def test_bad_input_is_refused_before_ovs_vsctl_runs(bridge, args, message):  # pylint: disable=redefined-outer-name
    # ovs_vsctl_path does not exist: a message about it would mean that ovs-vsctl was tried first.
    failed = db(bridge, expect_fail=True, ovs_vsctl_path='/nonexistent/ovs-vsctl', **args)
    assert message in failed['msg'] and '\n' not in failed['msg']


def test_database_option_and_its_alias(ovs):  # pylint: disable=redefined-outer-name,unused-argument
    task = dict(table='Open_vSwitch', record='.', col='ovs_version', state='read')
    found = run_module('ovs_db', db='unix:/var/run/openvswitch/db.sock', **task)
    assert found['value'] == get('Open_vSwitch', '.', 'ovs_version')
    missing = run_module('ovs_db', expect_fail=True, database_socket='unix:/nonexistent/db.sock', timeout=2, **task)
    assert missing['msg'] == ('Failed to read Open_vSwitch . ovs_version: unix:/nonexistent/db.sock: database connection failed '
                              '(No such file or directory) (is Open vSwitch running (ovsdb-server, ovs-vswitchd)?)')
