# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Compose service (the canonical model of compose/loader.py) as `container` module parameters.

Pure: no daemon. Each service key maps to container options; the container option table then
validates, compares and applies them exactly as for the `container` module. A key whose container
option this collection does not have (yet) is refused before anything changes, naming the key.
"""

import copy
import hashlib
import json

from ansible_collections.dockyard.docker.plugins.module_utils.compose.keys import UnsupportedKey
from ansible_collections.dockyard.docker.plugins.module_utils.compose.service import volumes_from_source
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import duration_ns
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import COMPOSE_KEYS, published_ports

# The consumer named in refusals: `valid Compose, not supported by dockyard.docker.compose: services.web.develop`.
COMPOSE_MODULE = 'dockyard.docker.compose'
PROJECT_LABEL = 'com.docker.compose.project'
SERVICE_LABEL = 'com.docker.compose.service'
NUMBER_LABEL = 'com.docker.compose.container-number'
HASH_LABEL = 'com.docker.compose.config-hash'
ONEOFF_LABEL = 'com.docker.compose.oneoff'
WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir'
CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files'
VERSION_LABEL = 'com.docker.compose.version'
NETWORK_LABEL = 'com.docker.compose.network'
VOLUME_LABEL = 'com.docker.compose.volume'
# The version Compose writes in its labels; ours says which Compose file semantics it follows.
COMPOSE_VERSION = '2.24.0'
# Left out of the config hash, as Compose does: changing them never recreates a container.
UNHASHED = ('build', 'pull_policy', 'scale', 'depends_on', 'profiles')

# service key -> container option, for keys whose value passes as it is (canonical -> option).
DIRECT = {
    'command': 'command', 'entrypoint': 'entrypoint', 'hostname': 'hostname', 'domainname': 'domainname',
    'user': 'user', 'working_dir': 'workdir', 'stop_signal': 'stop_signal', 'tty': 'tty',
    'stdin_open': 'interactive', 'privileged': 'privileged', 'read_only': 'read_only', 'init': 'init',
    'cap_add': 'capabilities', 'cap_drop': 'cap_drop', 'security_opt': 'security_opts', 'devices': 'devices',
    'dns': 'dns_servers', 'dns_search': 'dns_search_domains', 'dns_opt': 'dns_opts', 'group_add': 'groups',
    'sysctls': 'sysctls', 'tmpfs': 'tmpfs', 'ipc': 'ipc_mode', 'pid': 'pid_mode', 'platform': 'platform',
    'mac_address': 'mac_address', 'cgroup_parent': 'cgroup_parent', 'runtime': 'runtime',
    'userns_mode': 'userns_mode', 'cpus': 'cpus', 'cpu_shares': 'cpu_shares', 'pids_limit': 'pids_limit',
    'oom_score_adj': 'oom_score_adj', 'expose': 'exposed_ports',
}
SIZES = {'shm_size': 'shm_size', 'mem_limit': 'memory', 'mem_reservation': 'memory_reservation',
         'memswap_limit': 'memory_swap'}
# Keys the compose module reads itself (they are not container options).
HANDLED = frozenset(['image', 'build', 'container_name', 'depends_on', 'profiles', 'pull_policy', 'scale',
                     'deploy', 'extends', 'environment', 'labels', 'ports', 'volumes', 'networks',
                     'network_mode', 'healthcheck', 'restart', 'extra_hosts', 'ulimits', 'logging',
                     'configs', 'secrets', 'stop_grace_period', 'volumes_from'])


def config_hash(service):
    """sha256 of the service's canonical definition, without what never recreates a container."""
    hashed = copy.deepcopy(service)
    for key in UNHASHED:
        hashed.pop(key, None)
    if isinstance(hashed.get('deploy'), dict):
        hashed['deploy'].pop('replicas', None)
        if not hashed['deploy']:
            hashed.pop('deploy')
    return hashlib.sha256(json.dumps(hashed, sort_keys=True, separators=(',', ':')).encode('utf-8')).hexdigest()


def replicas(name, service):
    """How many containers the service runs: scale, else deploy.replicas, else 1."""
    scale = service.get('scale')
    deployed = (service.get('deploy') or {}).get('replicas')
    if scale is not None and deployed is not None and scale != deployed:
        raise SpecError('services.%s.scale' % name, scale, 'it differs from deploy.replicas (%d); give one' % deployed)
    count = scale if scale is not None else deployed if deployed is not None else 1
    if count > 1 and service.get('container_name'):
        raise SpecError('services.%s.container_name' % name, service['container_name'],
                        'a service with a fixed container name runs one container, not %d' % count)
    return count


def container_name(project, name, service, number):
    return service.get('container_name') or '%s-%s-%d' % (project['name'], name, number)


