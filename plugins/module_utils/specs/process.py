# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a container or service process runs with: argv and environment (health checks: specs/healthcheck.py)."""

import shlex

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


def argv(option, value):
    """A command as a list (kept as given, like community.docker's command_handling: correct) or a shell-like string."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise SpecError(option, value, 'each item of a command list is a string (or a number)')
        return [str(item) for item in value]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise SpecError(option, value, 'give a command as a list of strings or one string split like a shell line')
    try:
        return shlex.split(str(value))
    except ValueError as exc:
        raise SpecError(option, value, 'a command string must split like a shell line (%s)' % exc)


def env(option, value):
    """{NAME: value} with string values; booleans are refused (yes/True/true would differ)."""
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict of variable names to string values')
    result = {}
    for key, item in value.items():
        if not key or '=' in str(key):
            raise SpecError(option, key, 'variable names are non-empty and contain no "="')
        if isinstance(item, bool):
            raise SpecError(option, '%s=%s' % (key, item),
                            'a boolean is ambiguous in an environment variable; quote it, e.g. "true"')
        if isinstance(item, (dict, list)):
            raise SpecError(option, '%s=%s' % (key, item), 'values must be strings or numbers')
        result[str(key)] = '' if item is None else str(item)
    return result


def env_list(entries):
    """Config.Env (['A=1', 'B=']) -> {'A': '1', 'B': ''}."""
    result = {}
    for entry in entries or []:
        key, _sep, value = entry.partition('=')
        result[key] = value
    return result


def env_file(option, text):
    """The text of an env file as `docker run --env-file` reads it: NAME=value lines, # comments."""
    result = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        key, sep, value = line.partition('=')
        key = key.strip()
        if not key or any(ch.isspace() for ch in key):
            raise SpecError(option, 'line %d: %s' % (number, line), 'lines are NAME=value, # comments or blank')
        result[key] = value if sep else ''
    return result
