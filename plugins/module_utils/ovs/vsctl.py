# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one client of the Open vSwitch modules: ovs-vsctl, run as an argv list (never a shell).

Reads go through `find`, whose `--format=json` output is one OVSDB table per command and line;
changes are one ovs-vsctl transaction: the commands joined with `--`, applied all or nothing.
The parsing and formatting helpers below are pure and unit-tested (tests/unit/test_ovs_vsctl.py).
"""

import json
import os
import subprocess

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed

OVS_CONNECTION_ARGS = dict(
    ovs_vsctl_path=dict(type='str', default='ovs-vsctl'),
    timeout=dict(type='int', default=10),
    db=dict(type='str', aliases=['database_socket']),
)

# What ovs-vsctl's stderr says when ovsdb-server does not answer, and what the user can do about it.
_HINTS = (
    ('database connection failed', 'is Open vSwitch running (ovsdb-server, ovs-vswitchd)?'),
    ('timed out', 'is Open vSwitch running? raise timeout for a busy database'),
)


def ovs_argument_spec(spec):
    """The module's own options plus the ovs-vsctl connection options."""
    merged = dict(OVS_CONNECTION_ARGS)
    merged.update(spec)
    return merged


class Vsctl:
    """Runs ovs-vsctl for one task (ovs_vsctl_path, timeout, db from the module's parameters)."""

    def __init__(self, params):
        self.path = params['ovs_vsctl_path']
        self.timeout = params['timeout']
        self.db = params.get('db')
        if self.timeout is None or self.timeout < 1:
            raise TaskFailed('timeout: %r is not accepted; give a whole number of seconds, 1 or more' % self.timeout)

    def argv(self, commands, table_format=False):
        """The command line for `commands` (each a list of words) as one transaction."""
        argv = [self.path, '--timeout=%d' % self.timeout]
        if self.db:
            argv.append('--db=' + self.db)
        if table_format:
            argv.append('--format=json')
        for command in commands:
            argv.append('--')
            argv.extend(str(word) for word in command)
        return argv

    def run(self, commands, doing, table_format=False):
        """stdout of one ovs-vsctl run; TaskFailed naming `doing` when it cannot run or fails."""
        argv = self.argv(commands, table_format)
        env = dict(os.environ, LC_ALL='C')
        try:
            # ovs-vsctl stops itself after --timeout; the margin covers a binary that hangs anyway.
            done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=self.timeout + 5, check=False)
        except FileNotFoundError:
            raise TaskFailed('ovs_vsctl_path: %s was not found; install Open vSwitch (openvswitch-switch) '
                             'or set ovs_vsctl_path to its ovs-vsctl' % self.path)
        except PermissionError:
            raise TaskFailed('ovs_vsctl_path: %s cannot be run (permission denied); run the task as root (become)' % self.path)
        except subprocess.TimeoutExpired:
            raise TaskFailed('Failed to %s: %s did not answer within %d s (timeout); is Open vSwitch running?'
                             % (doing, self.path, self.timeout))
        if done.returncode != 0:
            raise TaskFailed('Failed to %s: %s' % (doing, explain(done.stderr, done.returncode)),
                             cmd=argv, rc=done.returncode)
        return done.stdout

    def find(self, queries, doing):
        """Rows of several `find TABLE CONDITION...` in one run: a list of row lists, one per query.
        A query is (table, columns, conditions); each row is a dict of decoded values."""
        commands = [['--columns=' + ','.join(columns), 'find', table] + list(conditions)
                    for table, columns, conditions in queries]
        lines = [line for line in self.run(commands, doing, table_format=True).splitlines() if line.strip()]
        if len(lines) != len(queries):
            raise TaskFailed('Failed to %s: ovs-vsctl printed %d tables for %d queries' % (doing, len(lines), len(queries)))
        return [parse_table(line) for line in lines]

    def get(self, fields, doing):
        """Values of several `get TABLE RECORD COLUMN[:KEY]` in one run, as ovs-vsctl prints them
        (a missing map key or record reads as None). A field is (table, record, column, key or None)."""
        commands = []
        for table, record, column, key in fields:
            commands.append(['--if-exists', 'get', table, record, column + (':' + quote(key) if key else '')])
        output = self.run(commands, doing)
        if 0 < output.count('\n') < len(fields):
            # A missing record prints no line at all, which would shift the values of the records after it.
            return [self.get([field], doing)[0] for field in fields]
        lines = output.split('\n')
        return [(lines[index] if index < len(lines) and lines[index] != '' else None) for index in range(len(fields))]

    def transact(self, commands, doing):
        """Apply `commands` in one transaction."""
        self.run(commands, doing)


def explain(stderr, returncode):
    """One line of what ovs-vsctl said, with a hint when ovsdb-server did not answer."""
    lines = [line.strip() for line in (stderr or '').splitlines() if line.strip()]
    message = lines[-1] if lines else 'exit code %d' % returncode
    if message.startswith('ovs-vsctl: '):
        message = message[len('ovs-vsctl: '):]
    for words, hint in _HINTS:
        if words in message:
            return '%s (%s)' % (message, hint)
    return message