def compose_labels(project, name, service, number):
    labels = {
        PROJECT_LABEL: project['name'], SERVICE_LABEL: name, NUMBER_LABEL: str(number),
        HASH_LABEL: config_hash(service), ONEOFF_LABEL: 'False', WORKING_DIR_LABEL: project['working_dir'],
        CONFIG_FILES_LABEL: ','.join(project['config_files']), VERSION_LABEL: COMPOSE_VERSION,
    }
    return labels


def _port(port):
    host_ip = port['host_ip']
    if ':' in host_ip:
        host_ip = '[%s]' % host_ip
    text = '%d/%s' % (port['target'], port['protocol'])
    if port['published'] or host_ip:
        text = '%s:%s' % (port['published'], text)
    if host_ip:
        text = '%s:%s' % (host_ip, text)
    return text


def _volume(project, where, volume):
    """(option, entry): a volumes string (bind, named, anonymous) or a tmpfs string."""
    if volume['type'] == 'tmpfs':
        tmpfs = volume.get('tmpfs') or {}
        found = ['%s=%s' % (key, tmpfs[key] if key == 'size' else '%o' % tmpfs[key]) for key in ('size', 'mode') if key in tmpfs]
        return 'tmpfs', volume['target'] + (':' + ','.join(found) if found else '')
    if (volume.get('volume') or {}).get('subpath'):
        raise UnsupportedKey(where + '.volume.subpath', volume['volume']['subpath'], COMPOSE_MODULE)
    if volume['type'] == 'volume' and not volume.get('source'):
        return 'volumes', volume['target']
    source = volume['source'] if volume['type'] == 'bind' else project['volumes'][volume['source']]['name']
    modes = ['ro'] if volume.get('read_only') else []
    bind = volume.get('bind') or {}
    modes += [bind[key] for key in ('propagation', 'selinux') if bind.get(key)]
    if (volume.get('volume') or {}).get('nocopy'):
        modes.append('nocopy')
    return 'volumes', '%s:%s' % (source, volume['target']) + (':' + ','.join(modes) if modes else '')


def _file_mounts(project, name, service):
    """configs and secrets from files are bind-mounted read-only, as Compose does without swarm."""
    mounts = []
    for kind, default_dir in (('configs', '/'), ('secrets', '/run/secrets/')):
        for index, reference in enumerate(service.get(kind) or []):
            where = 'services.%s.%s[%d]' % (name, kind, index)
            for key in ('uid', 'gid', 'mode'):
                if key in reference:
                    raise UnsupportedKey('%s.%s' % (where, key), reference[key], COMPOSE_MODULE,
                                         'it needs swarm; a bind-mounted file keeps its owner and mode')
            declared = project[kind][reference['source']]
            if 'file' not in declared:
                raise SpecError('%s.%s' % (kind, reference['source']), reference['source'],
                                'the compose module mounts %s from a file; give file' % kind)
            target = reference.get('target') or reference['source']
            if not target.startswith('/'):
                target = default_dir + target
            mounts.append('%s:%s:ro' % (declared['file'], target))
    return mounts


def _networks(project, name, service):
    if 'network_mode' in service:
        mode = service['network_mode']
        if mode.startswith('service:'):
            other = mode[len('service:'):]
            return 'network_mode', 'container:' + container_name(project, other, project['services'][other], 1)
        return 'network_mode', mode
    attached = sorted(service['networks'].items(), key=lambda item: -(item[1].get('priority') or 0))
    entries = []
    for key, settings in attached:
        entry = {'name': project['networks'][key]['name'], 'aliases': [name] + (settings.get('aliases') or [])}
        entry.update((field, settings[field]) for field in ('ipv4_address', 'ipv6_address') if settings.get(field))
        entries.append(entry)
    return 'networks', entries


def _volumes_from(project, service):
    """Compose's entries as the daemon's VolumesFrom: a service by its (first) container's real name."""
    entries = []
    for entry in service['volumes_from']:
        kind, name, mode = volumes_from_source(entry)
        if kind == 'service':
            name = container_name(project, name, project['services'][name], 1)
        entries.append(name + (':' + mode if mode else ''))
    return entries


def _restart(name, service):
    policy = service.get('restart')
    deploy_policy = (service.get('deploy') or {}).get('restart_policy')
    if policy is None and deploy_policy:
        policy = {'none': 'no', 'any': 'always', 'on-failure': 'on-failure'}[deploy_policy.get('condition', 'any')]
        if deploy_policy.get('max_attempts') and policy == 'on-failure':
            policy = 'on-failure:%d' % deploy_policy['max_attempts']
    if policy is None:
        return {}
    found, _sep, retries = policy.partition(':')
    return dict(restart_policy=found, **({'restart_retries': int(retries)} if retries else {}))


def _healthcheck(name, health):
    if 'start_interval' in health:
        raise UnsupportedKey('services.%s.healthcheck.start_interval' % name, health['start_interval'], COMPOSE_MODULE)
    return dict(health)


