# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovs_port module's driver: one port of an Open vSwitch bridge with its one interface.

A port and its interface share the port's name. Changing the interface's type or options is a
`set Interface`, so the interface keeps its record and OpenFlow port number; a port found on
another bridge is moved (del-port and add-port in one transaction).
"""

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.records import MapKeys, RawSettings, check_name, check_vlan
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import (
    as_list,
    map_assignments,
    map_value,
    optional,
    quote,
    set_value,
    text,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

RAW_TABLES = {'port': 'Port', 'interface': 'Interface'}
PORT_COLUMNS = ['_uuid', 'name', 'tag', 'trunks', 'external_ids', 'interfaces']
INTERFACE_COLUMNS = ['_uuid', 'name', 'type', 'options', 'error', 'ofport']

# The option keys each type takes, as ovs-vswitchd.conf.db(5) documents them for Open vSwitch 3.x.
TUNNEL_KEYS = ('remote_ip', 'local_ip', 'in_key', 'out_key', 'key', 'tos', 'ttl', 'df_default', 'egress_pkt_mark',
               'csum', 'psk', 'remote_cert', 'remote_name')
OPTION_KEYS = {
    'system': (),
    'internal': (),
    'gre': TUNNEL_KEYS + ('packet_type', 'seq'),
    'vxlan': TUNNEL_KEYS + ('dst_port', 'exts', 'packet_type'),
    'geneve': TUNNEL_KEYS + ('dst_port',),
    'patch': ('peer',),
}
# The key without which ovs-vswitchd refuses the interface ("gre type requires valid 'remote_ip' argument").
REQUIRED_KEY = {'gre': 'remote_ip', 'vxlan': 'remote_ip', 'geneve': 'remote_ip', 'patch': 'peer'}


def port_argument_spec():
    return dict(
        bridge=dict(type='str', required=True),
        port=dict(type='str', required=True, aliases=['name']),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        type=dict(type='str', choices=sorted(OPTION_KEYS)),
        options=dict(type='dict'),
        tag=dict(type='int'),
        trunks=dict(type='list', elements='int'),
        external_ids=dict(type='dict'),
        set=dict(type='list', elements='str'),
    )


def check_options(interface_type, options):
    """The options of an interface of this type as OVSDB stores them (strings); SpecError naming the
    first key the type does not take, or the one it needs."""
    if options is None:
        return None
    if interface_type is None:
        raise SpecError('options', options, 'give type too; the keys accepted depend on it')
    accepted = OPTION_KEYS[interface_type]
    for key in sorted(options):
        if key not in accepted:
            raise SpecError('options', options, 'key %s is not accepted for type %s; accepted: %s' % (
                key, interface_type, ', '.join(accepted) if accepted else 'none (give {} or leave options out)'))
    needed = REQUIRED_KEY.get(interface_type)
    if needed and needed not in options:
        raise SpecError('options', options, 'a %s interface needs %s' % (interface_type, needed))
    return dict((key, text(value)) for key, value in options.items())


class PortDriver:

    def __init__(self, params):
        self.bridge = check_name('bridge', params['bridge'])
        self.name = check_name('port', params['port'])
        self.state = params['state']
        self.type = params['type']
        self.options = check_options(self.type, params['options'])
        self.tag = check_vlan('tag', params['tag'])
        self.trunks = params['trunks']
        for trunk in self.trunks or []:
            check_vlan('trunks', trunk)
        self.trunks = sorted(set(self.trunks)) if self.trunks is not None else None
        self.external_ids = MapKeys(params['external_ids'])
        self.raw = RawSettings(params['set'], self.name, RAW_TABLES)
        self.vsctl = None
        self.applied = False
        self.actual = None
        self.bridge_found = None

    def read(self):
        bridges, ports, interfaces, fakes = self.vsctl.find([
            ('Bridge', ['name', 'ports'], []),
            ('Port', PORT_COLUMNS, ['name=' + quote(self.name)]),
            ('Interface', INTERFACE_COLUMNS, ['name=' + quote(self.name)]),
            ('Port', ['_uuid', 'tag'], ['name=' + quote(self.bridge)]),
        ], 'read port %s' % self.name)
        self.bridge_found = describe_bridge(self.bridge, bridges, fakes)
        self.actual = describe_port(self.name, bridges, ports, interfaces)
        self.raw.read(self.vsctl, self.actual is not None)

    def plan(self):
        actual = self.actual
        if self.state == 'absent':
            plan = Plan(before=self._diff_view(actual), after={'bridge': self.bridge, 'port': self.name, 'state': 'absent'})
            if actual is not None and actual['bridge'] == self.bridge:
                plan.add('delete', 'delete port %s from bridge %s' % (self.name, self.bridge),
                         self._run([['--if-exists', 'del-port', self.bridge, self.name]], 'delete port'))
            return plan
        self._check_bridge()
        if actual is not None and actual['bond']:
            raise TaskFailed('port: %s on bridge %s is a bond of %d interfaces; manage it with dockyard.docker.ovs_bond'
                             % (self.name, actual['bridge'], actual['bond']))
        wanted = self.wanted()
        plan = Plan(before=self._diff_view(actual), after=self._diff_view(wanted))
        if actual is None:
            plan.add('create', 'create port %s on bridge %s' % (self.name, self.bridge), self._create(wanted))
        elif actual['bridge'] != self.bridge:
            plan.add('move', 'move port %s from bridge %s to bridge %s' % (self.name, actual['bridge'], self.bridge),
                     self._move(wanted))
        else:
            changes, commands = self.update_commands()
            if commands:
                plan.add('update', 'update port %s on bridge %s: %s' % (self.name, self.bridge, ', '.join(changes)),
                         self._update(commands))
        return plan

    def _check_bridge(self):
        if self.bridge_found is None:
            raise TaskFailed('bridge: %s does not exist; create it first (dockyard.docker.ovs_bridge)' % self.bridge)
        if self.bridge_found != self.bridge:
            raise TaskFailed('bridge: %s is a fake bridge (%s); give its parent as bridge and its VLAN as tag'
                             % (self.bridge, self.bridge_found))

    def wanted(self):
        """The port after the task: what is there (or a new system port), with what the task gives."""
        wanted = dict(self.actual or {'type': 'system', 'options': {}, 'tag': None, 'trunks': [], 'external_ids': {}})
        wanted.update(name=self.name, bridge=self.bridge)
        if self.type is not None:
            wanted['type'] = self.type
        if self.options is not None:
            wanted['options'] = self.options
        if self.tag is not None:
            wanted['tag'] = self.tag
        if self.trunks is not None:
            wanted['trunks'] = self.trunks
        wanted['external_ids'] = self.external_ids.merged(wanted['external_ids'])
        return wanted

    def update_commands(self):
        """(what changes, the commands) for the port already on the bridge."""
        actual, changes, interface, port = self.actual, [], [], []
        if self.type is not None and self.type != actual['type']:
            changes.append('type')
            interface.append('type=' + db_type(self.type))
        if self.options is not None and self.options != actual['options']:
            changes.append('options')
            interface.append('options=' + map_value(self.options))
        if self.tag is not None and self.tag != actual['tag']:
            changes.append('tag')
            port.append('tag=%d' % self.tag)
        if self.trunks is not None and self.trunks != actual['trunks']:
            changes.append('trunks')
            port.append('trunks=' + set_value(self.trunks))
        ids, removals = self.external_ids.changes('external_ids', ['Port', self.name], actual['external_ids'])
        if ids or removals:
            changes.append('external_ids')
            port += ids
        commands = ([['set', 'Interface', self.name] + interface] if interface else []) + \
            ([['set', 'Port', self.name] + port] if port else []) + removals
        for entry, command in self.raw.differing():
            changes.append(entry)
            commands.append(command)
        return changes, commands

    def restore_commands(self):
        """The commands that set back what update_commands changes (when the interface refuses it)."""
        actual = self.actual
        commands = [['set', 'Interface', self.name, 'type=' + db_type(actual['type']), 'options=' + map_value(actual['options'])],
                    ['set', 'Port', self.name, 'tag=' + ('[]' if actual['tag'] is None else str(actual['tag'])),
                     'trunks=' + set_value(actual['trunks'])]]
        commands += self.external_ids.restoring('external_ids', ['Port', self.name], actual['external_ids'])
        return commands + restore_raw(self.raw)

    def _create(self, wanted):
        def create():
            commands = create_commands(self.bridge, wanted) + [command for _entry, command in self.raw.differing()]
            self.vsctl.transact(commands, 'create port %s on bridge %s' % (self.name, self.bridge))
            refuse_errors(self.vsctl, [self.name], [['--if-exists', 'del-port', self.bridge, self.name]],
                          'port %s was removed again' % self.name, peer_of(wanted))
        return create

    def _move(self, wanted):
        old = self.actual['bridge']

        def move():
            commands = [['del-port', old, self.name]] + create_commands(self.bridge, wanted)
            commands += [command for _entry, command in self.raw.differing()]
            self.vsctl.transact(commands, 'move port %s from bridge %s to bridge %s' % (self.name, old, self.bridge))
            back = [['--if-exists', 'del-port', self.bridge, self.name]] + create_commands(old, self.actual)
            refuse_errors(self.vsctl, [self.name], back, 'port %s was put back on bridge %s' % (self.name, old), peer_of(wanted))
        return move

    def _update(self, commands):
        def update():
            self.vsctl.transact(commands, 'update port %s on bridge %s' % (self.name, self.bridge))
            if self.actual['error'] is None:  # an interface that worked before must work after
                refuse_errors(self.vsctl, [self.name], self.restore_commands(), 'the port was set back as it was',
                              peer_of(self.wanted()))
        return update

    def _run(self, commands, doing):
        return lambda: self.vsctl.transact(commands, '%s %s on bridge %s' % (doing, self.name, self.bridge))

    def _diff_view(self, port):
        if port is None:
            return {'bridge': self.bridge, 'port': self.name, 'state': 'absent'}
        view = dict((key, port[key]) for key in ('bridge', 'type', 'options', 'tag', 'trunks', 'external_ids'))
        view.update(port=self.name, state='present')
        if self.raw.entries:
            view['set'] = self.raw.as_dict(after=port is not self.actual)
        return view

    def result(self):
        if self.applied:
            self.read()
        port = dict(self.actual or {})
        port.pop('bond', None)
        return {'port': port}


def db_type(interface_type):
    """The Interface type column's value: the empty string for a system interface."""
    return quote('' if interface_type == 'system' else interface_type)