def parse_table(text):
    """An OVSDB table printed by `--format=json`: a list of rows, each {heading: decoded value}."""
    table = json.loads(text)
    headings = table['headings']
    return [dict(zip(headings, (decode(cell) for cell in row))) for row in table['data']]


def decode(value):
    """An OVSDB JSON value: ["set", [...]] -> list, ["map", [[k, v], ...]] -> dict,
    ["uuid", U] -> U; atoms as they are. A one-element set is printed as its atom."""
    if isinstance(value, list) and len(value) == 2:
        kind, content = value
        if kind == 'set':
            return [decode(item) for item in content]
        if kind == 'map':
            return dict((decode(key), decode(item)) for key, item in content)
        if kind in ('uuid', 'named-uuid'):
            return content
    return value


def as_list(value):
    """A set column's value as a list (OVSDB prints a one-element set as the bare atom)."""
    return value if isinstance(value, list) else [value]


def optional(value):
    """An optional column (a set of at most one): None when empty, else its atom."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def quote(value):
    """A string, number or boolean as an ovs-vsctl atom: strings always double-quoted, so that
    addresses, colons and spaces are never read as syntax."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def map_value(mapping):
    """A whole map column's value: {"k"="v", ...}."""
    return '{%s}' % ', '.join('%s=%s' % (quote(key), quote(value)) for key, value in sorted(mapping.items()))


def set_value(items):
    """A whole set column's value: [a, b]."""
    return '[%s]' % ', '.join(quote(item) for item in items)


def map_assignments(column, mapping):
    """COLUMN:KEY=VALUE words setting only these keys of a map column."""
    return ['%s:%s=%s' % (column, quote(key), quote(value)) for key, value in sorted(mapping.items())]


def text(value):
    """A map value the user gave (string, number, boolean) as OVSDB stores it: a string."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def missing_keys(current, wanted):
    """The keys of `wanted` (a user's map) whose value differs in `current` (a decoded map column)."""
    current = current or {}
    return dict((key, text(value)) for key, value in wanted.items() if current.get(key) != text(value))


def parse_assignment(entry):
    """A raw `TABLE COLUMN[:KEY]=VALUE` entry of the `set` option -> (table, column, key, value);
    ValueError saying what is accepted."""
    table, _sep, rest = entry.strip().partition(' ')
    column, equals, value = rest.strip().partition('=')
    if not table or not column or not equals:
        raise ValueError('%r is not TABLE COLUMN=VALUE (or TABLE COLUMN:KEY=VALUE), such as "Interface mtu_request=1450"' % entry)
    column, _colon, key = column.partition(':')
    return table, column.strip(), (key.strip().strip('"') or None), value.strip()


def normalize(value):
    """A value in ovs-vsctl's syntax reduced for comparison: quotes and spacing dropped, the items of
    a set or map sorted, an empty set or map the same as nothing, a one-item set the same as its atom:
    `{b="2", a=1}` == `{a=1,b=2}`, `[7]` == `7`."""
    members = sorted(_unquote(item) for item in items(value))
    if len(members) == 1:
        return members[0]
    # Several items as a JSON list: items holding commas, such as "a,b", stay apart from a and b.
    return json.dumps(members, ensure_ascii=False) if members else ''


def column_value(value):
    """A whole column's value as written, its items in brackets when they are not: ovs-vsctl reads an
    unbracketed `1,2` or `a=b,c=d` as a set or map (a map key's value, though, is one atom)."""
    text = (value or '').strip()
    if text[:1] not in '[{' and len(_split_items(text)) > 1:
        return '[%s]' % text
    return value


def items(value):
    """The items of a value in ovs-vsctl's syntax, each as written: a set's or a map's (`[1, 2]`,
    `{a="b"}`), none for an empty one or nothing, and an atom as the one item."""
    value = (value or '').strip()
    if value[:1] in '[{' and value[-1:] in ']}':
        return [item.strip() for item in _split_items(value[1:-1]) if item.strip()]
    return [value] if value else []


def _split_items(body):
    """Split a set or map body on the commas outside double quotes."""
    items, current, quoted, escaped = [], '', False, False
    for char in body:
        if escaped:
            current, escaped = current + char, False
        elif char == '\\':
            current, escaped = current + char, True
        elif char == '"':
            current, quoted = current + char, not quoted
        elif char == ',' and not quoted:
            items.append(current)
            current = ''
        else:
            current += char
    items.append(current)
    return items


def _unquote(atom):
    """An atom, or a KEY=VALUE pair of atoms, without quotes or surrounding spaces."""
    atom = atom.strip()
    if '=' in atom and not atom.startswith('"'):
        key, _sep, value = atom.partition('=')
        return '%s=%s' % (_unquote(key), _unquote(value))
    if atom.startswith('"') and '"=' in atom:
        key, _sep, value = atom[1:].partition('"=')
        return '%s=%s' % (key, _unquote(value))
    if len(atom) >= 2 and atom[0] == '"' and atom[-1] == '"':
        try:
            return json.loads(atom)
        except ValueError:
            return atom[1:-1]
    return atom
