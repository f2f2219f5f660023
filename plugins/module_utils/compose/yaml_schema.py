# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""YAML as Compose reads it (YAML 1.2's core schema): `no`, `on`, `yes` are strings, only
true/false are booleans, and `22:22` is a string (YAML 1.1 would read a base-60 number)."""

import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

_TAGS = ('tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float')
_LOADER = []


def _core_int(loader, node):
    """Integers as Compose's YAML library reads them: 0o and 0x prefixes, and 0755 still octal; a
    leading 0 with an 8 or 9 ('08') is decimal, where PyYAML's constructor raised ValueError."""
    digits = loader.construct_scalar(node)
    body = digits.lstrip('+-')
    sign = -1 if digits.startswith('-') else 1
    if body[:2] in ('0o', '0x'):
        return sign * int(body[2:], 8 if body[1] == 'o' else 16)
    octal = len(body) > 1 and body[0] == '0' and not set(body) - set('01234567')
    return sign * int(body, 8 if octal else 10)


def _loader():
    if _LOADER:
        return _LOADER[0]
    try:
        import yaml
    except ImportError:
        raise SpecError('files', 'PyYAML', 'reading Compose YAML needs PyYAML (python3-yaml) on the managed node; '
                        'or give definition as a mapping')

    # libyaml's parser when PyYAML has it (ten times faster); the resolvers below are Python either way.
    base = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)

    class ComposeLoader(base):  # pylint: disable=too-many-ancestors
        pass

    ComposeLoader.yaml_implicit_resolvers = dict(
        (first, [(tag, regexp) for tag, regexp in resolvers if tag not in _TAGS])
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items())
    ComposeLoader.add_implicit_resolver(_TAGS[0], re.compile(r'^(?:true|True|TRUE|false|False|FALSE)$'), list('tTfF'))
    ComposeLoader.add_implicit_resolver(_TAGS[1], re.compile(r'^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$'),
                                        list('-+0123456789'))
    ComposeLoader.add_implicit_resolver(
        _TAGS[2], re.compile(r'^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+'
                             r'|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$'), list('-+0123456789.'))
    ComposeLoader.add_constructor(_TAGS[1], _core_int)
    _LOADER.append((ComposeLoader, yaml.YAMLError, yaml.load))
    return _LOADER[0]


def _refuse_loops(value, option):
    """An alias inside the node it names (`a: &x {b: *x}`) loads as a structure that contains
    itself; every later walk of it would recurse without end. Shared aliases (`<<: *defaults`)
    are fine: only a node on its own path is a loop."""
    stack = [(value, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in path:
            raise SpecError(option, '*alias', 'not valid Compose: a YAML alias refers to a node that contains it')
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        inner = path + (id(node),)
        stack.extend((child, inner) for child in children if isinstance(child, (dict, list)))
    return value


def load_yaml_text(text, option):
    loader, error_class, load = _loader()
    try:
        return _refuse_loops(load(text, Loader=loader), option)  # nosec B506 - a SafeLoader subclass
    except error_class as error:
        mark = getattr(error, 'problem_mark', None)
        where = ' at line %d column %d' % (mark.line + 1, mark.column + 1) if mark else ''
        raise SpecError(option, getattr(error, 'problem', None) or str(error).splitlines()[0],
                        'not valid YAML%s' % where)


def load_yaml_file(path, option):
    try:
        with open(path, encoding='utf-8') as handle:
            text = handle.read()
    except (IOError, OSError) as error:
        raise SpecError(option, path, 'the Compose file cannot be read: %s' % (error.strerror or error))
    except ValueError as error:  # a NUL byte in the path
        raise SpecError(option, path, 'the Compose file cannot be read: %s' % error)
    return load_yaml_text(text, '%s (%s)' % (option, path))
