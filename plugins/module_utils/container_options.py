# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every container option, declared once.

One entry gives the option's argument spec, where it lives in the create body
and in `inspect`, how a value is normalised, how desired and actual compare,
and whether a change can be applied in place (`update`) or needs a new
container. Options whose meaning depends on the image (env, labels, exposed
ports, anonymous volumes) merge the image's defaults before comparing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
import shlex

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import normalize_port_key, port_bindings
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size
from ansible_collections.dockyard.docker.plugins.module_utils.specs.volumes import parse_volume_specs

ANONYMOUS_VOLUME = re.compile(r'^[0-9a-f]{64}$')


def _argv(option, value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    try:
        return shlex.split(str(value))
    except ValueError as exc:
        raise SpecError(option, value, 'a command string must split like a shell line (%s)' % exc)


def _cpus(option, value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1
    if number <= 0:
        raise SpecError(option, value, 'give a positive number of CPUs such as 0.5 or 2')
    return int(round(number * 1e9))


def _env(option, value):
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


def _devices(option, value):
    devices = []
    for entry in value:
        parts = str(entry).split(':')
        if not parts[0].startswith('/') or len(parts) > 3:
            raise SpecError(option, entry, 'give /dev/HOST[:/dev/CONTAINER[:PERMISSIONS]]')
        devices.append({'PathOnHost': parts[0],
                        'PathInContainer': parts[1] if len(parts) > 1 else parts[0],
                        'CgroupPermissions': parts[2] if len(parts) > 2 else 'rwm'})
    return devices


def _tmpfs(option, value):
    result = {}
    for entry in value:
        path, _sep, mount_options = str(entry).partition(':')
        if not path.startswith('/'):
            raise SpecError(option, entry, 'give /container/path[:mount-options]')
        result[path] = mount_options
    return result


def _extra_hosts(option, value):
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict of host names to IP addresses')
    return sorted('%s:%s' % (host, address) for host, address in value.items())


def _capabilities(option, value):
    return sorted(set(_capability(item) for item in value))


def _capability(name):
    text = str(name).upper()
    return text if text == 'ALL' or text.startswith('CAP_') else 'CAP_' + text


def _healthcheck(option, value):
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict with test, interval, timeout, retries, start_period or disable')
    if value.get('disable'):
        return {'Test': ['NONE']}
    test = value.get('test')
    result = {}
    if test is not None:
        if isinstance(test, str):
            result['Test'] = ['CMD-SHELL', test]
        else:
            test = [str(item) for item in test]
            result['Test'] = test if test and test[0] in ('CMD', 'CMD-SHELL', 'NONE') else ['CMD'] + test
    for key, api_key in (('interval', 'Interval'), ('timeout', 'Timeout'), ('start_period', 'StartPeriod')):
        if value.get(key) is not None:
            result[api_key] = policies.duration_ns('%s.%s' % (option, key), value[key])
    if value.get('retries') is not None:
        result['Retries'] = int(value['retries'])
    return result


def _identity(option, value):
    return value


def _strings(option, value):
    return [str(item) for item in value]


def _option_names(option, value):
    return policies.option_names(option, value)


class Option:
    """A container option declared once.

    path    where it sits in the create body and in inspect ('Config' or 'HostConfig', key)
    convert (option, value) -> the Engine's value; raises SpecError
    compare 'value', 'set' (order does not matter; entries may be dicts), 'subset' (actual may hold
            more keys) or 'ignore' (used at create time and by actions only, never a reason to recreate)
    update  the /containers/update key when the change applies in place
    """

    def __init__(self, name, argspec, path, convert=_identity, compare='value', update=None):
        self.name = name
        self.argspec = argspec
        self.path = path
        self.convert = convert
        self.compare = compare
        self.update = update


OPTIONS = [
    Option('command', dict(type='raw'), ('Config', 'Cmd'), _argv),
    Option('entrypoint', dict(type='raw'), ('Config', 'Entrypoint'), _argv),
    Option('workdir', dict(type='str', aliases=['working_dir']), ('Config', 'WorkingDir')),
    Option('user', dict(type='str'), ('Config', 'User')),
    Option('hostname', dict(type='str'), ('Config', 'Hostname')),
    Option('domainname', dict(type='str'), ('Config', 'Domainname')),
    Option('tty', dict(type='bool'), ('Config', 'Tty')),
    Option('interactive', dict(type='bool'), ('Config', 'OpenStdin')),
    Option('stop_signal', dict(type='str'), ('Config', 'StopSignal')),
    # Also the per-call `docker stop -t`; like community.docker, a different value must not recreate.
    Option('stop_timeout', dict(type='int'), ('Config', 'StopTimeout'), compare='ignore'),
    Option('healthcheck', dict(type='dict'), ('Config', 'Healthcheck'), _healthcheck, 'subset'),
    Option('publish_all_ports', dict(type='bool'), ('HostConfig', 'PublishAllPorts')),
    Option('privileged', dict(type='bool'), ('HostConfig', 'Privileged')),
    Option('read_only', dict(type='bool'), ('HostConfig', 'ReadonlyRootfs')),
    Option('init', dict(type='bool'), ('HostConfig', 'Init')),
    Option('memory', dict(type='str'), ('HostConfig', 'Memory'), parse_size, update='Memory'),
    Option('memory_reservation', dict(type='str'), ('HostConfig', 'MemoryReservation'), parse_size,
           update='MemoryReservation'),
    Option('cpus', dict(type='float'), ('HostConfig', 'NanoCpus'), _cpus, update='NanoCpus'),
    Option('cpu_shares', dict(type='int'), ('HostConfig', 'CpuShares'), update='CpuShares'),
    Option('capabilities', dict(type='list', elements='str', aliases=['cap_add']), ('HostConfig', 'CapAdd'),
           _capabilities, 'set'),
    Option('cap_drop', dict(type='list', elements='str'), ('HostConfig', 'CapDrop'), _capabilities, 'set'),
    Option('security_opts', dict(type='list', elements='str'), ('HostConfig', 'SecurityOpt'), _strings, 'set'),
    Option('devices', dict(type='list', elements='str'), ('HostConfig', 'Devices'), _devices, 'set'),
    Option('cgroupns_mode', dict(type='str', choices=['host', 'private']), ('HostConfig', 'CgroupnsMode')),
    Option('dns_servers', dict(type='list', elements='str'), ('HostConfig', 'Dns'), _strings),
    Option('extra_hosts', dict(type='dict'), ('HostConfig', 'ExtraHosts'), _extra_hosts, 'set'),
    Option('volumes_from', dict(type='list', elements='str'), ('HostConfig', 'VolumesFrom'), _strings, 'set'),
    Option('tmpfs', dict(type='list', elements='str'), ('HostConfig', 'Tmpfs'), _tmpfs),
    Option('sysctls', dict(type='dict'), ('HostConfig', 'Sysctls'), _option_names),
    Option('pid_mode', dict(type='str'), ('HostConfig', 'PidMode')),
    Option('ipc_mode', dict(type='str'), ('HostConfig', 'IpcMode')),
    Option('shm_size', dict(type='str'), ('HostConfig', 'ShmSize'), parse_size),
    Option('auto_remove', dict(type='bool'), ('HostConfig', 'AutoRemove')),
]
OPTIONS_BY_NAME = dict((option.name, option) for option in OPTIONS)

# Options with their own handling in ContainerSpec (merged with image defaults, or spread over keys).
SPECIAL_ARGSPEC = dict(
    env=dict(type='dict'),
    labels=dict(type='dict'),
    exposed_ports=dict(type='list', elements='str', aliases=['expose']),
    published_ports=dict(type='list', elements='str', aliases=['ports']),
    volumes=dict(type='list', elements='str'),
    links=dict(type='list', elements='str'),
    network_mode=dict(type='str'),
    networks=dict(type='list', elements='raw'),
    purge_networks=dict(type='bool', default=False),
    restart_policy=dict(type='str', choices=list(policies.RESTART_POLICIES)),
    restart_retries=dict(type='int'),
    log_driver=dict(type='str'),
    log_options=dict(type='dict', aliases=['log_opt']),
)


def options_argument_spec():
    spec = dict((option.name, option.argspec) for option in OPTIONS)
    spec.update(SPECIAL_ARGSPEC)
    return spec


def dig(data, path, default=None):
    for key in path:
        if not isinstance(data, dict):
            return default
        data = data.get(key)
    return default if data is None else data


def parse_env_list(entries):
    result = {}
    for entry in entries or []:
        key, _sep, value = entry.partition('=')
        result[key] = value
    return result


def normalize_restart(policy):
    policy = dict(policy or {})
    name = policy.get('Name') or 'no'
    return {'Name': name, 'MaximumRetryCount': policy.get('MaximumRetryCount', 0) if name == 'on-failure' else 0}


def normalize_port_bindings(bindings):
    result = {}
    for port, entries in (bindings or {}).items():
        result[port] = sorted((entry.get('HostIp') or '', entry.get('HostPort') or '') for entry in entries or [])
    return result


def normalize_links(links):
    """Inspect shows '/db:/web/alias'; return sorted (name, alias) pairs."""
    pairs = []
    for link in links or []:
        source, _sep, target = link.partition(':')
        pairs.append((source.lstrip('/'), target.rsplit('/', 1)[-1]))
    return sorted(pairs)


def values_equal(compare, desired, actual):
    if compare == 'ignore':
        return True
    if compare == 'set':
        return _sorted_entries(desired) == _sorted_entries(actual)
    if compare == 'subset':
        return all((actual or {}).get(key) == value for key, value in (desired or {}).items())
    if desired in (None, '', [], {}) and actual in (None, '', [], {}):
        return True
    return desired == actual


def _sorted_entries(items):
    """A list in a canonical order; dict entries (devices) have no order of their own."""
    return sorted(items or [], key=lambda item: json.dumps(item, sort_keys=True))


def convert_simple_options(params):
    """Validated Engine values for the table's options the task sets (unset ones stay out)."""
    values = {}
    for option in OPTIONS:
        value = params.get(option.name)
        if value is not None:
            values[option.name] = option.convert(option.name, value)
    return values


def volume_specs(params):
    return parse_volume_specs('volumes', params.get('volumes'))


def published_port_bindings(params):
    return port_bindings('published_ports', params.get('published_ports'))


def exposed_port_keys(params):
    keys = []
    for value in params.get('exposed_ports') or []:
        keys.extend(normalize_port_key('exposed_ports', value))
    return keys


def is_anonymous_volume_name(name):
    return bool(ANONYMOUS_VOLUME.match(name or ''))
