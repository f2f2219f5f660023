# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The keys of the Compose specification, level by level, and the two errors that tell a typo from a gap.

    check_keys(document, label)   # UnknownKey for the first key the specification does not have

A typo fails as `services.web.imgae: unknown key; did you mean image?` (the closest key of that level,
by difflib). A key the specification has but the consumer does not read fails as
`valid Compose, not supported by dockyard.docker.compose: services.web.develop` (UnsupportedKey, raised
by the readers; load_project names the consumer). The tree follows the specification's JSON schema
(compose-spec.json); a level given as None takes any keys (labels, options, free-form mappings).
"""

import difflib
import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError, _one_line


def _keys(*names, **nested):
    level = dict.fromkeys(names)
    level.update(nested)
    return level


def _named(level):
    """A mapping of user-chosen names (services, networks, depends_on entries, ...) to `level`."""
    return ('named', level)


def _items(level):
    """A list whose mapping items use `level` (its string items are the short syntax)."""
    return ('items', level)


_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.-]*\Z')
_REFERENCE = _items(_keys('source', 'target', 'uid', 'gid', 'mode'))
_ULIMITS = _named(_keys('soft', 'hard'))
_DEVICE_REQUEST = _items(_keys('capabilities', 'count', 'device_ids', 'driver', 'options'))
_ROLLOUT = _keys('delay', 'failure_action', 'max_failure_ratio', 'monitor', 'order', 'parallelism')
_HOOK = ('command', 'environment', 'privileged', 'user', 'working_dir')
_EXTERNAL = _keys('name')

DEPLOY = _keys(
    'endpoint_mode', 'labels', 'mode', 'replicas',
    placement=_keys('constraints', 'max_replicas_per_node', preferences=_items(_keys('spread'))),
    resources=_keys(limits=_keys('cpus', 'memory', 'pids'),
                    reservations=_keys('cpus', 'memory', devices=_DEVICE_REQUEST,
                                       generic_resources=_items(_keys(discrete_resource_spec=_keys('kind', 'value'))))),
    restart_policy=_keys('condition', 'delay', 'max_attempts', 'window'),
    rollback_config=_ROLLOUT, update_config=_ROLLOUT)

BUILD = _keys(
    'additional_contexts', 'args', 'cache_from', 'cache_to', 'context', 'dockerfile', 'dockerfile_inline',
    'entitlements', 'extra_hosts', 'isolation', 'labels', 'network', 'no_cache', 'no_cache_filter', 'platforms',
    'privileged', 'provenance', 'pull', 'sbom', 'shm_size', 'ssh', 'tags', 'target',
    secrets=_REFERENCE, ulimits=_ULIMITS)

_BLKIO_RATE = _items(_keys('path', 'rate'))

SERVICE = _keys(
    'annotations', 'attach', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command', 'container_name',
    'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares', 'cpus',
    'cpuset', 'device_cgroup_rules', 'dns', 'dns_opt', 'dns_search', 'domainname', 'entrypoint', 'environment',
    'expose', 'external_links', 'extra_hosts', 'group_add', 'hostname', 'image', 'init', 'ipc', 'isolation',
    'label_file', 'labels', 'links', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness',
    'memswap_limit', 'network_mode', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform',
    'privileged', 'profiles', 'pull_policy', 'pull_refresh_after', 'read_only', 'restart', 'runtime', 'scale',
    'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs',
    'tty', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes_from', 'working_dir',
    build=BUILD,
    blkio_config=_keys('weight', device_read_bps=_BLKIO_RATE, device_read_iops=_BLKIO_RATE,
                       device_write_bps=_BLKIO_RATE, device_write_iops=_BLKIO_RATE,
                       weight_device=_items(_keys('path', 'weight'))),
    configs=_REFERENCE, secrets=_REFERENCE,
    credential_spec=_keys('config', 'file', 'registry'),
    depends_on=_named(_keys('condition', 'required', 'restart')),
    deploy=DEPLOY,
    develop=_keys(watch=_items(_keys('action', 'exec', 'ignore', 'include', 'initial_sync', 'path', 'target'))),
    devices=_items(_keys('permissions', 'source', 'target')),
    env_file=_items(_keys('format', 'path', 'required')),
    extends=_keys('file', 'service'),
    gpus=_DEVICE_REQUEST,
    healthcheck=_keys('disable', 'interval', 'retries', 'start_interval', 'start_period', 'test', 'timeout'),
    logging=_keys('driver', 'options'),
    models=_named(_keys('endpoint_var', 'model_var')),
    networks=_named(_keys('aliases', 'driver_opts', 'gw_priority', 'interface_name', 'ipv4_address', 'ipv6_address',
                          'link_local_ips', 'mac_address', 'priority')),
    ports=_items(_keys('app_protocol', 'host_ip', 'mode', 'name', 'protocol', 'published', 'target')),
    post_start=_items(_keys(*_HOOK)), pre_stop=_items(_keys(*_HOOK)),
    pre_start=_items(_keys('image', 'per_replica', *_HOOK)),
    provider=_keys('options', 'type'),
    ulimits=_ULIMITS,
    volumes=_items(_keys('consistency', 'read_only', 'source', 'target', 'type',
                         bind=_keys('create_host_path', 'propagation', 'recursive', 'selinux'),
                         image=_keys('subpath'), tmpfs=_keys('mode', 'size'),
                         volume=_keys('labels', 'nocopy', 'subpath'))))

TOP = _keys(
    'name', 'version',
    include=_items(_keys('env_file', 'path', 'project_directory')),
    services=_named(SERVICE),
    models=_named(_keys('context_size', 'model', 'name', 'runtime_flags')),
    networks=_named(_keys('attachable', 'driver', 'driver_opts', 'enable_ipv4', 'enable_ipv6', 'internal', 'labels',
                          'name', external=_EXTERNAL,
                          ipam=_keys('driver', 'options',
                                     config=_items(_keys('aux_addresses', 'gateway', 'ip_range', 'subnet'))))),
    volumes=_named(_keys('driver', 'driver_opts', 'labels', 'name', external=_EXTERNAL)),
    secrets=_named(_keys('driver', 'driver_opts', 'environment', 'file', 'labels', 'name', 'template_driver',
                         external=_EXTERNAL)),
    configs=_named(_keys('content', 'environment', 'file', 'labels', 'name', 'template_driver', external=_EXTERNAL)))


class UnknownKey(SpecError):
    """A key the Compose specification does not have at that level: most likely a typo."""

    def __init__(self, path, key, known, origin=None):
        closest = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
        if closest:
            hint = 'did you mean %s?' % closest[0]
        elif len(known) <= 12:
            hint = 'the keys here are %s' % ', '.join(sorted(known))
        else:
            hint = 'not a key of the Compose specification here'
        super().__init__(path, _shown(key), 'unknown key; ' + hint + (' (in %s)' % origin if origin else ''))

    def __str__(self):
        return '%s: %s' % (_one_line(self.option), self.accepted)


class UnsupportedKey(SpecError):
    """A key the Compose specification has that this consumer does not read (a gap, not a typo).
    consumer is filled in by load_project when the reader that found it did not know it; reason, when
    given, says why (`it needs swarm`)."""

    def __init__(self, path, value, consumer=None, reason=None):
        self.consumer = consumer
        self.reason = reason
        super().__init__(path, value, 'valid Compose, not supported')

    def __str__(self):
        reason = ' (%s)' % self.reason if self.reason else ''
        return 'valid Compose, not supported by %s: %s%s' % (self.consumer or 'this module', _one_line(self.option), reason)


def _shown(key):
    """A key as an error shows it: a name as written; anything else (a file that is no Compose file holds
    `root:$6$...` lines, read as keys) is not quoted into the task's message."""
    return key if isinstance(key, str) and _NAME.match(key) and len(key) <= 64 else '<a key that is no name>'


def _key_path(path, key):
    return '%s.%s' % (path, _shown(key)) if path else _shown(key)


def check_keys(document, origin=None):
    """Walk a document (before interpolation: keys are never interpolated) against the specification;
    origin names the file in the error when it is not one of the task's own (an include, an extends.file)."""
    pending = [(document, TOP, '')]
    while pending:
        value, level, path = pending.pop()
        if isinstance(level, tuple):
            kind, inner = level
            if kind == 'named' and isinstance(value, dict):
                pending.extend((item, inner, _key_path(path, name)) for name, item in value.items())
            elif kind == 'items' and isinstance(value, list):
                pending.extend((item, inner, '%s[%d]' % (path, index)) for index, item in enumerate(value))
            continue
        if level is None or not isinstance(value, dict):
            continue
        for key, item in value.items():
            if isinstance(key, str) and key.startswith('x-'):
                continue
            if key not in level:
                raise UnknownKey(_key_path(path, key), key, level, origin)
            pending.append((item, level[key], _key_path(path, key)))
