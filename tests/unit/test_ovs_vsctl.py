"""The pure logic of the Open vSwitch modules' one ovs-vsctl client (plugins/module_utils/ovs/vsctl.py):
reading OVSDB JSON tables, the argv of one transaction, the values written and how values compare."""

import json

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import (
    Vsctl,
    as_list,
    column_value,
    decode,
    explain,
    items,
    map_assignments,
    map_value,
    missing_keys,
    normalize,
    optional,
    parse_assignment,
    parse_table,
    quote,
    set_value,
)

UUID_A = '47f1ad73-cea2-41c1-937a-65331683628b'
UUID_B = '6a3f21b2-a196-4b89-80bb-10381074287c'

# What `ovs-vsctl --format=json --columns=... find Bridge name=obr0` printed (Open vSwitch 3.1).
BRIDGE_TABLE = json.dumps({
    'headings': ['_uuid', 'name', 'fail_mode', 'ports', 'flood_vlans', 'other_config', 'external_ids', 'stp_enable'],
    'data': [[['uuid', UUID_A], 'obr0', ['set', []], ['set', [['uuid', UUID_A], ['uuid', UUID_B]]], 7,
              ['map', []], ['map', [['a', 'b'], ['bridge-id', 'obr0']]], False]],
})


def params(**overrides):
    values = dict(ovs_vsctl_path='ovs-vsctl', timeout=10, db=None)
    values.update(overrides)
    return values


def test_parse_table_decodes_every_shape():
    rows = parse_table(BRIDGE_TABLE)
    assert rows == [{
        '_uuid': UUID_A,
        'name': 'obr0',
        'fail_mode': [],
        'ports': [UUID_A, UUID_B],
        'flood_vlans': 7,
        'other_config': {},
        'external_ids': {'a': 'b', 'bridge-id': 'obr0'},
        'stp_enable': False,
    }]


def test_parse_table_of_no_rows_and_several_rows():
    assert parse_table('{"data":[],"headings":["name"]}') == []
    two = '{"data":[["a",["set",[]]],["b",10]],"headings":["name","tag"]}'
    assert parse_table(two) == [{'name': 'a', 'tag': []}, {'name': 'b', 'tag': 10}]


@pytest.mark.parametrize('value, decoded', [
    (['set', []], []),
    (['set', [1, 2, 3]], [1, 2, 3]),
    (['set', [['uuid', UUID_A]]], [UUID_A]),
    (['map', []], {}),
    (['map', [['rx_bytes', 0], ['tx_bytes', 12]]], {'rx_bytes': 0, 'tx_bytes': 12}),
    (['map', [['peer', ['uuid', UUID_B]]]], {'peer': UUID_B}),
    (['uuid', UUID_A], UUID_A),
    (['named-uuid', 'row1'], 'row1'),
    # A one-element set is printed as its atom.
    (7, 7),
    ('netdev', 'netdev'),
    (True, True),
    (1.5, 1.5),
])
def test_decode(value, decoded):
    assert decode(value) == decoded


def test_as_list_and_optional_take_the_atom_of_a_one_element_set():
    assert as_list(UUID_A) == [UUID_A]
    assert as_list([UUID_A, UUID_B]) == [UUID_A, UUID_B]
    assert as_list([]) == []
    assert optional([]) is None
    assert optional('secure') == 'secure'
    assert optional(['secure']) == 'secure'
    assert optional(0) == 0


@pytest.mark.parametrize('value, quoted', [
    ('netdev', '"netdev"'),
    ('10.0.0.1', '"10.0.0.1"'),
    ('a b:c', '"a b:c"'),
    ('say "hi"', '"say \\"hi\\""'),
    ('grün', '"grün"'),
    ('', '""'),
    (1450, '1450'),
    (True, 'true'),
    (False, 'false'),
])
def test_quote(value, quoted):
    assert quote(value) == quoted


def test_whole_map_and_set_values():
    assert map_value({'b': 2, 'a': 'x y'}) == '{"a"="x y", "b"=2}'
    assert map_value({}) == '{}'
    assert set_value([10, 20]) == '[10, 20]'
    assert set_value(['a']) == '["a"]'
    assert set_value([]) == '[]'


def test_map_assignments_set_only_the_keys_given_in_order():
    assert map_assignments('other_config', {'stp-priority': 4096, 'hwaddr': '02:00:00:00:00:01', 'flag': True}) == [
        'other_config:"flag"=true',
        'other_config:"hwaddr"="02:00:00:00:00:01"',
        'other_config:"stp-priority"=4096',
    ]
    assert map_assignments('external_ids', {}) == []


