# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One way to declare a field of a Docker resource, and one way to read and write it by path.

A `Field` says everything a module needs about one option: its argument spec, where the
value sits in the inspect document (`path`) and in the request body (`body`), the pure
parser that turns the task's value into the Engine's (a function in `specs/` raising
`SpecError`), how desired and actual compare (`kind` and the default `compare` mode), the
default the daemon fills in, whether a change applies in place (`update`, the key of the
update request) or needs a new resource, and the minimum API version.

Paths are dotted: `'HostConfig.Memory'`. The one rule for missing values:

* `get_path(doc, path, default)` returns `default` when a step is missing, is not a dict,
  or holds None. An empty string, list or dict is a value and is returned as it is.
* `set_path(body, path, value)` creates the dicts on the way and sets the value; a value of
  None is not written (the key stays out, so the daemon applies its own default). An empty
  string, list or dict is written.

Comparison (`equal`) by kind, with the modes community.docker's `comparisons` uses:

=========  ==============================  ==========================================
kind       strict                          allow_more_present
=========  ==============================  ==========================================
value      equal                           (same as strict)
list       equal, in order                 desired is a subsequence of actual
set        same members                    desired members are all in actual
set(dict)  same members (dict entries)     each desired dict is contained in an actual one
dict       equal                           desired keys are in actual with equal values
=========  ==============================  ==========================================

`ignore` never reports a difference. In `strict`, None, '' and empty lists / dicts are all
"unset" and equal one another; a Field's `default` stands in for an actual value the
daemon leaves out.

Example::

    MEMORY = Field('memory', dict(type='str'), 'HostConfig.Memory', parse=parse_size,
                   update='Memory', cli='--memory')
    value = MEMORY.parse('memory', '512m')              # 536870912
    body = {}
    set_path(body, MEMORY.body, value)                  # {'HostConfig': {'Memory': 536870912}}
    MEMORY.equal(value, get_path(inspect, MEMORY.path))  # True when the container has it
