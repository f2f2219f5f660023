# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""YAML as Compose reads it (YAML 1.2's core schema): `no`, `on`, `yes` are strings, only
true/false are booleans, and `22:22` is a string (YAML 1.1 would read a base-60 number)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

_TAGS = ('tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float')
_LOADER = []


def _loader():
    if _LOADER:
        return _LOADER[0]
    try:
        import yaml
    except ImportError:
        raise SpecError('files', 'PyYAML', 'reading Compose YAML needs PyYAML (python3-yaml) on the managed node; '
                        'or give definition as a mapping')

    class ComposeLoader(yaml.SafeLoader):
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
    _LOADER.append((ComposeLoader, yaml.YAMLError, yaml.load))
    return _LOADER[0]


def load_yaml_text(text, option):
    loader, error_class, load = _loader()
    try:
        return load(text, Loader=loader)  # nosec B506 - a SafeLoader subclass
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
    return load_yaml_text(text, '%s (%s)' % (option, path))
