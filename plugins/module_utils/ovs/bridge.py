# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovs_bridge module's driver: one Open vSwitch bridge (or fake bridge: a VLAN of a parent)."""

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.records import MapKeys, RawSettings, check_name, check_vlan
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import (
    as_list,
    optional,
    quote,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

FAKE_PREFIX = 'fake-bridge-'  # ovs-vsctl keeps a fake bridge's external ids on its port, prefixed so
RAW_TABLES = {'bridge': 'Bridge', 'port': 'Port', 'interface': 'Interface', 'open_vswitch': 'Open_vSwitch'}
BRIDGE_COLUMNS = ['_uuid', 'name', 'fail_mode', 'datapath_type', 'other_config', 'external_ids', 'ports']


def bridge_argument_spec():
    return dict(
        bridge=dict(type='str', required=True, aliases=['name']),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        fail_mode=dict(type='str', choices=['secure', 'standalone']),
        datapath_type=dict(type='str'),
        other_config=dict(type='dict'),
        external_ids=dict(type='dict'),
        set=dict(type='list', elements='str'),
        parent=dict(type='str'),
        vlan=dict(type='int'),
    )


class BridgeDriver:

    def __init__(self, params):
        self.name = check_name('bridge', params['bridge'])
        self.state = params['state']
        self.fail_mode = params['fail_mode']
        self.datapath_type = params['datapath_type']
        self.other_config = MapKeys(params['other_config'])
        self.external_ids = MapKeys(params['external_ids'])
        self.parent = params['parent']
        self.vlan = check_vlan('vlan', params['vlan'])
        if (self.parent is None) != (self.vlan is None):
            given, missing = ('parent', 'vlan') if self.vlan is None else ('vlan', 'parent')
            raise SpecError(given, params[given], 'a fake bridge needs both parent and vlan; give %s too' % missing)
        if self.parent is not None:
            check_name('parent', self.parent)
            given = [option for option in ('fail_mode', 'datapath_type', 'other_config', 'set') if params[option]]
            if given:
                raise SpecError(given[0], params[given[0]], 'not accepted with parent; a fake bridge takes it from its parent %s'
                                % self.parent)
        self.raw = RawSettings(params['set'], self.name, RAW_TABLES)
        self.vsctl = None
        self.applied = False
        self.actual = None

    def read(self):
        bridges, ports = self.vsctl.find([('Bridge', BRIDGE_COLUMNS, []), ('Port', ['_uuid', 'name', 'tag', 'external_ids'], [])],
                                         'read bridge %s' % self.name)
        self.actual = describe_bridge(self.name, bridges, ports)
        self.raw.read(self.vsctl, self.actual is not None)

    def plan(self):
        before = self._diff_view(self.actual)
        if self.state == 'absent':
            plan = Plan(before=before, after={'bridge': self.name, 'state': 'absent'})
            if self.actual is not None:
                plan.add('delete', 'delete bridge %s' % self.name, self._run([['del-br', self.name]], 'delete bridge'))
            return plan
        plan = Plan(before=before, after=self._diff_view(self._wanted()))
        if self.actual is None:
            self._plan_create(plan)
        else:
            self._plan_update(plan)
        return plan

    def _plan_create(self, plan):
        add = ['add-br', self.name] + ([self.parent, self.vlan] if self.parent else [])
        commands = [add] + self._settings(self.fail_mode, self.datapath_type, {}, {})
        commands += [command for _entry, command in self.raw.differing()]
        where = ' in %s vlan %s' % (self.parent, self.vlan) if self.parent else ''
        plan.add('create', 'create bridge %s%s' % (self.name, where), self._run(commands, 'create bridge'),
                 undo=self._run([['--if-exists', 'del-br', self.name]], 'remove bridge'))

    def _plan_update(self, plan):
        actual = self.actual
        if self.parent is not None and (actual['parent'], actual['vlan']) != (self.parent, self.vlan):
            raise TaskFailed('parent: bridge %s exists %s; a fake bridge cannot be moved, remove it first (state=absent)'
                             % (self.name, 'as a bridge of its own' if actual['parent'] is None
                                else 'in %s vlan %s' % (actual['parent'], actual['vlan'])))
        fail_mode = self.fail_mode if self.fail_mode not in (None, actual['fail_mode']) else None
        datapath = self.datapath_type if self.datapath_type not in (None, actual['datapath_type']) else None
        commands = self._settings(fail_mode, datapath, actual['other_config'], actual['external_ids'])
        other = self.other_config.changes('other_config', ['Bridge', self.name], actual['other_config'])
        ids = self.external_ids.changes('external_ids', ['Bridge', self.name], actual['external_ids'])
        settings = (('fail_mode', fail_mode), ('datapath_type', datapath), ('other_config', other[0] or other[1]),
                    ('external_ids', ids[0] or ids[1]))
        changes = [name for name, value in settings if value]
        for entry, command in self.raw.differing():
            commands.append(command)
            changes.append(entry)
        if commands:
            plan.add('update', 'update bridge %s: %s' % (self.name, ', '.join(changes)), self._run(commands, 'update bridge'))

    def _settings(self, fail_mode, datapath, other_config, external_ids):
        """The commands that set fail_mode and datapath (when not None) and bring the map columns, now
        other_config and external_ids, to what the task gives (nothing when all is there already)."""
        if self.parent is not None:  # a fake bridge: only external ids, through the port that is the bridge
            wanted = self.external_ids.merged(external_ids)
            return [['br-set-external-id', self.name, key] + ([wanted[key]] if key in wanted else [])
                    for key in sorted(set(wanted) | set(external_ids)) if wanted.get(key) != external_ids.get(key)]
        words = (['fail_mode=' + fail_mode] if fail_mode else []) + (['datapath_type=' + quote(datapath)] if datapath else [])
        other, other_removals = self.other_config.changes('other_config', ['Bridge', self.name], other_config)
        ids, id_removals = self.external_ids.changes('external_ids', ['Bridge', self.name], external_ids)
        words += other + ids
        return ([['set', 'Bridge', self.name] + words] if words else []) + other_removals + id_removals

    def _run(self, commands, doing):
        return lambda: self.vsctl.transact(commands, '%s %s' % (doing, self.name))

    def _wanted(self):
        actual = self.actual or {'fail_mode': None, 'datapath_type': '', 'other_config': {}, 'external_ids': {},
                                 'parent': self.parent, 'vlan': self.vlan, 'ports': []}
        wanted = dict(actual, name=self.name)
        if self.fail_mode:
            wanted['fail_mode'] = self.fail_mode
        if self.datapath_type is not None:
            wanted['datapath_type'] = self.datapath_type
        wanted['other_config'] = self.other_config.merged(actual['other_config'])
        wanted['external_ids'] = self.external_ids.merged(actual['external_ids'])
        return wanted

    def _diff_view(self, bridge):
        if bridge is None:
            return {'bridge': self.name, 'state': 'absent'}
        view = dict((key, bridge[key]) for key in ('fail_mode', 'datapath_type', 'other_config', 'external_ids', 'parent', 'vlan'))
        view.update(bridge=self.name, state='present')
        if self.raw.entries:
            view['set'] = self.raw.as_dict(after=bridge is not self.actual)
        return view

    def result(self):
        if self.applied:
            self.read()
        return {'bridge': self.actual or {}}


def describe_bridge(name, bridges, ports):
    """The bridge `name` from the Bridge and Port tables: a dict of its settings, or None when there is
    no such bridge. A fake bridge is a port of its parent with a VLAN tag and no Bridge row."""
    port_names = dict((port['_uuid'], port['name']) for port in ports)
    for bridge in bridges:
        if bridge['name'] == name:
            return {'name': name, 'fail_mode': optional(bridge['fail_mode']), 'datapath_type': bridge['datapath_type'],
                    'other_config': bridge['other_config'], 'external_ids': bridge['external_ids'],
                    'parent': None, 'vlan': None,
                    'ports': sorted(port_names.get(uuid, uuid) for uuid in as_list(bridge['ports']) if port_names.get(uuid) != name)}
    for port in ports:
        tag = optional(port['tag'])
        if port['name'] != name or tag is None:
            continue
        for bridge in bridges:
            if port['_uuid'] in as_list(bridge['ports']):
                ids = dict((key[len(FAKE_PREFIX):], value) for key, value in port['external_ids'].items()
                           if key.startswith(FAKE_PREFIX))
                return {'name': name, 'fail_mode': None, 'datapath_type': bridge['datapath_type'], 'other_config': {},
                        'external_ids': ids, 'parent': bridge['name'], 'vlan': tag, 'ports': []}
    return None
