# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One Compose service, from any syntax the file allows to the canonical (long) one.

`SERVICE_READERS[key](value, path, context)` returns the canonical value; `context` holds
`base_dir` (relative host paths), `environ` (the project's environment) and `allowed` (the key
paths the consumer supports, checked for deploy.* here). The shapes are those of
`docker compose config`; compose/loader.py documents them.
"""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import is_ip_address
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.healthcheck import health_test
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import COMPOSE_KEYS, normalize_port_key, published_ports
from ansible_collections.dockyard.docker.plugins.module_utils.specs.volumes import MODES, VOLUME_NAME
from ansible_collections.dockyard.docker.plugins.module_utils.compose.values import (
    boolean, choice, command, duration, each, host_path, integer, keyed, label_map, mapping, number,
    size, string_list, text)

CONDITIONS = ('service_started', 'service_healthy', 'service_completed_successfully')
PROPAGATIONS = ('shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate')
RESTARTS = ('no', 'always', 'on-failure', 'unless-stopped')
PULL_POLICIES = ('always', 'never', 'missing', 'build', 'if_not_present')


def _plain(reader):
    return lambda value, path, context: reader(value, path)


def _choice(*choices):
    return lambda value, path, context: choice(value, path, choices)


def read_build(value, path, context):
    if isinstance(value, str):
        return {'context': host_path(value, path, context.base_dir)}
    build = keyed(value, path, {
        'context': lambda item, where: host_path(item, where, context.base_dir),
        'dockerfile': text, 'target': text, 'network': text,
        'args': lambda item, where: mapping(item, where, environ=context.environ),
        'labels': label_map, 'cache_from': string_list, 'pull': boolean, 'no_cache': boolean,
    })
    build.setdefault('context', context.base_dir)
    return build


def read_environment(value, path, context):
    return mapping(value, path, environ=context.environ)


def read_env_file(value, path, context):
    entries = value if isinstance(value, list) else [value]
    result = []
    for index, entry in enumerate(entries):
        where = '%s[%d]' % (path, index) if isinstance(value, list) else path
        if isinstance(entry, dict):
            found = keyed(entry, where, {'path': text, 'required': boolean, 'format': text}, required=('path',))
        else:
            found = {'path': text(entry, where)}
        result.append({'path': host_path(found['path'], where, context.base_dir),
                       'required': found.get('required', True)})
    return result


def _host_ip(value, path):
    found = text(value, path)
    if not is_ip_address(found):
        raise SpecError(path, value, 'give an IP address')
    return found


def read_ports(value, path, context):
    """Short and long forms as the one published-ports parser reads them; published 0 (any free port) is
    left for the consumer to judge (a swarm takes it, a container does not)."""
    if not isinstance(value, list):
        raise SpecError(path, value, 'give a list of ports')
    result = []
    for index, entry in enumerate(value):
        where = '%s[%d]' % (path, index)
        if isinstance(entry, dict):
            entry = dict((key, item) for key, item in entry.items() if not (isinstance(key, str) and key.startswith('x-')))
        else:
            entry = text(entry, where)
        result.extend(published_ports(where, entry, keys=COMPOSE_KEYS, any_port=True))
    return result


def read_expose(value, path, context):
    result = []
    for index, entry in enumerate(string_list(value, path)):
        result.extend(normalize_port_key('%s[%d]' % (path, index), entry))
    return result


def _short_volume(value, path, context):
    parts = value.split(':')
    if len(parts) == 1:
        if not value.startswith('/'):
            raise SpecError(path, value, 'an anonymous volume needs an absolute container path')
        return {'type': 'volume', 'target': value}
    if len(parts) > 3:
        raise SpecError(path, value, 'give SOURCE:TARGET[:MODE] or TARGET')
    source, target = parts[0], parts[1]
    modes = parts[2].split(',') if len(parts) == 3 else []
    if not all(mode in MODES for mode in modes):
        raise SpecError(path, value, 'modes are ' + ', '.join(sorted(MODES)))
    volume = {'target': target, 'read_only': 'ro' in modes}
    if source[:1] in ('.', '/', '~'):
        volume.update(type='bind', source=host_path(source, path, context.base_dir))
        volume['bind'] = {'create_host_path': True}
        for mode in modes:
            if mode in PROPAGATIONS:
                volume['bind']['propagation'] = mode
            elif mode in ('z', 'Z'):
                volume['bind']['selinux'] = mode
    else:
        if not VOLUME_NAME.match(source):
            raise SpecError(path, value, 'a volume name uses letters, digits, _ . - (a host path starts with ., / or ~)')
        volume.update(type='volume', source=source)
        if 'nocopy' in modes:
            volume['volume'] = {'nocopy': True}
    return volume


def _long_volume(value, path, context):
    volume = keyed(value, path, {
        'type': lambda item, at: choice(item, at, ('volume', 'bind', 'tmpfs')), 'source': text, 'target': text,
        'read_only': boolean, 'consistency': text,
        'bind': lambda item, at: keyed(item, at, {'propagation': lambda v, p: choice(v, p, PROPAGATIONS),
                                                  'create_host_path': boolean, 'selinux': lambda v, p: choice(v, p, ('z', 'Z'))}),
        'volume': lambda item, at: keyed(item, at, {'nocopy': boolean, 'subpath': text}),
        'tmpfs': lambda item, at: keyed(item, at, {'size': size, 'mode': lambda v, p: integer(v, p, 0)}),
    }, required=('type', 'target'))
    if volume['type'] == 'bind':
        if 'source' not in volume:
            raise SpecError(path + '.source', None, 'a bind mount needs a source')
        volume['source'] = host_path(volume['source'], path + '.source', context.base_dir)
    if volume['type'] == 'volume' and 'source' in volume and not VOLUME_NAME.match(volume['source']):
        raise SpecError(path + '.source', volume['source'], 'a volume name uses letters, digits, _ . -')
    volume.setdefault('read_only', False)
    return volume


def read_volumes(value, path, context):
    if not isinstance(value, list):
        raise SpecError(path, value, 'give a list of volumes')
    result = []
    for index, entry in enumerate(value):
        where = '%s[%d]' % (path, index)
        volume = _long_volume(entry, where, context) if isinstance(entry, dict) else _short_volume(text(entry, where), where, context)
        if not volume['target'].startswith('/'):
            raise SpecError(where, entry, 'the container path (target) must be absolute')
        result.append(volume)
    return result


def read_depends_on(value, path, context):
    if isinstance(value, list):
        return dict((text(item, '%s[%d]' % (path, index)), {'condition': 'service_started', 'required': True, 'restart': False})
                    for index, item in enumerate(value))
    if not isinstance(value, dict):
        raise SpecError(path, value, 'give a list of service names or a mapping of names to conditions')
    result = {}
    for name, entry in value.items():
        found = keyed(entry or {}, '%s.%s' % (path, name), {
            'condition': lambda item, at: choice(item, at, CONDITIONS), 'required': boolean, 'restart': boolean})
        result[str(name)] = {'condition': found.get('condition', 'service_started'),
                             'required': found.get('required', True), 'restart': found.get('restart', False)}
    return result


def read_networks(value, path, context):
    if isinstance(value, list):
        return dict((text(item, '%s[%d]' % (path, index)), {}) for index, item in enumerate(value))
    if not isinstance(value, dict):
        raise SpecError(path, value, 'give a list of network names or a mapping of names to settings')
    return dict((str(name), keyed(entry or {}, '%s.%s' % (path, name), {
        'aliases': string_list, 'ipv4_address': _host_ip, 'ipv6_address': _host_ip,
        'priority': integer, 'mac_address': text})) for name, entry in value.items())


def _health_test(value, path):
    """Compose's rules: a list needs CMD, CMD-SHELL or NONE in front; a blank shell line is taken."""
    return health_test(path, value if isinstance(value, str) else string_list(value, path), list_needs_kind=True)


