# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hooks of container option fields (see fields.Field and container_options.OPTIONS).

For the options whose expected value is more than the task's value, this file says how it is
derived (the image's env, labels, exposed ports, volumes and CMD; container:NAME modes as the
daemon stores them), how inspect is read back (Podman's own way of reporting included) and how
a value goes into the create body when it spreads over several keys.

Every hook takes a `Context`: the task's parsed values, the image's Config, the IDs behind
container:NAME modes, the old container's anonymous volumes to carry over, and the engine.
"""

import re
import signal

from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import equal, get_path, set_path
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import parse_ip
from ansible_collections.dockyard.docker.plugins.module_utils.specs.endpoints import normalize_links
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import bindings_match, port_bindings
from ansible_collections.dockyard.docker.plugins.module_utils.specs.process import env_file, env_list
from ansible_collections.dockyard.docker.plugins.module_utils.specs.resources import capability, device_requests, gpus

ANONYMOUS_VOLUME = re.compile(r'^[0-9a-f]{64}$')
# Podman stores these in Config.Env on its own (the user's home, the container's host name, container=podman).
ENGINE_FILLED_ENV = frozenset(['HOME', 'HOSTNAME', 'container'])
# Bind options Podman reports though nobody asked for them (its defaults); Docker reports none.
ENGINE_DEFAULT_BIND_OPTIONS = frozenset(['rw', 'rprivate', 'rbind', 'nosuid', 'nodev', 'exec'])
PODMAN_TMPFS_DEFAULTS = frozenset(['rprivate', 'nosuid', 'nodev', 'tmpcopyup'])
UNCONFINED = 'systempaths=unconfined'
PODMAN_DEFAULT_NETWORK = 'podman'


class Context:
    """What the hooks may look at besides the value itself."""

    def __init__(self, values, image_config=None, container_ids=None, preserved=None, api_at_least=None,
                 is_podman=None):
        self.values = values
        self.image_config = image_config or {}
        self.container_ids = container_ids or {}
        self.preserved = preserved or {}
        self.api_at_least = api_at_least or (lambda version: True)
        self.is_podman = is_podman or (lambda: False)


def is_anonymous_volume_name(name):
    return bool(ANONYMOUS_VOLUME.match(name or ''))


def joined_container(mode):
    """NAME of a 'container:NAME' namespace mode, else None."""
    text = mode or ''
    return text[len('container:'):] if text.startswith('container:') else None


def resolved_mode(mode, container_ids):
    """container:NAME as the daemon stores it (container:ID); any other mode unchanged."""
    joined = joined_container(mode)
    return mode if joined is None else 'container:%s' % container_ids.get(joined, joined)


def network_mode(mode, ctx):
    resolved = resolved_mode(mode, ctx.container_ids)
    return 'bridge' if resolved in (None, '', 'default') else resolved


def is_special_network_mode(mode):
    return mode in ('host', 'none') or (mode or '').startswith('container:')


# -- command, modes, capabilities -------------------------------------------------------------

def command_expected(value, ctx):
    """command: [] means the image's CMD, as in community.docker; with an entrypoint of its own the
    daemon keeps CMD empty instead."""
    if value == [] and not ctx.values.get('entrypoint'):
        return ctx.image_config.get('Cmd') or []
    return value


def command_write(body, value, ctx):
    if value != []:  # [] is the image's CMD: left out, the daemon fills it in
        body['Cmd'] = value


def mode_expected(value, ctx):
    return resolved_mode(value, ctx.container_ids)


def mode_reader(path):
    return lambda doc, ctx: resolved_mode(get_path(doc, path), ctx.container_ids)


def capabilities_reader(path):
    return lambda doc, ctx: sorted(capability(item) for item in get_path(doc, path, []))


def network_mode_read(doc, ctx):
    return network_mode(get_path(doc, 'HostConfig.NetworkMode'), ctx)


def network_mode_expected(value, ctx):
    return network_mode(value, ctx)


# -- env, labels ------------------------------------------------------------------------------

def env_expected(value, ctx):
    return dict(env_list(ctx.image_config.get('Env')), **value)


def env_read(doc, ctx):
    return env_list(get_path(doc, 'Config.Env'))


def env_write(body, value, ctx):
    body['Env'] = ['%s=%s' % item for item in sorted(value.items())]


def podman_env(current, expected, doc):
    extra = set(current) - set(expected)
    if not extra or not extra <= ENGINE_FILLED_ENV:
        return current
    kept = dict(current)
    for key in extra:
        if key != 'HOSTNAME' or kept[key] == get_path(doc, 'Config.Hostname'):
            kept.pop(key)
    return kept


def labels_expected(value, ctx):
    return dict(ctx.image_config.get('Labels') or {}, **value)


# -- ports ------------------------------------------------------------------------------------

def published_take(params):
    if params.get('published_ports') is None:
        return None
    return params['published_ports'], params.get('default_host_ip')


def published_parse(option, value):
    specs, default_ip = value
    if default_ip:
        default_ip = parse_ip('default_host_ip', default_ip)
    bindings = port_bindings(option, specs)
    for entries in bindings.values():
        for entry in entries:
            entry['HostIp'] = entry['HostIp'] or default_ip or ''
    return bindings


def published_equal(mode, desired, actual):
    if mode == 'allow_more_present':
        actual = dict((key, value) for key, value in (actual or {}).items() if key in (desired or {}))
    return bindings_match(desired, actual)


def published_write(body, value, ctx):
    body.setdefault('HostConfig', {})['PortBindings'] = value
    body.setdefault('ExposedPorts', {}).update((port, {}) for port in value)


def exposed_expected(value, ctx):
    return sorted(set(value) | set(ctx.values.get('published_ports') or {})
                  | set(ctx.image_config.get('ExposedPorts') or {}))


def exposed_read(doc, ctx):
    return sorted(get_path(doc, 'Config.ExposedPorts', {}))


def exposed_write(body, value, ctx):
    body.setdefault('ExposedPorts', {}).update((port, {}) for port in value)


# -- volumes ----------------------------------------------------------------------------------

def normalize_bind(bind):
    """'src:/dst:rprivate,rw,rbind' -> 'src:/dst'; 'src:/dst:ro,Z' -> 'src:/dst:Z,ro' (default options out)."""
    parts = bind.split(':')
    if len(parts) < 3:
        return bind
    options = sorted(set(parts[2].split(',')) - ENGINE_DEFAULT_BIND_OPTIONS)
    return ':'.join(parts[:2] + ([','.join(options)] if options else []))


def _anonymous_targets(volumes, ctx):
    return set(v.target for v in volumes if v.kind == 'anonymous') | set(ctx.image_config.get('Volumes') or {})


def volumes_expected(value, ctx):
    return {'binds': sorted(normalize_bind(v.bind()) for v in value if v.kind != 'anonymous'),
            'anonymous': sorted(_anonymous_targets(value, ctx))}


def volumes_read(doc, ctx):
    targets = _anonymous_targets(ctx.values.get('volumes') or [], ctx)
    # Anonymous volumes carried over from a recreated container show up as binds of their hex
    # names (Podman reports every anonymous volume so).
    binds = [bind for bind in get_path(doc, 'HostConfig.Binds', []) if not _is_preserved_anonymous(bind, targets)]
    # Podman leaves Config.Volumes empty; its mounts say which volumes are anonymous.
    anonymous = set(get_path(doc, 'Config.Volumes', {})) | set(
        mount.get('Destination') for mount in doc.get('Mounts') or []
        if mount.get('Type') == 'volume' and is_anonymous_volume_name(mount.get('Name') or ''))
    return {'binds': sorted(normalize_bind(bind) for bind in binds), 'anonymous': sorted(anonymous)}


def volumes_equal(mode, desired, actual):
    """Binds compare by the mode; the image's and the task's anonymous volumes must all be there."""
    return equal('set', mode, desired['binds'], actual['binds']) and \
        set(desired['anonymous']) <= set(actual['anonymous'])


def volumes_write(body, value, ctx):
    binds = [volume.bind() for volume in value if volume.kind != 'anonymous']
    binds.extend('%s:%s' % (volume_name, target) for target, volume_name in sorted(ctx.preserved.items()))
    anonymous = [volume.target for volume in value if volume.kind == 'anonymous']
    if binds:
        body.setdefault('HostConfig', {})['Binds'] = binds
    if anonymous:
        body['Volumes'] = dict((target, {}) for target in anonymous)


def preserved_volumes(actual, volumes, image):
    """Anonymous volumes of the old container, by target, so their data survives a recreate."""
    wanted = set(v.target for v in volumes if v.kind == 'anonymous')
    wanted |= set(((image or {}).get('Config') or {}).get('Volumes') or {})
    preserved = {}
    for mount in actual.get('Mounts') or []:
        if mount.get('Type') == 'volume' and is_anonymous_volume_name(mount.get('Name')) \
                and mount.get('Destination') in wanted:
            preserved[mount['Destination']] = mount['Name']
    return preserved


def _is_preserved_anonymous(bind, targets):
    source, _sep, rest = bind.partition(':')
    return is_anonymous_volume_name(source) and rest.split(':', 1)[0] in targets


# -- links, restart, networks, security options ------------------------------------------------

def links_parse(option, value):
    return sorted(policies.link(option, item) for item in value)


def links_read(doc, ctx):
    return normalize_links(get_path(doc, 'HostConfig.Links'))


def links_write(body, value, ctx):
    body.setdefault('HostConfig', {})['Links'] = ['%s:%s' % pair for pair in value]


def restart_take(params):
    if params.get('restart_policy') is None and params.get('restart_retries') is None:
        return None
    return params.get('restart_policy'), params.get('restart_retries')


def restart_parse(option, value):
    return policies.restart_policy(*value)


def normalize_restart(policy):
    policy = dict(policy or {})
    name = policy.get('Name') or 'no'
    return {'Name': name, 'MaximumRetryCount': policy.get('MaximumRetryCount', 0) if name == 'on-failure' else 0}


def restart_read(doc, ctx):
    return normalize_restart(get_path(doc, 'HostConfig.RestartPolicy'))


def restart_expected(value, ctx):
    return normalize_restart(value)


def networks_write(body, value, ctx):
    """NetworkMode is the first network unless network_mode says otherwise; the create request
    carries that network's endpoint, the others are connected after the create."""
    mode = ctx.values.get('network_mode') or (value[0].name if value else None)
    if 'network_mode' not in ctx.values:
        set_path(body, 'HostConfig.NetworkMode', mode)
    if value and not is_special_network_mode(mode):
        first = [n for n in value if n.name == mode] or value[:1]
        endpoint = first[0].endpoint_config()
        mac = ctx.values.get('mac_address')
        if mac and ctx.api_at_least('1.44'):
            endpoint.setdefault('MacAddress', mac)
        body['NetworkingConfig'] = {'EndpointsConfig': {first[0].name: endpoint}}


def mac_write(body, value, ctx):
    """Before API 1.44 the MAC address is the container's; since, it belongs to an endpoint. With networks
    listed, networks_write puts it on the first one; without, Docker moves the container-wide value to the
    endpoint of its network itself, while Podman ignores it, so there it goes to Podman's default network."""
    if not ctx.api_at_least('1.44'):
        body['MacAddress'] = value
    elif ctx.values.get('networks'):
        return  # networks_write puts it on the first network's endpoint
    elif ctx.is_podman() and network_mode(ctx.values.get('network_mode'), ctx) == 'bridge':
        body['NetworkingConfig'] = {'EndpointsConfig': {PODMAN_DEFAULT_NETWORK: {'MacAddress': value}}}
    else:
        body['MacAddress'] = value


def mac_read(doc, ctx):
    mode = get_path(doc, 'HostConfig.NetworkMode') or 'bridge'
    endpoints = get_path(doc, 'NetworkSettings.Networks', {})
    endpoint = endpoints.get('bridge' if mode == 'default' else mode)
    if endpoint is None and len(endpoints) == 1:
        endpoint = list(endpoints.values())[0]  # Podman's default network is not named after the mode
    return ((endpoint or {}).get('MacAddress') or get_path(doc, 'Config.MacAddress') or '').lower() or None


def security_opts_write(body, value, ctx):
    host = body.setdefault('HostConfig', {})
    host['SecurityOpt'] = [item for item in value if item != UNCONFINED]
    if UNCONFINED in value:
        # The CLI's 'systempaths=unconfined' is no daemon option: it means empty MaskedPaths and ReadonlyPaths.
        host['MaskedPaths'] = []
        host['ReadonlyPaths'] = []


def security_opts_read(doc, ctx):
    current = list(get_path(doc, 'HostConfig.SecurityOpt', []))
    if get_path(doc, 'HostConfig.MaskedPaths') == [] and not get_path(doc, 'HostConfig.Privileged'):
        current.append(UNCONFINED)
    return current


def podman_security_opts(current, expected, doc):
    """Podman does not report masked paths: nothing to compare them with."""
    if get_path(doc, 'HostConfig.MaskedPaths') is not None:
        return current
    return [item for item in current if item != UNCONFINED] + [item for item in expected if item == UNCONFINED]


# -- how Podman reports some values ---------------------------------------------------------------

def podman_signal(current, expected, doc):
    """Podman reports the stop signal by number ('15' for SIGTERM)."""
    try:
        return signal.Signals(int(current)).name if str(current).isdigit() else current
    except ValueError:
        return current


def podman_tmpfs(current, expected, doc):
    """Podman adds its default mount options to each tmpfs mount."""
    kept = {}
    for path, options in (current or {}).items():
        wanted = set(((expected or {}).get(path) or '').split(','))
        kept[path] = ','.join(o for o in options.split(',') if o not in PODMAN_TMPFS_DEFAULTS or o in wanted)
    return kept


def podman_devices(current, expected, doc):
    """Podman reports empty cgroup permissions: the ones asked for stand in."""
    asked = dict(((d['PathOnHost'], d['PathInContainer']), d['CgroupPermissions']) for d in expected or [])
    return [dict(d, CgroupPermissions=d.get('CgroupPermissions') or asked.get((d['PathOnHost'], d['PathInContainer']), ''))
            for d in current or []]


def blkio_weight_equal(mode, desired, actual):
    """A weight reads back 0 only when the daemon discarded it (kernels without blkio weight, such as cgroup v1
    without the CFQ scheduler; the daemon warns 'Weight discarded'): weights it keeps are 10 to 1000. Such a weight is
    no difference, else every run would update it in place again (discarded again)."""
    return desired == actual or not actual


def discarded_blkio_weight(values, doc):
    """The warning for a blkio_weight the container reads back as 0 (see blkio_weight_equal), else None."""
    weight = values.get('blkio_weight')
    if not weight or not doc or get_path(doc, 'HostConfig.BlkioWeight'):
        return None
    return ('blkio_weight: container %s reads back no block IO weight (0) although the task sets %s: the daemon '
            'discarded it, since its kernel has no blkio weight support (cgroup v1 without the CFQ scheduler); it is '
            'not compared there' % ((doc.get('Name') or '').lstrip('/'), weight))


def podman_unlimited_swap(current, expected, doc):
    """Podman takes memory_swap -1 (unlimited) but reports its default back: twice the memory limit."""
    memory = get_path(doc, 'HostConfig.Memory') or 0
    return expected if expected == -1 and memory and current == 2 * memory else current


def podman_reports_none(current, expected, doc):
    """Podman reports none of these (CapDrop always empty; log options, Mounts, DeviceCgroupRules null;
    UsernsMode host as ''): nothing to compare with."""
    return expected if not current else current


def podman_mounts(current, expected, doc):
    """Podman reports no HostConfig.Mounts: a wished mount counts as there when the top-level Mounts
    (bind, volume) or HostConfig.Tmpfs (tmpfs) show it at its target, with its source and mode."""
    if current:
        return current
    reported = dict((mount.get('Destination'), mount) for mount in doc.get('Mounts') or [])
    tmpfs = get_path(doc, 'HostConfig.Tmpfs', {})
    return [mount for mount in expected or [] if _podman_shows(mount, reported, tmpfs)]


def _podman_shows(mount, reported, tmpfs):
    if mount.get('Type') == 'tmpfs':
        return mount.get('Target') in tmpfs and _podman_tmpfs_has(mount.get('TmpfsOptions') or {},
                                                                  tmpfs[mount['Target']])
    seen = reported.get(mount.get('Target')) or {}
    source = seen.get('Name') if seen.get('Type') == 'volume' else seen.get('Source')
    return (seen.get('Type') == mount.get('Type') and mount.get('Source') in (None, source)
            and seen.get('RW') is not bool(mount.get('ReadOnly')))


def _podman_tmpfs_has(wished, options):
    """Whether Podman's tmpfs options ('size=1048576,mode=1770,...') have the wished size and mode."""
    shown = dict(item.partition('=')[::2] for item in (options or '').split(','))
    try:
        size, mode = int(shown.get('size') or 0), int(shown.get('mode') or '0', 8)
    except ValueError:
        return False
    return wished.get('SizeBytes') in (None, size) and wished.get('Mode') in (None, mode)


def podman_default(reported):
    """Podman reports its default (`private` for the UTS namespace) where Docker reports ''."""
    return lambda current, expected, doc: expected if current == reported and not expected else current


def podman_ulimits(current, expected, doc):
    """Podman names ulimits RLIMIT_NOFILE and adds its defaults (nproc ...): keep the ones asked for, by their names."""
    asked = set(item['Name'] for item in expected or [])
    renamed = [dict(item, Name=item['Name'].lower().replace('rlimit_', '', 1)) for item in current or []]
    return [item for item in renamed if item['Name'] in asked]


# -- env_file, device requests, kernel memory ---------------------------------------------------

def env_take(params):
    """env_file's variables, then env's (env wins), like docker run --env-file F -e ..."""
    if params.get('env_file') is None:
        return params.get('env')
    try:
        with open(params['env_file']) as handle:
            merged = env_file('env_file', handle.read())
    except (IOError, OSError) as exc:
        raise SpecError('env_file', params['env_file'], 'a readable file on the managed node (%s)' % exc)
    merged.update(params.get('env') or {})
    return merged


def device_requests_take(params):
    if params.get('device_requests') is None and params.get('gpus') is None:
        return None
    return params.get('device_requests') or [], params.get('gpus')


def device_requests_parse(option, value):
    requests, gpu = value
    return device_requests(option, requests) + ([gpus('gpus', gpu)] if gpu else [])
