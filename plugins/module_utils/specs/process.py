# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a container or service process runs with: argv, environment, health check."""

import shlex

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import duration_ns


def argv(option, value):
    """A command as a list (kept as given, like community.docker's command_handling: correct) or a shell-like string."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
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


def _health_test(option, test, list_needs_kind):
    kinds = ('CMD', 'CMD-SHELL', 'NONE')
    if isinstance(test, str) and (test.strip() or not list_needs_kind):
        return ['CMD-SHELL', test]
    if isinstance(test, list) and test and str(test[0]) in kinds:
        return [str(item) for item in test]
    if isinstance(test, list) and not list_needs_kind:
        return ['CMD'] + [str(item) for item in test]
    raise SpecError(option, test, 'give a shell command line, or a list starting with CMD, CMD-SHELL or NONE')


def healthcheck(option, value, list_needs_kind=False):
    """test / interval / timeout / retries / start_period / disable -> Config.Healthcheck.

    A list test without CMD, CMD-SHELL or NONE in front gets CMD (docker run's rule); with
    list_needs_kind it is refused instead (docker service create's rule)."""
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict with test, interval, timeout, retries, start_period, '
                                       'start_interval or disable')
    if value.get('disable'):
        return {'Test': ['NONE']}
    test = value.get('test')
    result = {}
    if test is not None:
        result['Test'] = _health_test(option + '.test', test, list_needs_kind)
    for key, api_key in (('interval', 'Interval'), ('timeout', 'Timeout'), ('start_period', 'StartPeriod'),
                         ('start_interval', 'StartInterval')):
        if value.get(key) is not None:
            result[api_key] = _health_duration('%s.%s' % (option, key), value[key])
    result = dict((key, item) for key, item in result.items() if item is not None)
    if value.get('retries') is not None:
        result['Retries'] = _retries(option + '.retries', value['retries'])
    return result


def _health_duration(option, value):
    """Nanoseconds, or None for 0: the Engine's default, which it then reports as no value at all."""
    found = duration_ns(option, value)
    if found < 0:  # the Engine refuses a negative interval when the container is created
        raise SpecError(option, value, 'give a duration of 0 (the default) or more, such as 30s')
    return found or None


def _retries(option, value):
    try:
        retries = int(value)
    except (TypeError, ValueError):
        retries = -1
    if retries < 0 or isinstance(value, bool):
        raise SpecError(option, value, 'give 0 (the default, 3) or more')
    return retries