def read_healthcheck(value, path, context):
    health = keyed(value, path, {'test': _health_test, 'interval': duration, 'timeout': duration,
                                 'start_period': duration, 'start_interval': duration,
                                 'retries': lambda item, at: integer(item, at, 0), 'disable': boolean})
    if health.pop('disable', False):
        return {'test': ['NONE']}
    return health


def read_restart(value, path, context):
    if value is False:
        return 'no'
    found = text(value, path)
    policy, _sep, retries = found.partition(':')
    if policy not in RESTARTS or (retries and (policy != 'on-failure' or not retries.isdigit())):
        raise SpecError(path, value, 'accepted values are no, always, unless-stopped, on-failure and on-failure:N')
    return found


def read_extra_hosts(value, path, context):
    result = []
    if isinstance(value, dict):
        for host, address in value.items():
            for item in string_list(address, '%s.%s' % (path, host)):
                result.append('%s:%s' % (host, item))
        return result
    for index, entry in enumerate(string_list(value, path)):
        separator = '=' if '=' in entry else ':'
        host, sep, address = entry.partition(separator)
        if not host or not sep or not is_ip_address(address.strip('[]')):
            raise SpecError('%s[%d]' % (path, index), entry, 'give HOST:IP or HOST=IP')
        result.append('%s:%s' % (host, address.strip('[]')))
    return result


