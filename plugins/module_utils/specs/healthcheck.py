# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A health check (test, interval, timeout, retries, start_period, start_interval, disable) as the
Engine's Healthcheck: one parser for containers, services and Compose files."""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import duration_ns


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