def peer_of(port):
    """The peer a patch port waits for; None for other types."""
    return port['options'].get('peer') if port['type'] == 'patch' else None


def create_commands(bridge, port):
    """add-port with the interface's type and options and the port's settings, for a port described
    as describe_port does."""
    name = port['name']
    commands = [['add-port', bridge, name]]
    if port['type'] != 'system' or port['options']:
        commands.append(['set', 'Interface', name, 'type=' + db_type(port['type']), 'options=' + map_value(port['options'])])
    settings = (['tag=%d' % port['tag']] if port['tag'] is not None else []) + \
        (['trunks=' + set_value(port['trunks'])] if port['trunks'] else []) + map_assignments('external_ids', port['external_ids'])
    if settings:
        commands.append(['set', 'Port', name] + settings)
    return commands


def restore_raw(raw):
    """The commands that set the raw `set` entries back to the values read before the task."""
    commands = []
    for (table, record, column, key), current in zip(raw.fields(), raw.current):
        if current is not None:
            commands.append(['set', table, record, '%s%s=%s' % (column, ':' + key if key else '', current)])
        elif key:
            commands.append(['remove', table, record, column, quote(key)])
    return commands


def refuse_errors(vsctl, names, undo, undone, peer=None):
    """After a change: when ovs-vswitchd reports an error for one of these interfaces, run `undo` (one
    transaction) and fail naming the error; `undone` says what the undo did. A patch interface whose
    `peer` is not made yet reports an error until it is: that one is accepted."""
    rows = vsctl.find([('Interface', ['name', 'error'], [])], 'read the state of interface %s' % ', '.join(names))[0]
    errors = dict((row['name'], optional(row['error'])) for row in rows if row['name'] in names and optional(row['error']))
    if not errors or (peer is not None and not any(row['name'] == peer for row in rows)):
        return
    name = sorted(errors)[0]
    try:
        vsctl.transact(undo, 'undo the change of %s' % name)
    except TaskFailed as exc:
        undone = 'undoing it failed too: %s' % exc.msg
    raise TaskFailed('Open vSwitch cannot set up interface %s: %s; %s' % (name, errors[name], undone))


