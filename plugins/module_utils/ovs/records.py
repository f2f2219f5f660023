# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Open vSwitch modules share beyond ovs-vsctl itself: running a driver through the state
engine (read, plan, converge; check mode and diff), and the raw `set` option."""

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import converge, run_task
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import (
    Vsctl,
    column_value,
    map_assignments,
    missing_keys,
    normalize,
    parse_assignment,
    quote,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

# Interface names stop at 15 characters in Linux (IFNAMSIZ); OVS makes a device for bridges and ports.
MAX_NAME = 15


def run_ovs(module, make_driver):
    """Validate (make_driver(params) raises SpecError), then read, plan and converge one record set."""
    def task():
        driver = make_driver(module.params)
        driver.vsctl = Vsctl(module.params)
        driver.read()
        plan = driver.plan()
        # The record is read again only after a change: an unchanged run reports what it read.
        driver.applied = plan.changed and not module.check_mode
        converge(module, plan, driver.result)
    run_task(module, task)


def check_name(option, value):
    """A bridge, port or interface name: not empty, no spaces or slashes, at most MAX_NAME characters."""
    if not value or len(value) > MAX_NAME or any(char in value for char in ' /\t\n'):
        raise SpecError(option, value, 'give a device name of 1 to %d characters without spaces or "/"' % MAX_NAME)
    return value


def check_vlan(option, value):
    if value is not None and not 0 <= value <= 4095:
        raise SpecError(option, value, 'give a VLAN number from 0 to 4095')
    return value


class RawSettings:
    """The `set` option: raw `TABLE COLUMN[:KEY]=VALUE` entries on the task's own records (the
    bridge's or port's row of Bridge, Port and Interface; Open_vSwitch's one row), each compared
    with what ovs-vsctl reads before it is set."""

    def __init__(self, entries, record, tables):
        self.record = record
        self.entries = []
        for entry in entries or []:
            try:
                table, column, key, value = parse_assignment(entry)
            except ValueError:
                raise SpecError('set', entry, 'give TABLE COLUMN=VALUE or TABLE COLUMN:KEY=VALUE, such as "Interface mtu_request=1450"')
            if table.lower() not in tables:
                raise SpecError('set', entry, 'table %s is not accepted here; give one of %s (use dockyard.docker.ovs_db for any '
                                'other record)' % (table, ', '.join(sorted(tables.values()))))
            # openvswitch.openvswitch's form names the record: TABLE RECORD COLUMN=VALUE.
            named, _space, column = column.rpartition(' ')
            self.entries.append((tables[table.lower()], named.strip() or None, column, key, value))
        self.current = None

    def fields(self):
        return [(table, self._record(table, named), column, key) for table, named, column, key, _value in self.entries]

    def _record(self, table, named):
        if named:
            return named
        return '.' if table == 'Open_vSwitch' else self.record

    def read(self, vsctl, exists):
        """Read the current values (none while the record is still to be made)."""
        self.current = vsctl.get(self.fields(), 'read %s' % self.describe()) if exists and self.entries else [None] * len(self.entries)

    def describe(self):
        return ', '.join(_label(table, record, column, key) for table, record, column, key in self.fields())

    def differing(self):
        """(entry text, command) for each entry whose value differs."""
        changes = []
        for (table, record, column, key), value, current in zip(self.fields(), self._values(), self.current):
            if current is not None and normalize(current) == normalize(value if key else column_value(value)):
                continue
            target = column + (':' + key if key else '')
            changes.append(('%s=%s' % (_label(table, record, column, key), value),
                            ['set', table, record, '%s=%s' % (target, value)]))
        return changes

    def _values(self):
        return [entry[-1] for entry in self.entries]

    def as_dict(self, after=False):
        values = {}
        currents = self.current or [None] * len(self.entries)
        for (table, record, column, key), value, current in zip(self.fields(), self._values(), currents):
            values[_label(table, record, column, key)] = value if after else current
        return values


def _label(table, record, column, key):
    return '%s %s %s' % (table, record, column + (':' + key if key else ''))


class MapKeys:
    """A map option that sets the keys given and leaves the others; a key given as null is removed."""

    def __init__(self, mapping):
        mapping = mapping or {}
        self.set = missing_keys({}, dict((key, value) for key, value in mapping.items() if value is not None))
        self.drop = sorted(key for key, value in mapping.items() if value is None)

    def merged(self, current):
        merged = dict(current, **self.set)
        for key in self.drop:
            merged.pop(key, None)
        return merged

    def changes(self, column, record, current):
        """(COLUMN:KEY=VALUE words for `set`, `remove` commands) that bring the map `current` of the
        record ([TABLE, NAME]) to what the task gives; both empty when it is there already."""
        words = map_assignments(column, missing_keys(current, self.set))
        return words, [['remove'] + record + [column, quote(key)] for key in self.drop if key in current]

    def restoring(self, column, record, current):
        """The commands that set back the keys `changes` touches to their values in `current`."""
        touched = sorted(set(missing_keys(current, self.set)) | set(key for key in self.drop if key in current))
        back = dict((key, current[key]) for key in touched if key in current)
        commands = [['set'] + record + map_assignments(column, back)] if back else []
        return commands + [['remove'] + record + [column, quote(key)] for key in touched if key not in current]
