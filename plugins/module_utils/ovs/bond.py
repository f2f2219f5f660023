# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovs_bond module's driver: one bonded port of an Open vSwitch bridge and its interfaces.

Interfaces added to or removed from a live bond change in one transaction (create Interface and add
it to the Port's interfaces; remove it from them), so the bond and its other interfaces stay.
"""

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.port import bridge_of, refuse_errors
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.records import MapKeys, check_name
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import (
    as_list,
    map_assignments,
    map_value,
    optional,
    quote,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

BOND_MODES = ('active-backup', 'balance-slb', 'balance-tcp')
LACP_MODES = ('active', 'passive', 'off')
PORT_COLUMNS = ['_uuid', 'name', 'interfaces', 'bond_mode', 'lacp', 'bond_updelay', 'bond_downdelay', 'other_config']
SETTINGS = ('bond_mode', 'lacp', 'bond_updelay', 'bond_downdelay')


def bond_argument_spec():
    return dict(
        bridge=dict(type='str', required=True),
        port=dict(type='str', required=True, aliases=['name']),
        interfaces=dict(type='list', elements='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        bond_mode=dict(type='str', choices=list(BOND_MODES)),
        lacp=dict(type='str', choices=list(LACP_MODES)),
        bond_updelay=dict(type='int'),
        bond_downdelay=dict(type='int'),
        other_config=dict(type='dict'),
    )


def check_interfaces(state, interfaces):
    """The bond's interface names, sorted; SpecError unless at least two distinct device names."""
    if interfaces is None and state == 'absent':
        return None
    names = sorted(set(interfaces or []))
    if len(names) < 2:
        raise SpecError('interfaces', interfaces, 'give at least two distinct interface names (a bond of one is a port: '
                        'dockyard.docker.ovs_port)')
    for name in names:
        check_name('interfaces', name)
    return names


class BondDriver:

    def __init__(self, params):
        self.bridge = check_name('bridge', params['bridge'])
        self.name = check_name('port', params['port'])
        self.state = params['state']
        self.interfaces = check_interfaces(self.state, params['interfaces'])
        self.settings = dict((key, params[key]) for key in SETTINGS if params[key] is not None)
        for key in ('bond_updelay', 'bond_downdelay'):
            if self.settings.get(key, 0) < 0:
                raise SpecError(key, params[key], 'give milliseconds, 0 or more')
        self.other_config = MapKeys(params['other_config'])
        self.vsctl = None
        self.applied = False
        self.actual = None
        self.bridges = []
        self.ports = []
        self.rows = []

    def read(self):
        self.bridges, self.ports, self.rows = self.vsctl.find([
            ('Bridge', ['name', 'ports'], []),
            ('Port', PORT_COLUMNS, []),
            ('Interface', ['_uuid', 'name', 'type', 'options'], []),
        ], 'read bond %s' % self.name)
        self.actual = describe_bond(self.name, self.bridges, self.ports, self.rows)

    def plan(self):
        actual = self.actual
        if self.state == 'absent':
            plan = Plan(before=self._diff_view(actual), after={'bridge': self.bridge, 'port': self.name, 'state': 'absent'})
            if actual is not None and actual['bridge'] == self.bridge:
                plan.add('delete', 'delete bond %s from bridge %s' % (self.name, self.bridge),
                         self._run([['--if-exists', 'del-port', self.bridge, self.name]], 'delete bond'))
            return plan
        self._check_names()
        wanted = self.wanted()
        plan = Plan(before=self._diff_view(actual), after=self._diff_view(wanted))
        if actual is None:
            plan.add('create', 'create bond %s on bridge %s' % (self.name, self.bridge), self._create(wanted))
        elif actual['bridge'] != self.bridge:
            plan.add('move', 'move bond %s from bridge %s to bridge %s' % (self.name, actual['bridge'], self.bridge),
                     self._move(wanted))
        else:
            changes, commands = self.update_commands()
            if commands:
                plan.add('update', 'update bond %s on bridge %s: %s' % (self.name, self.bridge, '; '.join(changes)),
                         self._update(commands))
        return plan

    def _check_names(self):
        """The bridge exists and no wanted interface belongs to another port (ovs-vsctl would make a second
        interface of that name when it is added to a live bond)."""
        if not any(bridge['name'] == self.bridge for bridge in self.bridges):
            raise TaskFailed('bridge: %s does not exist; create it first (dockyard.docker.ovs_bridge)' % self.bridge)
        owners = dict((uuid, port['name']) for port in self.ports for uuid in as_list(port['interfaces']))
        for row in self.rows:
            owner = owners.get(row['_uuid'])
            if row['name'] in self.interfaces and owner not in (None, self.name):
                port = next(port for port in self.ports if port['name'] == owner)
                raise TaskFailed('interfaces: %s is already an interface of port %s on bridge %s; remove it there first'
                                 % (row['name'], owner, bridge_of(port['_uuid'], self.bridges)))

    def wanted(self):
        wanted = dict(self.actual or {'bond_mode': None, 'lacp': None, 'bond_updelay': 0, 'bond_downdelay': 0,
                                      'other_config': {}})
        wanted.update(self.settings)
        wanted.update(name=self.name, bridge=self.bridge, interfaces=self.interfaces,
                      other_config=self.other_config.merged(wanted['other_config']))
        return wanted

    def update_commands(self):
        """(what changes, the commands) for the bond already on the bridge."""
        actual, changes, commands = self.actual, [], []
        added = [name for name in self.interfaces if name not in actual['interfaces']]
        removed = [name for name in actual['interfaces'] if name not in self.interfaces]
        for number, name in enumerate(added):
            commands += [['--id=@new%d' % number, 'create', 'Interface', 'name=' + quote(name)],
                         ['add', 'Port', self.name, 'interfaces', '@new%d' % number]]
        for name in removed:
            commands.append(['remove', 'Port', self.name, 'interfaces', actual['uuids'][name]])
        changes += ['add interfaces ' + ', '.join(added)] if added else []
        changes += ['remove interfaces ' + ', '.join(removed)] if removed else []
        settings = dict((key, value) for key, value in self.settings.items() if value != actual[key])
        other, removals = self.other_config.changes('other_config', ['Port', self.name], actual['other_config'])
        words = settings_words(settings) + other
        if words:
            commands.append(['set', 'Port', self.name] + words)
        if words or removals:
            changes.append(', '.join(sorted(settings) + (['other_config'] if other or removals else [])))
        return changes, commands + removals

    def restore_commands(self):
        """Set back what update_commands changes: the added interfaces taken out again, the removed ones
        made again with their type and options, the settings as they were."""
        actual, commands = self.actual, []
        for number, name in enumerate(name for name in self.interfaces if name not in actual['interfaces']):
            commands += [['--id=@added%d' % number, 'get', 'Interface', name],
                         ['remove', 'Port', self.name, 'interfaces', '@added%d' % number]]
        for number, name in enumerate(name for name in actual['interfaces'] if name not in self.interfaces):
            row = next(row for row in self.rows if row['name'] == name)
            commands += [['--id=@removed%d' % number, 'create', 'Interface', 'name=' + quote(name),
                          'type=' + quote(row['type']), 'options=' + map_value(row['options'])],
                         ['add', 'Port', self.name, 'interfaces', '@removed%d' % number]]
        words = ['%s=%s' % (key, '[]' if actual[key] is None else quote(actual[key])) for key in SETTINGS]
        return commands + [['set', 'Port', self.name] + words] + \
            self.other_config.restoring('other_config', ['Port', self.name], actual['other_config'])

    def _create(self, wanted):
        def create():
            self.vsctl.transact(create_commands(self.bridge, wanted), 'create bond %s on bridge %s' % (self.name, self.bridge))
            refuse_errors(self.vsctl, self.interfaces, [['--if-exists', 'del-port', self.bridge, self.name]],
                          'bond %s was removed again' % self.name)
        return create

    def _move(self, wanted):
        old = self.actual['bridge']

        def move():
            commands = [['del-port', old, self.name]] + create_commands(self.bridge, wanted)
            self.vsctl.transact(commands, 'move bond %s from bridge %s to bridge %s' % (self.name, old, self.bridge))
            back = [['--if-exists', 'del-port', self.bridge, self.name]] + create_commands(old, self.actual)
            refuse_errors(self.vsctl, self.interfaces, back, 'bond %s was put back on bridge %s' % (self.name, old))
        return move

    def _update(self, commands):
        added = [name for name in self.interfaces if name not in self.actual['interfaces']]

        def update():
            self.vsctl.transact(commands, 'update bond %s on bridge %s' % (self.name, self.bridge))
            if added:
                refuse_errors(self.vsctl, added, self.restore_commands(), 'the bond was set back as it was')
        return update

    def _run(self, commands, doing):
        return lambda: self.vsctl.transact(commands, '%s %s on bridge %s' % (doing, self.name, self.bridge))

    def _diff_view(self, bond):
        if bond is None:
            return {'bridge': self.bridge, 'port': self.name, 'state': 'absent'}
        view = dict((key, bond[key]) for key in ('bridge', 'interfaces', 'other_config') + SETTINGS)
        view.update(port=self.name, state='present')
        return view

    def result(self):
        if self.applied:
            self.read()
        bond = dict(self.actual or {})
        bond.pop('uuids', None)
        return {'bond': bond}


def settings_words(settings):
    """COLUMN=VALUE words of the Port's bond settings."""
    return ['%s=%s' % (key, value if isinstance(value, int) else quote(value)) for key, value in sorted(settings.items())]


def create_commands(bridge, bond):
    """add-bond with the bond's settings, for a bond described as describe_bond does."""
    commands = [['add-bond', bridge, bond['name']] + list(bond['interfaces'])]
    settings = dict((key, bond[key]) for key in SETTINGS if bond[key])  # nothing for Open vSwitch's defaults
    words = settings_words(settings) + map_assignments('other_config', bond['other_config'])
    if words:
        commands.append(['set', 'Port', bond['name']] + words)
    return commands


def describe_bond(name, bridges, ports, interfaces):
    """The port `name` as a bond (its interfaces' names, sorted, and its bond settings), or None."""
    names = dict((row['_uuid'], row['name']) for row in interfaces)
    for port in ports:
        if port['name'] != name:
            continue
        uuids = dict((names.get(uuid, uuid), uuid) for uuid in as_list(port['interfaces']))
        return {
            'name': name, 'bridge': bridge_of(port['_uuid'], bridges), 'interfaces': sorted(uuids),
            'bond_mode': optional(port['bond_mode']), 'lacp': optional(port['lacp']),
            'bond_updelay': port['bond_updelay'], 'bond_downdelay': port['bond_downdelay'],
            'other_config': port['other_config'], 'uuids': uuids,
        }
    return None
