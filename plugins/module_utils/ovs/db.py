# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovs_db module's driver: one column (or one key of a map column) of any Open vSwitch database
record, set, removed or read as `ovs-vsctl set / remove / clear / get` would."""

import re

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import column_value, items, normalize, quote
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

# OVSDB table and column names are identifiers; ovs-vsctl matches them without regard to case.
IDENTIFIER = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


def db_argument_spec():
    return dict(
        table=dict(type='str', required=True),
        record=dict(type='str', required=True),
        col=dict(type='str', required=True),
        key=dict(type='str', no_log=False),
        value=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent', 'read']),
    )


class DbDriver:

    def __init__(self, params):
        self.table = _identifier('table', params['table'], 'a table name such as Bridge, Port, Interface or Open_vSwitch')
        self.record = params['record']
        if not self.record or self.record != self.record.strip() or '\n' in self.record:
            raise SpecError('record', self.record, 'give a record\'s name, its UUID, or "." for Open_vSwitch\'s one row')
        col = params['col']
        if col and (':' in col or '=' in col):
            raise SpecError('col', col, 'give the column name alone, the map key in key and the value in value')
        self.col = _identifier('col', col, 'a column name such as other_config or mtu_request')
        self.key = params['key']
        if self.key is not None and not self.key.strip():
            raise SpecError('key', self.key, 'give a key of the map column %s, or leave key out' % self.col)
        self.state = params['state']
        self.value = params['value']
        if self.value in ('True', 'False'):  # a YAML boolean that Ansible turned into a string
            self.value = self.value.lower()
        if self.state == 'present' and self.value is None:
            raise SpecError('value', self.value, 'state=present needs a value in ovs-vsctl\'s syntax, '
                            'such as true, 1450, {a=b} or [1, 2]')
        self.vsctl = None
        self.applied = False
        self.current = None

    def label(self):
        return '%s %s %s' % (self.table, self.record, self.col + (':' + self.key if self.key else ''))

    def read(self):
        self.current = self._read_value()

    def _read_value(self):
        """The column's (or key's) value as ovs-vsctl prints it, None for a missing key; TaskFailed
        when there is no such record."""
        found, value = self.vsctl.get([(self.table, self.record, '_uuid', None),
                                       (self.table, self.record, self.col, self.key)], 'read %s' % self.label())
        if found is None:
            raise TaskFailed('record: there is no record %s in table %s' % (self.record, self.table))
        return value

    def plan(self):
        if self.state == 'read':
            return Plan()
        if self.state == 'present':
            return self._plan_set()
        if self.key is not None:
            return self._plan_remove_key()
        if self.value is None:
            return self._plan_clear()
        return self._plan_remove_items()

    def _plan_set(self):
        wanted = self.value if self.key else column_value(self.value)
        if self.current is not None and normalize(self.current) == normalize(wanted):
            return Plan(before=self._view(self.current), after=self._view(self.current))
        plan = Plan(before=self._view(self.current), after=self._view(self.value))
        target = self.col + (':' + quote(self.key) if self.key else '')
        self._add(plan, 'set', 'set %s=%s' % (self.label(), self.value),
                  ['set', self.table, self.record, '%s=%s' % (target, self.value)])
        return plan

    def _plan_remove_key(self):
        plan = Plan(before=self._view(self.current))
        differs = self.value is not None and normalize(self.current) != normalize(self.value)
        if self.current is None or differs:
            plan.after = plan.before
            return plan
        plan.after = self._view(None)
        self._add(plan, 'remove', 'remove key %s from %s %s %s' % (self.key, self.table, self.record, self.col),
                  ['remove', self.table, self.record, self.col, quote(self.key)])
        return plan

    def _plan_clear(self):
        plan = Plan(before=self._view(self.current), after=self._view(self.current))
        if normalize(self.current) == '':
            return plan
        plan.after = self._view('{}' if self.current.startswith('{') else '[]')
        self._add(plan, 'clear', 'clear %s' % self.label(), ['clear', self.table, self.record, self.col])
        return plan

    def _plan_remove_items(self):
        """Remove the items of `value` (set members, map pairs, or map keys alone) that the column holds."""
        plan = Plan(before=self._view(self.current), after=self._view(self.current))
        current = items(self.current)
        remaining = [item for item in current if not self._removes(item)]
        if len(remaining) == len(current):
            return plan
        plan.after = self._view(_enclose(self.current, remaining))
        self._add(plan, 'remove', 'remove %s from %s' % (self.value, self.label()),
                  ['remove', self.table, self.record, self.col, self.value])
        return plan

    def _removes(self, item):
        """Whether `remove ... VALUE` takes this item (as written in the current value) out of the column."""
        wanted = [normalize(entry) for entry in items(column_value(self.value))]
        item = normalize(item)
        if item in wanted:
            return True
        # A map column's pair also goes when only its key is given.
        return self.current.startswith('{') and item.partition('=')[0] in [entry for entry in wanted if '=' not in entry]

    def _add(self, plan, name, description, command):
        def run():
            self.vsctl.transact([command], description)
        plan.add(name, description, run)

    def _view(self, value):
        view = {'table': self.table, 'record': self.record, 'col': self.col}
        if self.key is not None:
            view['key'] = self.key
        view['value'] = value
        return view

    def result(self):
        if self.state != 'read' and self.applied:
            self.current = self._read_value()
        return {'value': self.current}


def _identifier(option, value, accepted):
    if not value or not IDENTIFIER.match(value):
        raise SpecError(option, value, 'give ' + accepted)
    return value


def _enclose(current, remaining):
    """The value as ovs-vsctl prints it once only `remaining` (items as written in `current`) is left."""
    if current.startswith('{'):
        return '{%s}' % ', '.join(remaining)
    if current.startswith('[') or not remaining:
        return '[%s]' % ', '.join(remaining)
    return remaining[0]