def describe_bridge(name, bridges, fakes):
    """`name` when a bridge of that name exists; 'VLAN n of PARENT' when it is a fake bridge; else None."""
    if any(bridge['name'] == name for bridge in bridges):
        return name
    for fake in fakes:
        tag = optional(fake['tag'])
        if tag is not None:
            return 'VLAN %s of %s' % (tag, bridge_of(fake['_uuid'], bridges))
    return None


def bridge_of(port_uuid, bridges):
    for bridge in bridges:
        if port_uuid in as_list(bridge['ports']):
            return bridge['name']
    return None


def describe_port(name, bridges, ports, interfaces):
    """The port `name` from the Bridge, Port and Interface rows read for it, or None when missing.
    `bond` is its number of interfaces when that is not one interface of its own name (a bond), else 0."""
    for port in ports:
        if port['name'] != name:
            continue
        members = as_list(port['interfaces'])
        interface = next((row for row in interfaces if row['name'] == name and row['_uuid'] in members), None)
        ofport = optional(interface['ofport']) if interface else None
        return {
            'name': name, 'bridge': bridge_of(port['_uuid'], bridges),
            'type': (interface['type'] or 'system') if interface else 'system',
            'options': interface['options'] if interface else {},
            'tag': optional(port['tag']), 'trunks': sorted(as_list(port['trunks'])),
            'external_ids': port['external_ids'],
            'ofport': ofport, 'error': optional(interface['error']) if interface else None,
            'bond': 0 if interface is not None and len(members) == 1 else len(members),
        }
    return None