"""

import json

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

KINDS = ('value', 'list', 'set', 'set(dict)', 'dict')
MODES = ('strict', 'ignore', 'allow_more_present')
EMPTY = (None, '', [], {})


def get_path(doc, path, default=None):
    """The value at a dotted path; `default` when a step is missing, not a dict, or None."""
    for key in path.split('.'):
        if not isinstance(doc, dict):
            return default
        doc = doc.get(key)
    return default if doc is None else doc


def set_path(body, path, value):
    """Set the value at a dotted path, creating dicts on the way; None is not written."""
    if value is None:
        return body
    keys = path.split('.')
    target = body
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value
    return body


def identity(option, value):
    return value


def canonical(item):
    """A sort key for entries that may be dicts or tuples."""
    return json.dumps(item, sort_keys=True, default=str)


def _dict_contains(actual, desired):
    return isinstance(actual, dict) and all(actual.get(key) == value for key, value in (desired or {}).items())


def _subsequence(desired, actual):
    remaining = iter(actual or [])
    return all(any(item == have for have in remaining) for item in desired or [])


def equal(kind, mode, desired, actual):
    """Whether desired and actual agree for a field of this kind under this comparison mode."""
    if mode == 'ignore':
        return True
    if callable(kind):
        return kind(mode, desired, actual)
    more = mode == 'allow_more_present'
    if kind == 'value' or (desired in EMPTY and actual in EMPTY):
        return desired == actual or (desired in EMPTY and actual in EMPTY)
    if kind == 'list':
        return _subsequence(desired, actual) if more else list(desired or []) == list(actual or [])
    if kind == 'dict':
        return _dict_contains(actual or {}, desired) if more else dict(desired or {}) == dict(actual or {})
    if kind == 'set(dict)' and more:
        return all(any(_dict_contains(have, want) for have in actual or []) for want in desired or [])
    wanted = set(canonical(item) for item in desired or [])
    present = set(canonical(item) for item in actual or [])
    return wanted <= present if more else wanted == present


class Field:
    """One option of a resource, declared once. See the module docstring.

    name     the option name (argument spec key)
    argspec  its Ansible argument spec
    path     dotted path in the inspect document, or None for task-only options
    body     dotted path in the create / update request body (default: path)
    parse    (option, value) -> Engine value; raises SpecError
    kind     'value', 'list', 'set', 'set(dict)', 'dict', or a callable (mode, desired, actual) -> bool
    compare  the default comparison mode: 'strict', 'ignore' or 'allow_more_present'
    default  the value the daemon fills in when the request leaves the field out
    update   key of the in-place update request; None means a change needs a new resource
    min_api  minimum API version ('1.41'), or None
    max_api  the last API version that has the field (the daemon dropped it after), or None
    info     the /info flag (such as 'OomKillDisable') a daemon sets to false when its kernel lacks the field
    not_on_podman  why Podman's Docker API cannot apply the field (it is refused there), or None
    cli      the CLI flag, for documentation
    expect   (value, ctx) -> what inspect shows for the value (image defaults merged in ...)
    read     (doc, ctx) -> the comparable actual value (default: get_path(doc, path))
    write    (body, value, ctx) -> None; puts the value into a request (default: set_path)
    podman   (current, expected, doc) -> current as Docker would report it (Podman reads back otherwise)
    take     (params) -> the raw value, when several task options feed one field (default: params[name])
    """

    def __init__(self, name, argspec, path=None, body=None, parse=identity, kind='value', compare='strict',
                 default=None, update=None, min_api=None, max_api=None, info=None, cli=None, not_on_podman=None,
                 **hooks):
        if kind not in KINDS and not callable(kind):
            raise ValueError('%s: kind %r' % (name, kind))
        self.name = name
        self.argspec = argspec
        self.path = path
        self.body = body or path
        self.parse = parse
        self.kind = kind
        self.compare = compare
        self.default = default
        self.update = update
        self.min_api = min_api
        self.max_api = max_api
        self.info = info
        self.not_on_podman = not_on_podman
        self.cli = cli
        self.expect = hooks.pop('expect', None)
        self.read = hooks.pop('read', None)
        self.write = hooks.pop('write', None)
        self.podman = hooks.pop('podman', None)
        self.take = hooks.pop('take', None)
        if hooks:
            raise ValueError('%s: unknown hooks %s' % (name, ', '.join(sorted(hooks))))

    def raw(self, params):
        return self.take(params) if self.take else params.get(self.name)

    def value(self, params):
        """The parsed value the task gives, or None when it does not set the field."""
        raw = self.raw(params)
        return None if raw is None else self.parse(self.name, raw)

    def expected(self, value, ctx=None):
        return self.expect(value, ctx) if self.expect else value

    def current(self, doc, ctx=None):
        if self.read:
            return self.read(doc, ctx)
        return get_path(doc, self.path, self.default) if self.path else None

    def put(self, body, value, ctx=None):
        if self.write:
            self.write(body, value, ctx)
        elif self.body:
            set_path(body, self.body, value)

    def equal(self, desired, actual, mode=None):
        return equal(self.kind, mode or self.compare, desired, actual)

    def comparable_in(self, mode):
        """Whether the mode makes sense for this field's kind."""
        return mode != 'allow_more_present' or self.kind not in ('value',)


def argument_spec(fields):
    return dict((field.name, field.argspec) for field in fields)


def comparison_modes(option, value, fields, extra=()):
    """{name: mode} for a `comparisons` dict; '*' sets every field not named (strict or ignore).

    extra names further keys the resource compares on its own (a container's image), strict by default."""
    fields = list(fields) + [Field(name, {}) for name in extra]
    by_name = dict((field.name, field) for field in fields)
    aliases = dict((alias, field.name) for field in fields for alias in field.argspec.get('aliases') or [])
    modes = dict((field.name, field.compare) for field in fields)
    if not value:
        return modes
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict of option names to strict, ignore or allow_more_present')
    wildcard = value.get('*')
    if wildcard is not None:
        if wildcard not in ('strict', 'ignore'):
            raise SpecError('%s.*' % option, wildcard, 'accepted are strict and ignore')
        modes = dict((name, wildcard) for name in modes)
    for key, mode in value.items():
        if key == '*':
            continue
        name = aliases.get(key, key)
        if name not in by_name:
            raise SpecError(option, key, 'accepted option names are ' + ', '.join(sorted(by_name)))
        if mode not in MODES:
            raise SpecError('%s.%s' % (option, key), mode, 'accepted are ' + ', '.join(MODES))
        if not by_name[name].comparable_in(mode):
            raise SpecError('%s.%s' % (option, key), mode, 'allow_more_present applies to list, set and dict options')
        modes[name] = mode
    return modes