def test_missing_keys_compare_as_ovsdb_stores_them():
    current = {'a': '1', 'b': 'true', 'c': 'x'}
    assert missing_keys(current, {'a': 1, 'b': True, 'c': 'x'}) == {}
    assert missing_keys(current, {'a': 2, 'd': 'new'}) == {'a': '2', 'd': 'new'}
    assert missing_keys(None, {'a': False}) == {'a': 'false'}


@pytest.mark.parametrize('entry, parsed', [
    ('Interface mtu_request=1400', ('Interface', 'mtu_request', None, '1400')),
    ('  Bridge   stp_enable = true ', ('Bridge', 'stp_enable', None, 'true')),
    ('Bridge other_config:hwaddr="02:00:00:00:00:01"', ('Bridge', 'other_config', 'hwaddr', '"02:00:00:00:00:01"')),
    ('Bridge other_config:"disable-in-band"=true', ('Bridge', 'other_config', 'disable-in-band', 'true')),
    ('Port trunks=[10, 20]', ('Port', 'trunks', None, '[10, 20]')),
    ('Interface options={remote_ip="10.0.0.2", key=5}', ('Interface', 'options', None, '{remote_ip="10.0.0.2", key=5}')),
    # openvswitch.openvswitch's form names the record; the column part keeps it for the caller.
    ('Interface eth1 mtu_request=9000', ('Interface', 'eth1 mtu_request', None, '9000')),
    ('Bridge external_ids:note=a=b', ('Bridge', 'external_ids', 'note', 'a=b')),
])
def test_parse_assignment(entry, parsed):
    assert parse_assignment(entry) == parsed


@pytest.mark.parametrize('entry', ['', 'Bridge', 'Bridge stp_enable', 'Bridge =true', '=1', '   '])
def test_parse_assignment_refuses_what_is_no_assignment(entry):
    with pytest.raises(ValueError) as raised:
        parse_assignment(entry)
    assert 'TABLE COLUMN=VALUE' in str(raised.value) and '\n' not in str(raised.value)


@pytest.mark.parametrize('first, second', [
    ('"netdev"', 'netdev'),
    ('  1450 ', '1450'),
    ('{b="2", a=1}', '{a=1,b=2}'),
    ('{"a"="1", "b"="2"}', '{a=1, b=2}'),
    ('[3, 1, 2]', '[1,2,3]'),
    ('[7]', '7'),
    ('["a", "b"]', '[b, a]'),
    ('[]', ''),
    ('{}', ''),
    ('[]', '{}'),
    ('[]', None),
    ('{a="x, y"}', '{ a = "x, y" }'),
    ('"a\\"b"', '"a\\"b"'),
    ('{remote_ip="10.0.0.2", key="5"}', '{key=5, remote_ip="10.0.0.2"}'),
])
def test_normalize_equal(first, second):
    assert normalize(first) == normalize(second)


@pytest.mark.parametrize('first, second', [
    ('true', 'false'),
    ('[1, 2]', '[1, 2, 3]'),
    ('{a=1}', '{a=2}'),
    ('{a=1}', '{b=1}'),
    ('["a,b"]', '[a, b]'),
    ('[1]', ''),
    ('{a="x, y"}', '{a=x, y=}'),
    ('1450', '1500'),
])
def test_normalize_different(first, second):
    assert normalize(first) != normalize(second)


def test_column_value_brackets_what_ovs_vsctl_reads_as_several_items():
    assert column_value('1,2') == '[1,2]'
    assert column_value(' a=b, c="d" ') == '[a=b, c="d"]'
    assert normalize(column_value('3, 1,2')) == normalize('[1, 2, 3]')
    assert normalize(column_value('a=b,c=d')) == normalize('{a="b", c="d"}')
    for one in ('1', '"a,b"', '[1, 2]', '{a=b, c=d}', '', None):
        assert column_value(one) == one


def test_items_as_written():
    assert items('[1, 2, 3]') == ['1', '2', '3']
    assert items('{a="x, y", b=2}') == ['a="x, y"', 'b=2']
    assert items('["a,b", c]') == ['"a,b"', 'c']
    assert items('10') == ['10']
    assert items('[]') == [] and items('{}') == [] and items('') == [] and items(None) == []


@pytest.mark.parametrize('stderr, message', [
    ('ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory)\n',
     'unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory) '
     '(is Open vSwitch running (ovsdb-server, ovs-vswitchd)?)'),
    ('2026-12-07T10:00:00Z|00002|fatal_signal|WARN|terminating with signal 14 (Alarm clock)\novs-vsctl: timed out\n',
     'timed out (is Open vSwitch running? raise timeout for a busy database)'),
    ('ovs-vsctl: no row "obr9" in table Bridge\n', 'no row "obr9" in table Bridge'),
    ('ovs-vsctl: cannot create a bridge named obr0 because a bridge named obr0 already exists\n\n',
     'cannot create a bridge named obr0 because a bridge named obr0 already exists'),
    ('', 'exit code 1'),
    (None, 'exit code 1'),
])
def test_explain_keeps_the_last_line_and_hints(stderr, message):
    assert explain(stderr, 1) == message


