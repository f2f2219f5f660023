# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A health check (test, interval, timeout, retries, start_period, start_interval, disable) as the
Engine's Healthcheck: one parser for containers, services and Compose files."""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import duration_ns


KINDS = ('CMD', 'CMD-SHELL', 'NONE')
TEST_FORMS = 'give a shell command line, or a list starting with CMD, CMD-SHELL or NONE'


def health_test(option, test, list_needs_kind=False, blank_command=True):
    """test -> the Engine's Test: ['CMD-SHELL', line] for a string, a list starting with CMD, CMD-SHELL or NONE as given.

    What differs between callers:
    list_needs_kind -- False: a list without CMD, CMD-SHELL or NONE in front is exec form and gets CMD (docker run's
        rule: the container module). True: it is refused (the service module, Compose files); the Engine would take
        it and then never run the check ("Unknown healthcheck type").
    blank_command -- True: a blank shell line is a check that always passes (the container module, Compose files).
        False: it is refused (the service module).
    CMD or CMD-SHELL with nothing after it is always refused: Test ['CMD'] made dockerd 20.10 panic at its first
    probe, and [] (the image's own check, for the Engine) is what leaving test out already says."""
    if isinstance(test, str) and (test.strip() or blank_command):
        return ['CMD-SHELL', test]
    if isinstance(test, list) and test and str(test[0]) in KINDS:
        found = [str(item) for item in test]
    elif isinstance(test, list) and not list_needs_kind:
        found = ['CMD'] + [str(item) for item in test]
    else:
        raise SpecError(option, test, TEST_FORMS)
    if found[0] != 'NONE' and len(found) < 2:
        raise SpecError(option, test, 'give the command to run after %s; leave test out to keep the image\'s check'
                        % found[0])
    return found


def healthcheck(option, value, list_needs_kind=False, blank_command=True):
    """test / interval / timeout / retries / start_period / start_interval / disable -> Config.Healthcheck.

    list_needs_kind and blank_command: see health_test (the container module takes the defaults, the service
    module gives True and False)."""
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict with test, interval, timeout, retries, start_period, '
                                       'start_interval or disable')
    if value.get('disable'):
        return {'Test': ['NONE']}
    test = value.get('test')
    result = {}
    if test is not None:
        result['Test'] = health_test(option + '.test', test, list_needs_kind, blank_command)
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
