"""ovs_port and ovs_bond without ovs-vsctl: the options each interface type takes, the ports and bonds
read from given OVSDB rows, and the one transaction each change plans (module_utils/ovs/port.py, bond.py)."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, apply_plan
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.bond import BondDriver, describe_bond
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.port import (
    PortDriver,
    check_options,
    create_commands,
    describe_port,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


class FakeVsctl:
    """Answers find with the given tables (one per query, in order of the driver's queries, the
    tables looked up by name) and records every transaction."""

    def __init__(self, tables, errors=None):
        self.tables = tables
        self.errors = errors or {}
        self.transactions = []
        self.finds = 0

    def find(self, queries, doing):
        self.finds += 1
        answers = []
        for table, columns, conditions in queries:
            if table == 'Interface' and columns == ['name', 'error']:
                answers.append([{'name': name, 'error': error} for name, error in self.errors.items()])
                continue
            rows = self.tables.get(table, [])
            for condition in conditions:
                name = condition.split('=', 1)[1].strip('"')
                rows = [row for row in rows if row['name'] == name]
            answers.append(rows)
        return answers

    def get(self, fields, doing):
        return ['1500' for _field in fields]

    def transact(self, commands, doing):
        self.transactions.append(commands)


def port_params(**given):
    params = dict(bridge='br0', port='gre0', state='present', type=None, options=None, tag=None, trunks=None,
                  external_ids=None, set=None)
    params.update(given)
    return params


def ovsdb(ports=(), bridges=None):
    """Bridge, Port and Interface rows: br0 and br1, and each (bridge, name, type, options, tag) port."""
    tables = {'Bridge': [], 'Port': [], 'Interface': []}
    members = {'br0': [], 'br1': []}
    for number, (bridge, name, kind, options, tag) in enumerate(ports):
        tables['Port'].append({'_uuid': 'p%d' % number, 'name': name, 'tag': tag if tag is not None else [], 'trunks': [],
                               'external_ids': {'owner': 'x'}, 'interfaces': 'i%d' % number})
        tables['Interface'].append({'_uuid': 'i%d' % number, 'name': name, 'type': kind, 'options': options,
                                    'error': [], 'ofport': 7})
        members[bridge].append('p%d' % number)
    for bridge in bridges or ('br0', 'br1'):
        tables['Bridge'].append({'name': bridge, 'ports': members.get(bridge, [])})
    return tables


def planned(driver_class, params, tables, errors=None):
    driver = driver_class(params)
    driver.vsctl = FakeVsctl(tables, errors)
    driver.read()
    return driver, driver.plan()


@pytest.mark.parametrize('kind, options, expected', [
    ('gre', {'remote_ip': '10.0.0.2', 'key': 5}, {'remote_ip': '10.0.0.2', 'key': '5'}),
    ('vxlan', {'remote_ip': '10.0.0.2', 'dst_port': 4790, 'csum': True}, {'remote_ip': '10.0.0.2', 'dst_port': '4790', 'csum': 'true'}),
    ('geneve', {'remote_ip': 'flow', 'local_ip': 'flow'}, {'remote_ip': 'flow', 'local_ip': 'flow'}),
    ('patch', {'peer': 'patch-b'}, {'peer': 'patch-b'}),
    ('internal', {}, {}),
    ('system', None, None),
])
def test_options_accepted_for_their_type_are_stored_as_strings(kind, options, expected):
    assert check_options(kind, options) == expected


@pytest.mark.parametrize('kind, options, words', [
    ('gre', {'remote_ip': '10.0.0.2', 'peer': 'x'}, 'key peer is not accepted for type gre'),
    ('gre', {'remote_ip': '10.0.0.2', 'dst_port': 1}, 'key dst_port is not accepted for type gre'),
    ('patch', {'peer': 'b', 'remote_ip': '1.2.3.4'}, 'key remote_ip is not accepted for type patch; accepted: peer'),
    ('system', {'mtu': 1}, 'accepted: none'),
    ('vxlan', {'key': 5}, 'a vxlan interface needs remote_ip'),
    ('patch', {}, 'a patch interface needs peer'),
    (None, {'remote_ip': '10.0.0.2'}, 'give type too'),
])
def test_options_a_type_does_not_take_fail_naming_the_key(kind, options, words):
    with pytest.raises(SpecError) as failed:
        check_options(kind, options)
    assert str(failed.value).startswith('options: invalid value')
    assert words in str(failed.value)
    assert '\n' not in str(failed.value)


def test_a_port_is_read_with_its_bridge_and_interface():
    tables = ovsdb([('br1', 'gre0', 'gre', {'remote_ip': '10.0.0.2'}, 10), ('br0', 'eth1', '', {}, None)])
    port = describe_port('gre0', tables['Bridge'], tables['Port'], tables['Interface'])
    assert port == {'name': 'gre0', 'bridge': 'br1', 'type': 'gre', 'options': {'remote_ip': '10.0.0.2'}, 'tag': 10,
                    'trunks': [], 'external_ids': {'owner': 'x'}, 'ofport': 7, 'error': None, 'bond': 0}
    assert describe_port('eth1', tables['Bridge'], tables['Port'], tables['Interface'])['type'] == 'system'
    assert describe_port('nope', tables['Bridge'], tables['Port'], tables['Interface']) is None


def test_a_bond_is_not_taken_for_a_port():
    tables = ovsdb()
    tables['Port'].append({'_uuid': 'pb', 'name': 'bond0', 'tag': [], 'trunks': [], 'external_ids': {},
                           'interfaces': ['ia', 'ib']})
    tables['Bridge'][0]['ports'] = ['pb']
    with pytest.raises(TaskFailed) as failed:
        planned(PortDriver, port_params(port='bond0'), tables)
    assert failed.value.msg == 'port: bond0 on bridge br0 is a bond of 2 interfaces; manage it with dockyard.docker.ovs_bond'


def test_a_new_port_is_one_transaction_with_its_interface_and_settings():
    driver, plan = planned(PortDriver, port_params(type='vxlan', options={'remote_ip': '10.0.0.2', 'key': 5}, tag=3,
                                                   trunks=[20, 10, 20], external_ids={'a': 1}), ovsdb())
    assert plan.describe() == ['create port gre0 on bridge br0']
    assert plan.before == {'bridge': 'br0', 'port': 'gre0', 'state': 'absent'}
    assert plan.after['options'] == {'remote_ip': '10.0.0.2', 'key': '5'} and plan.after['trunks'] == [10, 20]
    apply_plan(plan)
    assert driver.vsctl.transactions == [[
        ['add-port', 'br0', 'gre0'],
        ['set', 'Interface', 'gre0', 'type="vxlan"', 'options={"key"="5", "remote_ip"="10.0.0.2"}'],
        ['set', 'Port', 'gre0', 'tag=3', 'trunks=[10, 20]', 'external_ids:"a"="1"'],
    ]]


def test_a_new_system_port_is_a_bare_add_port():
    assert create_commands('br0', {'name': 'eth1', 'type': 'system', 'options': {}, 'tag': None, 'trunks': [],
                                   'external_ids': {}}) == [['add-port', 'br0', 'eth1']]


def test_a_type_and_options_change_updates_the_live_interface():
    tables = ovsdb([('br0', 'gre0', 'gre', {'remote_ip': '10.0.0.2'}, None)])
    driver, plan = planned(PortDriver, port_params(type='vxlan', options={'remote_ip': '10.0.0.3', 'key': '5'}), tables)
    assert plan.describe() == ['update port gre0 on bridge br0: type, options']
    apply_plan(plan)
    assert driver.vsctl.transactions == [
        [['set', 'Interface', 'gre0', 'type="vxlan"', 'options={"key"="5", "remote_ip"="10.0.0.3"}']]]
    assert not any(command[0] in ('del-port', 'add-port') for command in driver.vsctl.transactions[0])


def test_an_identical_port_plans_nothing():
    tables = ovsdb([('br0', 'gre0', 'gre', {'remote_ip': '10.0.0.2', 'key': '5'}, 4)])
    _driver, plan = planned(PortDriver, port_params(type='gre', options={'remote_ip': '10.0.0.2', 'key': 5}, tag=4,
                                                    external_ids={'owner': 'x'}), tables)
    assert plan.describe() == []


def test_options_given_are_compared_whole_and_others_are_left():
    tables = ovsdb([('br0', 'gre0', 'gre', {'remote_ip': '10.0.0.2', 'key': '5'}, 4)])
    _driver, plan = planned(PortDriver, port_params(type='gre', options={'remote_ip': '10.0.0.2'}), tables)
    assert plan.describe() == ['update port gre0 on bridge br0: options']
    _driver, plan = planned(PortDriver, port_params(tag=4), tables)
    assert plan.describe() == []


def test_a_port_on_another_bridge_moves_in_one_transaction_keeping_its_settings():
    tables = ovsdb([('br1', 'gre0', 'gre', {'remote_ip': '10.0.0.2'}, 4)])
    driver, plan = planned(PortDriver, port_params(), tables)
    assert plan.describe() == ['move port gre0 from bridge br1 to bridge br0']
    apply_plan(plan)
    assert driver.vsctl.transactions == [[
        ['del-port', 'br1', 'gre0'], ['add-port', 'br0', 'gre0'],
        ['set', 'Interface', 'gre0', 'type="gre"', 'options={"remote_ip"="10.0.0.2"}'],
        ['set', 'Port', 'gre0', 'tag=4', 'external_ids:"owner"="x"'],
    ]]


def test_a_missing_bridge_or_a_fake_one_fails_naming_bridge():
    with pytest.raises(TaskFailed) as failed:
        planned(PortDriver, port_params(bridge='nope'), ovsdb())
    assert failed.value.msg == 'bridge: nope does not exist; create it first (dockyard.docker.ovs_bridge)'
    tables = ovsdb([('br0', 'vlan10', 'internal', {}, 10)])
    with pytest.raises(TaskFailed) as failed:
        planned(PortDriver, port_params(bridge='vlan10'), tables)
    assert failed.value.msg.startswith('bridge: vlan10 is a fake bridge (VLAN 10 of br0)')


def test_absent_deletes_only_from_its_own_bridge():
    tables = ovsdb([('br1', 'gre0', 'gre', {'remote_ip': '10.0.0.2'}, None)])
    _driver, plan = planned(PortDriver, port_params(state='absent'), tables)
    assert plan.describe() == []
    driver, plan = planned(PortDriver, port_params(state='absent', bridge='br1'), tables)
    apply_plan(plan)
    assert driver.vsctl.transactions == [[['--if-exists', 'del-port', 'br1', 'gre0']]]
    _driver, plan = planned(PortDriver, port_params(state='absent', bridge='gone'), ovsdb())
    assert plan.describe() == []


def test_an_interface_error_after_a_create_removes_the_port_and_fails():
    driver, plan = planned(PortDriver, port_params(port='eth9'), ovsdb(),
                           errors={'eth9': 'could not open network device eth9 (No such device)'})
    with pytest.raises(TaskFailed) as failed:
        apply_plan(plan)
    assert failed.value.msg == ('Open vSwitch cannot set up interface eth9: could not open network device eth9 '
                                '(No such device); port eth9 was removed again')
    assert driver.vsctl.transactions[-1] == [['--if-exists', 'del-port', 'br0', 'eth9']]


def test_an_interface_error_after_an_update_sets_the_port_back():
    tables = ovsdb([('br0', 'gre0', 'gre', {'remote_ip': '10.0.0.2'}, None)])
    driver, plan = planned(PortDriver, port_params(type='system', options={}, tag=5, external_ids={'new': 'y'}), tables,
                           errors={'gre0': 'could not open network device gre0 (No such device)'})
    with pytest.raises(TaskFailed) as failed:
        apply_plan(plan)
    assert failed.value.msg.endswith('; the port was set back as it was')
    assert driver.vsctl.transactions[-1] == [
        ['set', 'Interface', 'gre0', 'type="gre"', 'options={"remote_ip"="10.0.0.2"}'],
        ['set', 'Port', 'gre0', 'tag=[]', 'trunks=[]'],
        ['remove', 'Port', 'gre0', 'external_ids', '"new"'],
    ]


def test_a_patch_port_made_before_its_peer_is_kept():
    waiting = {'patch-a': "No usable peer 'patch-b' exists in 'netdev' datapath."}
    driver, plan = planned(PortDriver, port_params(port='patch-a', type='patch', options={'peer': 'patch-b'}), ovsdb(),
                           errors=waiting)
    assert apply_plan(plan) == ['create port patch-a on bridge br0'] and len(driver.vsctl.transactions) == 1
    # With its peer there, the error is the port's own: it is removed again.
    driver, plan = planned(PortDriver, port_params(port='patch-a', type='patch', options={'peer': 'patch-b'}), ovsdb(),
                           errors=dict(waiting, **{'patch-b': []}))
    with pytest.raises(TaskFailed):
        apply_plan(plan)
    assert driver.vsctl.transactions[-1] == [['--if-exists', 'del-port', 'br0', 'patch-a']]


def test_a_key_given_as_null_is_removed_and_set_back_on_failure():
    tables = ovsdb([('br0', 'gre0', 'gre', {'remote_ip': '10.0.0.2'}, None)])
    driver, plan = planned(PortDriver, port_params(external_ids={'owner': None, 'site': 'a', 'gone': None}), tables)
    assert plan.describe() == ['update port gre0 on bridge br0: external_ids']
    assert plan.after['external_ids'] == {'site': 'a'}
    apply_plan(plan)
    assert driver.vsctl.transactions == [[['set', 'Port', 'gre0', 'external_ids:"site"="a"'],
                                          ['remove', 'Port', 'gre0', 'external_ids', '"owner"']]]
    assert driver.restore_commands()[-2:] == [['set', 'Port', 'gre0', 'external_ids:"owner"="x"'],
                                              ['remove', 'Port', 'gre0', 'external_ids', '"site"']]
    _driver, plan = planned(PortDriver, port_params(external_ids={'gone': None}), tables)
    assert plan.describe() == []


def test_raw_settings_that_differ_join_the_update():
    tables = ovsdb([('br0', 'gre0', 'gre', {'remote_ip': '10.0.0.2'}, None)])
    driver, plan = planned(PortDriver, port_params(set=['Interface mtu_request=1450', 'Interface mtu_request=1500']), tables)
    assert plan.describe() == ['update port gre0 on bridge br0: Interface gre0 mtu_request=1450']
    apply_plan(plan)
    assert driver.vsctl.transactions == [[['set', 'Interface', 'gre0', 'mtu_request=1450']]]


@pytest.mark.parametrize('given, words', [
    (dict(tag=4096), 'tag: invalid value 4096'),
    (dict(trunks=[1, -1]), 'trunks: invalid value -1'),
    (dict(port='a' * 16), 'port: invalid value'),
    (dict(set=['Bridge stp_enable=true']), 'set: invalid value'),
])
def test_bad_port_arguments_fail_before_reading(given, words):
    with pytest.raises(SpecError) as failed:
        PortDriver(port_params(**given))
    assert str(failed.value).startswith(words)


def bond_params(**given):
    params = dict(bridge='br0', port='bond0', state='present', interfaces=['eth1', 'eth2'], bond_mode=None, lacp=None,
                  bond_updelay=None, bond_downdelay=None, other_config=None)
    params.update(given)
    return params


def bonded(bridge='br0', interfaces=('eth1', 'eth2'), others=()):
    """The tables holding bond0 on `bridge` with these interfaces, and (port, bridge) system ports."""
    tables = ovsdb([(other_bridge, name, '', {}, None) for name, other_bridge in others])
    uuids = ['b%d' % number for number in range(len(interfaces))]
    tables['Port'].append({'_uuid': 'pbond', 'name': 'bond0', 'interfaces': uuids, 'bond_mode': 'balance-slb', 'lacp': [],
                           'bond_updelay': 0, 'bond_downdelay': 0, 'other_config': {'lacp-time': 'fast'}})
    tables['Interface'] += [{'_uuid': uuid, 'name': name, 'type': '', 'options': {}} for uuid, name in zip(uuids, interfaces)]
    next(row for row in tables['Bridge'] if row['name'] == bridge)['ports'].append('pbond')
    return tables


def test_a_bond_is_read_with_its_interfaces_names():
    tables = bonded(interfaces=('eth2', 'eth1'))
    bond = describe_bond('bond0', tables['Bridge'], tables['Port'], tables['Interface'])
    assert bond['interfaces'] == ['eth1', 'eth2'] and bond['bridge'] == 'br0'
    assert (bond['bond_mode'], bond['lacp'], bond['other_config']) == ('balance-slb', None, {'lacp-time': 'fast'})


def test_a_new_bond_is_add_bond_and_its_settings_in_one_transaction():
    driver, plan = planned(BondDriver, bond_params(interfaces=['eth2', 'eth1'], bond_mode='balance-tcp', lacp='active',
                                                   bond_updelay=200, other_config={'lacp-time': 'fast'}), ovsdb())
    assert plan.describe() == ['create bond bond0 on bridge br0']
    apply_plan(plan)
    assert driver.vsctl.transactions == [[
        ['add-bond', 'br0', 'bond0', 'eth1', 'eth2'],
        ['set', 'Port', 'bond0', 'bond_mode="balance-tcp"', 'bond_updelay=200', 'lacp="active"', 'other_config:"lacp-time"="fast"'],
    ]]


def test_interfaces_are_added_and_removed_on_the_live_bond():
    driver, plan = planned(BondDriver, bond_params(interfaces=['eth1', 'eth3', 'eth4'], bond_mode='balance-slb'), bonded())
    assert plan.describe() == ['update bond bond0 on bridge br0: add interfaces eth3, eth4; remove interfaces eth2']
    apply_plan(plan)
    assert driver.vsctl.transactions == [[
        ['--id=@new0', 'create', 'Interface', 'name="eth3"'], ['add', 'Port', 'bond0', 'interfaces', '@new0'],
        ['--id=@new1', 'create', 'Interface', 'name="eth4"'], ['add', 'Port', 'bond0', 'interfaces', '@new1'],
        ['remove', 'Port', 'bond0', 'interfaces', 'b1'],
    ]]


def test_an_identical_bond_plans_nothing_and_settings_are_compared_only_when_given():
    _driver, plan = planned(BondDriver, bond_params(interfaces=['eth2', 'eth1', 'eth1'], other_config={'lacp-time': 'fast'}),
                            bonded())
    assert plan.describe() == []
    _driver, plan = planned(BondDriver, bond_params(lacp='active', bond_downdelay=0), bonded())
    assert plan.describe() == ['update bond bond0 on bridge br0: lacp']


def test_a_bond_other_config_key_given_as_null_is_removed():
    driver, plan = planned(BondDriver, bond_params(other_config={'lacp-time': None}), bonded())
    assert plan.describe() == ['update bond bond0 on bridge br0: other_config']
    apply_plan(plan)
    assert driver.vsctl.transactions == [[['remove', 'Port', 'bond0', 'other_config', '"lacp-time"']]]


def test_a_bond_interface_of_another_port_fails_before_changing_anything():
    tables = bonded(others=[('eth3', 'br1')])
    with pytest.raises(TaskFailed) as failed:
        planned(BondDriver, bond_params(interfaces=['eth1', 'eth3']), tables)
    assert failed.value.msg == 'interfaces: eth3 is already an interface of port eth3 on bridge br1; remove it there first'


def test_an_interface_error_after_adding_one_sets_the_bond_back():
    driver, plan = planned(BondDriver, bond_params(interfaces=['eth1', 'eth9'], bond_updelay=10), bonded(),
                           errors={'eth9': 'could not open network device eth9 (No such device)'})
    with pytest.raises(TaskFailed) as failed:
        apply_plan(plan)
    assert failed.value.msg.endswith('the bond was set back as it was')
    assert driver.vsctl.transactions[-1] == [
        ['--id=@added0', 'get', 'Interface', 'eth9'], ['remove', 'Port', 'bond0', 'interfaces', '@added0'],
        ['--id=@removed0', 'create', 'Interface', 'name="eth2"', 'type=""', 'options={}'],
        ['add', 'Port', 'bond0', 'interfaces', '@removed0'],
        ['set', 'Port', 'bond0', 'bond_mode="balance-slb"', 'lacp=[]', 'bond_updelay=0', 'bond_downdelay=0'],
    ]


def test_a_bond_on_another_bridge_moves_and_absent_leaves_it():
    driver, plan = planned(BondDriver, bond_params(), bonded(bridge='br1'))
    assert plan.describe() == ['move bond bond0 from bridge br1 to bridge br0']
    apply_plan(plan)
    assert driver.vsctl.transactions[0][:2] == [['del-port', 'br1', 'bond0'], ['add-bond', 'br0', 'bond0', 'eth1', 'eth2']]
    _driver, plan = planned(BondDriver, bond_params(state='absent', interfaces=None), bonded(bridge='br1'))
    assert plan.describe() == []


@pytest.mark.parametrize('given, words', [
    (dict(interfaces=['eth1']), 'interfaces: invalid value'),
    (dict(interfaces=['eth1', 'eth1']), 'interfaces: invalid value'),
    (dict(interfaces=['eth1', 'bad name']), "interfaces: invalid value 'bad name'"),
    (dict(bond_updelay=-1), 'bond_updelay: invalid value -1'),
])
def test_bad_bond_arguments_fail_before_reading(given, words):
    with pytest.raises(SpecError) as failed:
        BondDriver(bond_params(**given))
    assert str(failed.value).startswith(words)