def test_argv_of_one_transaction_joined_with_double_dashes():
    vsctl = Vsctl(params())
    assert vsctl.argv([['add-br', 'obr0'], ['set', 'Bridge', 'obr0', 'datapath_type="netdev"']]) == [
        'ovs-vsctl', '--timeout=10', '--', 'add-br', 'obr0', '--', 'set', 'Bridge', 'obr0', 'datapath_type="netdev"']
    assert vsctl.argv([['add-br', 'obr0.10', 'obr0', 10]]) == ['ovs-vsctl', '--timeout=10', '--', 'add-br', 'obr0.10', 'obr0', '10']


def test_argv_with_database_path_and_json_format():
    vsctl = Vsctl(params(ovs_vsctl_path='/usr/local/bin/ovs-vsctl', timeout=3, db='unix:/run/ovs/db.sock'))
    argv = vsctl.argv([['--columns=name,tag', 'find', 'Port'], ['--columns=name', 'find', 'Bridge']], table_format=True)
    assert argv == ['/usr/local/bin/ovs-vsctl', '--timeout=3', '--db=unix:/run/ovs/db.sock', '--format=json',
                    '--', '--columns=name,tag', 'find', 'Port', '--', '--columns=name', 'find', 'Bridge']


def test_argv_keeps_each_word_whole():
    vsctl = Vsctl(params())
    argv = vsctl.argv([['set', 'Bridge', 'obr0', 'external_ids:"note"="a b; rm -rf /"']])
    assert argv[-1] == 'external_ids:"note"="a b; rm -rf /"' and len(argv) == 7


@pytest.mark.parametrize('timeout', [0, -5, None])
def test_timeout_below_one_second_is_refused(timeout):
    with pytest.raises(TaskFailed) as raised:
        Vsctl(params(timeout=timeout))
    assert raised.value.msg.startswith('timeout: %r is not accepted' % timeout)


class Recorded(Vsctl):
    """A Vsctl whose runs return prepared outputs, one per run, and record their commands."""

    def __init__(self, outputs):
        super().__init__(params())
        self.outputs = list(outputs)
        self.runs = []

    def run(self, commands, doing, table_format=False):
        self.runs.append((commands, table_format))
        return self.outputs.pop(0)


def test_find_reads_several_tables_in_one_run():
    vsctl = Recorded([BRIDGE_TABLE + '\n' + '{"data":[["p1",10]],"headings":["name","tag"]}\n'])
    bridges, ports = vsctl.find([('Bridge', ['name'], ['name=obr0']), ('Port', ['name', 'tag'], [])], 'read')
    assert bridges[0]['name'] == 'obr0' and ports == [{'name': 'p1', 'tag': 10}]
    assert vsctl.runs == [([['--columns=name', 'find', 'Bridge', 'name=obr0'], ['--columns=name,tag', 'find', 'Port']], True)]


def test_find_fails_when_a_table_is_missing_from_the_output():
    with pytest.raises(TaskFailed) as raised:
        Recorded([BRIDGE_TABLE + '\n']).find([('Bridge', ['name'], []), ('Port', ['name'], [])], 'read bridge obr0')
    assert raised.value.msg == 'Failed to read bridge obr0: ovs-vsctl printed 1 tables for 2 queries'


def test_get_reads_keys_missing_keys_and_records():
    vsctl = Recorded(['"true"\n\n[1, 2]\n'])
    fields = [('Bridge', 'obr0', 'other_config', 'disable-in-band'), ('Bridge', 'obr0', 'other_config', 'nokey'),
              ('Bridge', 'obr0', 'flood_vlans', None)]
    assert vsctl.get(fields, 'read') == ['"true"', None, '[1, 2]']
    assert vsctl.runs[0][0][0] == ['--if-exists', 'get', 'Bridge', 'obr0', 'other_config:"disable-in-band"']
    assert Recorded(['']).get(fields[:2], 'read') == [None, None]


def test_get_of_a_missing_record_does_not_shift_the_values_after_it():
    # A missing record prints no line: the fields are then read one run each.
    vsctl = Recorded(['9000\n', '', '9000\n'])
    fields = [('Interface', 'gone0', 'mtu_request', None), ('Interface', 'eth1', 'mtu_request', None)]
    assert vsctl.get(fields, 'read') == [None, '9000']
    assert len(vsctl.runs) == 3