def read_ulimits(value, path, context):
    if not isinstance(value, dict):
        raise SpecError(path, value, 'give a mapping of limit names to a number or soft/hard')
    result = {}
    for name, limit in value.items():
        where = '%s.%s' % (path, name)
        if isinstance(limit, dict):
            found = keyed(limit, where, {'soft': integer, 'hard': integer}, required=('soft', 'hard'))
        else:
            found = {'soft': integer(limit, where), 'hard': integer(limit, where)}
        result[str(name)] = found
    return result


def read_logging(value, path, context):
    return keyed(value, path, {'driver': text, 'options': label_map})


def _reference(value, path):
    if not isinstance(value, dict):
        return {'source': text(value, path)}
    return keyed(value, path, {'source': text, 'target': text, 'uid': text, 'gid': text,
                               'mode': lambda item, at: integer(item, at, 0)}, required=('source',))


def read_references(value, path, context):
    return each(_reference)(value, path)


VOLUMES_FROM = 'SERVICE[:ro|rw] or container:NAME[:ro|rw]'


def volumes_from_source(entry):
    """('service' | 'container', name, mode) of a canonical volumes_from entry; mode '' when not given."""
    kind, name = ('container', entry[len('container:'):]) if entry.startswith('container:') else ('service', entry)
    name, _sep, mode = name.partition(':')
    return kind, name, mode


def read_volumes_from(value, path, context):
    """Entries as written (`db`, `db:ro`, `container:legacy:rw`), checked; the services named are
    checked against the project by compose/checks.py."""
    if not isinstance(value, list):
        raise SpecError(path, value, 'give a list of ' + VOLUMES_FROM)
    result = []
    for index, item in enumerate(value):
        where = '%s[%d]' % (path, index)
        entry = text(item, where)
        _kind, name, mode = volumes_from_source(entry)
        if not name or mode not in ('', 'ro', 'rw') or ':' in name or entry.endswith(':'):
            raise SpecError(where, item, 'give ' + VOLUMES_FROM)
        result.append(entry)
    return result


def read_scale(value, path, context):
    return integer(value, path, 0)


SERVICE_READERS = {
    'image': _plain(text), 'build': read_build, 'command': _plain(command), 'entrypoint': _plain(command),
    'container_name': _plain(text), 'hostname': _plain(text), 'domainname': _plain(text), 'user': _plain(text),
    'working_dir': _plain(text), 'stop_signal': _plain(text), 'platform': _plain(text), 'network_mode': _plain(text),
    'ipc': _plain(text), 'pid': _plain(text), 'mac_address': _plain(text), 'cgroup_parent': _plain(text),
    'runtime': _plain(text), 'userns_mode': _plain(text),
    'stop_grace_period': _plain(duration), 'tty': _plain(boolean), 'stdin_open': _plain(boolean),
    'privileged': _plain(boolean), 'read_only': _plain(boolean), 'init': _plain(boolean),
    'environment': read_environment, 'env_file': read_env_file, 'ports': read_ports, 'expose': read_expose,
    'volumes': read_volumes, 'tmpfs': _plain(string_list), 'depends_on': read_depends_on, 'networks': read_networks,
    'healthcheck': read_healthcheck, 'restart': read_restart, 'labels': _plain(label_map),
    'extra_hosts': read_extra_hosts, 'dns': _plain(string_list), 'dns_search': _plain(string_list),
    'dns_opt': _plain(string_list), 'cap_add': _plain(string_list), 'cap_drop': _plain(string_list),
    'security_opt': _plain(string_list), 'devices': _plain(string_list), 'group_add': _plain(string_list),
    'ulimits': read_ulimits, 'logging': read_logging, 'profiles': _plain(string_list), 'scale': read_scale,
    'configs': read_references, 'secrets': read_references, 'sysctls': _plain(label_map),
    'shm_size': _plain(size), 'mem_limit': _plain(size), 'memswap_limit': _plain(size), 'mem_reservation': _plain(size),
    'cpus': _plain(number), 'cpu_shares': _plain(integer), 'pids_limit': _plain(integer), 'oom_score_adj': _plain(integer),
    'pull_policy': _choice(*PULL_POLICIES), 'volumes_from': read_volumes_from,
}
# deploy is read by compose_deploy.read_deploy (it checks its sub-keys against context.allowed).
SERVICE_KEYS = frozenset(list(SERVICE_READERS) + ['deploy', 'extends'])