def _extra_hosts(name, entries):
    hosts = {}
    for entry in entries:
        host, _sep, address = entry.partition(':')
        if host in hosts and hosts[host] != address:
            raise SpecError('services.%s.extra_hosts' % name, host, 'one address per host name in the compose module')
        hosts[host] = address
    return hosts


def _deploy(name, deploy):
    """deploy keys the compose module honours on one host: resources (limits) and restart_policy."""
    values = {}
    resources = deploy.get('resources') or {}
    limits, reservations = resources.get('limits') or {}, resources.get('reservations') or {}
    for key, option in (('cpus', 'cpus'), ('memory', 'memory'), ('pids', 'pids_limit')):
        if key in limits:
            values[option] = limits[key] if key != 'memory' else str(limits[key])
    if 'cpus' in reservations:
        raise UnsupportedKey('services.%s.deploy.resources.reservations.cpus' % name, reservations['cpus'],
                             COMPOSE_MODULE, 'a CPU reservation needs swarm')
    if 'memory' in reservations:
        values['memory_reservation'] = str(reservations['memory'])
    for key in ('delay', 'window'):
        if key in (deploy.get('restart_policy') or {}):
            raise UnsupportedKey('services.%s.deploy.restart_policy.%s' % (name, key), deploy['restart_policy'][key],
                                 COMPOSE_MODULE, 'it needs swarm')
    return values


def container_params(project, name, number, available):
    """The container module's parameters for container `number` of service `name`.

    available: the container module's option names (its argument spec); a service key whose
    option is missing there is refused with its key path."""
    service = project['services'][name]
    params = {'name': container_name(project, name, service, number)}
    wanted = {}
    for key, value in service.items():
        if key in DIRECT:
            wanted[DIRECT[key]] = ('services.%s.%s' % (name, key), value)
        elif key in SIZES:
            wanted[SIZES[key]] = ('services.%s.%s' % (name, key), str(value))
        elif key not in HANDLED:
            raise UnsupportedKey('services.%s.%s' % (name, key), key, COMPOSE_MODULE)
    _special_options(project, name, service, wanted)
    for option, (where, value) in wanted.items():
        if option not in available:
            raise SpecError(where, option, 'needs the container option %s, which this collection does not have yet' % option)
        params[option] = value
    params['labels'] = service.get('labels') or {}
    return params


def _special_options(project, name, service, wanted):
    path = 'services.%s.' % name
    if service.get('environment') is not None:
        wanted['env'] = (path + 'environment', dict((k, v) for k, v in service['environment'].items() if v is not None))
    if 'ports' in service:
        for index, port in enumerate(service['ports']):  # a container's limits: no published port 0
            published_ports('%sports[%d]' % (path, index), port, keys=COMPOSE_KEYS)
        wanted['published_ports'] = (path + 'ports', [_port(port) for port in service['ports']])
    mounts = {'volumes': [], 'tmpfs': list(service.get('tmpfs') or [])}
    for index, volume in enumerate(service.get('volumes') or []):
        option, entry = _volume(project, '%svolumes[%d]' % (path, index), volume)
        mounts[option].append(entry)
    mounts['volumes'] += _file_mounts(project, name, service)
    for option in ('volumes', 'tmpfs'):
        if mounts[option]:
            wanted[option] = (path + option, mounts[option])
    option, value = _networks(project, name, service)
    wanted[option] = (path + option.replace('networks', 'networks'), value)
    if service.get('volumes_from'):
        wanted['volumes_from'] = (path + 'volumes_from', _volumes_from(project, service))
    if 'healthcheck' in service:
        wanted['healthcheck'] = (path + 'healthcheck', _healthcheck(name, service['healthcheck']))
    for option, value in _restart(name, service).items():
        wanted[option] = (path + 'restart', value)
    if 'extra_hosts' in service:
        wanted['extra_hosts'] = (path + 'extra_hosts', _extra_hosts(name, service['extra_hosts']))
    if 'ulimits' in service:
        wanted['ulimits'] = (path + 'ulimits', ['%s=%d:%d' % (key, limit['soft'], limit['hard'])
                                                for key, limit in sorted(service['ulimits'].items())])
    logging = service.get('logging') or {}
    if logging.get('driver'):
        wanted['log_driver'] = (path + 'logging.driver', logging['driver'])
    if logging.get('options') is not None:
        wanted['log_options'] = (path + 'logging.options', logging['options'])
    if 'stop_grace_period' in service:
        wanted['stop_timeout'] = (path + 'stop_grace_period', int(duration_ns('stop_grace_period', service['stop_grace_period']) // 10 ** 9))
    for option, value in _deploy(name, service.get('deploy') or {}).items():
        wanted.setdefault(option, (path + 'deploy.resources', value))
