# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Compose service's `deploy` section, canonical:

    mode: replicated | global | replicated-job | global-job
    replicas: int
    placement: {constraints: [str], preferences: [{spread: str}], max_replicas_per_node: int}
    resources: {limits: {cpus: float, memory: bytes, pids: int}, reservations: {cpus: float, memory: bytes}}
    restart_policy: {condition: none | on-failure | any, delay: duration, max_attempts: int, window: duration}
    update_config / rollback_config: {parallelism: int, delay: duration, failure_action: str,
                                      monitor: duration, max_failure_ratio: float, order: stop-first | start-first}
    endpoint_mode: vip | dnsrr
    labels: {str: str}
Durations stay as written ('10s'); specs.policies.duration_ns turns them into nanoseconds.
Each key is checked against the consumer's allowed key paths (`services.deploy.<key>`).
"""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.compose.keys import UnsupportedKey
from ansible_collections.dockyard.docker.plugins.module_utils.compose.values import (
    choice, duration, each, integer, keyed, label_map, number, size, string_list, text)

DEPLOY_KEYS = ('mode', 'replicas', 'placement', 'resources', 'restart_policy', 'update_config',
               'rollback_config', 'endpoint_mode', 'labels')


def _choices(*choices):
    return lambda value, path: choice(value, path, choices)


def _count(value, path):
    return integer(value, path, 0)


def _preference(value, path):
    return keyed(value, path, {'spread': text}, required=('spread',))


def _placement(value, path):
    return keyed(value, path, {'constraints': string_list, 'preferences': each(_preference),
                               'max_replicas_per_node': _count})


def _resources(value, path):
    limits = {'cpus': number, 'memory': size, 'pids': _count}
    reservations = {'cpus': number, 'memory': size}
    return keyed(value, path, {'limits': lambda item, at: keyed(item, at, limits),
                               'reservations': lambda item, at: keyed(item, at, reservations)})


def _restart_policy(value, path):
    return keyed(value, path, {'condition': _choices('none', 'on-failure', 'any'), 'delay': duration,
                               'max_attempts': _count, 'window': duration})


def _rollout(actions):
    def read(value, path):
        return keyed(value, path, {'parallelism': _count, 'delay': duration, 'failure_action': _choices(*actions),
                                   'monitor': duration, 'max_failure_ratio': number,
                                   'order': _choices('stop-first', 'start-first')})
    return read


READERS = {
    'mode': _choices('replicated', 'global', 'replicated-job', 'global-job'),
    'replicas': _count,
    'placement': _placement,
    'resources': _resources,
    'restart_policy': _restart_policy,
    'update_config': _rollout(('continue', 'rollback', 'pause')),
    'rollback_config': _rollout(('continue', 'pause')),
    'endpoint_mode': _choices('vip', 'dnsrr'),
    'labels': label_map,
}


def read_deploy(value, path, context):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SpecError(path, value, 'give a mapping')
    for key in value:
        if isinstance(key, str) and key.startswith('x-'):
            continue
        if key in READERS and 'services.deploy.%s' % key not in context.allowed:
            raise UnsupportedKey('%s.%s' % (path, key), value[key], context.consumer)
    return keyed(value, path, READERS)
