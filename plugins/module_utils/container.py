# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Containers: desired spec, comparison with inspect, and the plan that converges them.

Used by the `container` module (one container) and the `containers` module (a set).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import signal
import time

from ansible_collections.dockyard.docker.plugins.module_utils.client import CONTAINER_WAIT_TIMEOUT, DockerError
from ansible_collections.dockyard.docker.plugins.module_utils import container_options as opts
from ansible_collections.dockyard.docker.plugins.module_utils.image_ref import (
    normalize_reference,
    pull_image,
)
from ansible_collections.dockyard.docker.plugins.module_utils.registry import holds_digest, registry_digest
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import parse_ip, subnet_contains
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import bindings_match
from ansible_collections.dockyard.docker.plugins.module_utils.state import (
    NameTaken,
    Plan,
    TaskFailed,
    converge,
    wrap,
)
from ansible_collections.dockyard.docker.plugins.module_utils.streams import output_lines

NAME_RACE_ATTEMPTS = 5
# Options that may name another container as container:NAME; the daemon stores container:ID.
JOINED_MODES = ('pid_mode', 'ipc_mode')
STATES = ['present', 'started', 'stopped', 'restarted', 'absent']
# Podman stores these in Config.Env on its own (the user's home, the container's host name,
# container=podman).
ENGINE_FILLED_ENV = frozenset(['HOME', 'HOSTNAME', 'container'])
CPU_PERIOD = 100000  # microseconds, the kernel's and the CLI's default


def container_argument_spec():
    spec = dict(
        name=dict(type='str', required=True),
        image=dict(type='str'),
        state=dict(type='str', default='started', choices=STATES),
        detach=dict(type='bool', default=True),
        cleanup=dict(type='bool', default=False),
        expected_rc=dict(type='list', elements='int', default=[0]),
        pull=dict(type='str', default='missing', choices=['missing', 'always', 'never']),
        platform=dict(type='str'),
        recreate=dict(type='bool', default=False),
        force_kill=dict(type='bool', default=False),
        kill_signal=dict(type='str'),
        keep_volumes=dict(type='bool', default=True),
    )
    spec.update(opts.options_argument_spec())
    return spec


def static_addresses(endpoint, reported_if_unknown=False):
    """(IPv4, IPv6) an endpoint (NetworkSettings.Networks[name]) was given as static addresses.

    Podman never reports IPAMConfig, so whether an address was asked for is unknown there;
    with reported_if_unknown the addresses it has stand in (they are what was asked for, if
    anything was)."""
    ipam = endpoint.get('IPAMConfig')
    if ipam is None and reported_if_unknown:
        return endpoint.get('IPAddress') or None, endpoint.get('GlobalIPv6Address') or None
    ipam = ipam or {}
    return ipam.get('IPv4Address') or None, ipam.get('IPv6Address') or None


class NetworkAttachment:

    def __init__(self, name, aliases=None, ipv4_address=None, ipv6_address=None, links=None):
        self.name = name
        self.aliases = sorted(set(aliases or []))
        self.ipv4_address = ipv4_address
        self.ipv6_address = ipv6_address
        self.links = [policies.link('networks.links', item) for item in links or []]

    def endpoint_config(self):
        config = {}
        if self.aliases:
            config['Aliases'] = list(self.aliases)
        if self.ipv4_address or self.ipv6_address:
            config['IPAMConfig'] = dict((key, value) for key, value in (
                ('IPv4Address', self.ipv4_address), ('IPv6Address', self.ipv6_address)) if value)
        if self.links:
            config['Links'] = ['%s:%s' % pair for pair in self.links]
        return config

    def matches(self, actual):
        """actual is NetworkSettings.Networks[name]; docker adds the short id as an alias."""
        ipv4, ipv6 = static_addresses(actual, reported_if_unknown=True)
        if self.ipv4_address and ipv4 != self.ipv4_address:
            return False
        if self.ipv6_address and ipv6 != self.ipv6_address:
            return False
        if not set(self.aliases) <= set(actual.get('Aliases') or []):
            return False
        return not self.links or opts.normalize_links(actual.get('Links')) == sorted(self.links)

    def summary(self):
        return dict((key, value) for key, value in vars(self).items() if value)


def parse_networks(value):
    attachments = []
    for entry in value or []:
        if isinstance(entry, str):
            entry = {'name': entry}
        if not isinstance(entry, dict) or not entry.get('name'):
            raise SpecError('networks', entry, 'each entry is a network name or a dict with name, aliases, '
                                               'ipv4_address, ipv6_address, links')
        unknown = set(entry) - {'name', 'aliases', 'ipv4_address', 'ipv6_address', 'links'}
        if unknown:
            raise SpecError('networks', entry, 'unknown keys %s; accepted are name, aliases, ipv4_address, '
                                               'ipv6_address, links' % ', '.join(sorted(unknown)))
        ipv4 = parse_ip('networks.ipv4_address', entry['ipv4_address']) if entry.get('ipv4_address') else None
        if ipv4 and ':' in ipv4:
            raise SpecError('networks.ipv4_address', ipv4, 'give an IPv4 address')
        ipv6 = parse_ip('networks.ipv6_address', entry['ipv6_address']) if entry.get('ipv6_address') else None
        attachments.append(NetworkAttachment(entry['name'], entry.get('aliases'), ipv4, ipv6, entry.get('links')))
    return attachments


class ContainerSpec:
    """The validated desired state of one container; built without touching the daemon."""

    def __init__(self, params, extra_labels=None):
        self.name = params['name']
        self.state = params.get('state') or 'started'
        self.detach = params.get('detach', True)
        self.image = normalize_reference('image', params['image']) if params.get('image') else None
        self.pull = params.get('pull') or 'missing'
        self.platform = params.get('platform')
        self.recreate = params.get('recreate', False)
        self.cleanup = params.get('cleanup', False)
        self.expected_rc = params.get('expected_rc') or [0]
        self.force_kill = params.get('force_kill', False)
        self.kill_signal = params.get('kill_signal')
        self.keep_volumes = params.get('keep_volumes', True)
        self.values = opts.convert_simple_options(params)
        self.unconfined_paths = self._take_systempaths_option()
        self.env = opts._env('env', params['env']) if params.get('env') is not None else None
        labels = policies.labels('labels', params.get('labels'))
        if extra_labels:
            labels = dict(labels or {}, **extra_labels)
        self.labels = labels
        self.volumes = opts.volume_specs(params)
        self.published = opts.published_port_bindings(params) if params.get('published_ports') is not None else None
        self.exposed = opts.exposed_port_keys(params) if params.get('exposed_ports') is not None else None
        self.links = ([policies.link('links', item) for item in params['links']]
                      if params.get('links') is not None else None)
        self.network_mode = params.get('network_mode')
        self.networks = parse_networks(params.get('networks')) if params.get('networks') is not None else None
        self.purge_networks = params.get('purge_networks', False)
        self.restart = policies.restart_policy(params.get('restart_policy'), params.get('restart_retries'))
        self.log_driver = params.get('log_driver')
        self.log_options = policies.option_names('log_options', params.get('log_options'))
        self._check_combinations()

    def _take_systempaths_option(self):
        """The CLI's 'systempaths=unconfined' is no daemon option: it means empty MaskedPaths and ReadonlyPaths."""
        security_opts = self.values.get('security_opts')
        if not security_opts or 'systempaths=unconfined' not in security_opts:
            return False
        self.values['security_opts'] = [item for item in security_opts if item != 'systempaths=unconfined']
        return True

    def _check_combinations(self):
        if not self.detach and self.state not in ('started',):
            raise SpecError('detach', False, 'a one-shot run (detach: false) needs state: started, not %s'
                            % self.state)
        if self.networks and self.network_mode in ('host', 'none'):
            raise SpecError('networks', [n.name for n in self.networks],
                            'a container with network_mode: %s cannot join networks' % self.network_mode)
        if self.networks and self.network_mode and not self.network_mode.startswith('container:') \
                and self.network_mode not in [n.name for n in self.networks] + ['bridge', 'default']:
            raise SpecError('network_mode', self.network_mode,
                            'with networks, network_mode must be one of the listed networks (or leave it unset)')

    # -- create ---------------------------------------------------------------------------------

    def create_body(self, preserved_volumes=None):
        body = {'Image': self.image, 'Labels': self.labels or {}}
        host_config = {}
        for name, value in self.values.items():
            if name == 'command' and value == []:
                continue  # the image's CMD: left out, the daemon fills it in
            section, key = opts.OPTIONS_BY_NAME[name].path
            (body if section == 'Config' else host_config)[key] = value
        if self.env:
            body['Env'] = ['%s=%s' % item for item in sorted(self.env.items())]
        exposed = set(self.exposed or []) | set(self.published or {})
        if exposed:
            body['ExposedPorts'] = dict((port, {}) for port in sorted(exposed))
        if self.published:
            host_config['PortBindings'] = self.published
        binds = [volume.bind() for volume in self.volumes if volume.kind != 'anonymous']
        anonymous = [volume.target for volume in self.volumes if volume.kind == 'anonymous']
        for target, volume_name in sorted((preserved_volumes or {}).items()):
            binds.append('%s:%s' % (volume_name, target))
        if binds:
            host_config['Binds'] = binds
        if anonymous:
            body['Volumes'] = dict((target, {}) for target in anonymous)
        if self.links:
            host_config['Links'] = ['%s:%s' % pair for pair in self.links]
        if self.restart:
            host_config['RestartPolicy'] = self.restart
        if self.unconfined_paths:
            host_config['MaskedPaths'] = []
            host_config['ReadonlyPaths'] = []
        if self.log_driver or self.log_options:
            host_config['LogConfig'] = {'Type': self.log_driver or '', 'Config': self.log_options or {}}
        network_mode = self.network_mode or (self.networks[0].name if self.networks else None)
        if network_mode:
            host_config['NetworkMode'] = network_mode
        if self.networks and not self.network_mode_is_special(network_mode):
            first = [n for n in self.networks if n.name == network_mode] or self.networks[:1]
            body['NetworkingConfig'] = {'EndpointsConfig': {first[0].name: first[0].endpoint_config()}}
        body['HostConfig'] = host_config
        return body

    @staticmethod
    def network_mode_is_special(mode):
        return mode in ('host', 'none') or (mode or '').startswith('container:')

    # -- compare --------------------------------------------------------------------------------

    def joined_modes(self):
        """(option, 'container:NAME') for each namespace this container shares with another container."""
        modes = [(name, self.values.get(name)) for name in JOINED_MODES] + [('network_mode', self.network_mode)]
        return [(option, mode) for option, mode in modes if _joined_container(mode)]

    def differences(self, actual, image, container_ids=None, is_podman=lambda: False):
        """Return [(option, actual_value, desired_value)] for options that differ.

        container_ids maps the names in container:NAME modes to IDs, as the daemon stores them.
        is_podman() says whether the engine is Podman, which reports some values otherwise than
        Docker (PODMAN_READ_BACK, ENGINE_FILLED_ENV); it is asked only when there is a difference.
        """
        config = actual.get('Config') or {}
        host = actual.get('HostConfig') or {}
        image_config = (image or {}).get('Config') or {}
        container_ids = container_ids or {}
        found = []
        for name, desired in self.values.items():
            option = opts.OPTIONS_BY_NAME[name]
            current = self._comparable(name, opts.dig(actual, option.path), container_ids)
            expected = self._expected(name, desired, image_config, container_ids)
            if opts.values_equal(option.compare, expected, current):
                continue
            # Asked only on a difference, so a Docker no-op costs no extra request.
            if name in PODMAN_READ_BACK and is_podman() and \
                    opts.values_equal(option.compare, expected, PODMAN_READ_BACK[name](current, expected)):
                continue
            found.append((name, current, desired))
        if self.env is not None:
            expected = dict(opts.parse_env_list(image_config.get('Env')), **self.env)
            current = self._without_engine_env(opts.parse_env_list(config.get('Env')), expected, config,
                                               is_podman)
            if expected != current:
                found.append(('env', current, expected))
        if self.labels is not None:
            expected = dict(image_config.get('Labels') or {}, **self.labels)
            current = config.get('Labels') or {}
            if expected != current:
                found.append(('labels', current, expected))
        if self.exposed is not None:
            expected = sorted(set(self.exposed) | set(self.published or {}) | set(image_config.get('ExposedPorts') or {}))
            current = sorted(config.get('ExposedPorts') or {})
            if expected != current:
                found.append(('exposed_ports', current, expected))
        if self.published is not None and not bindings_match(self.published, host.get('PortBindings')):
            found.append(('published_ports', opts.normalize_port_bindings(host.get('PortBindings')),
                          opts.normalize_port_bindings(self.published)))
        if self.volumes:
            found.extend(self._volume_differences(actual, image_config))
        if self.links is not None:
            current = opts.normalize_links(host.get('Links'))
            if sorted(self.links) != current:
                found.append(('links', current, sorted(self.links)))
        if self.restart is not None:
            current = opts.normalize_restart(host.get('RestartPolicy'))
            if opts.normalize_restart(self.restart) != current:
                found.append(('restart_policy', current, opts.normalize_restart(self.restart)))
        found.extend(self._log_differences(host, is_podman))
        found.extend(self._systempaths_differences(host, is_podman))
        if self.network_mode:
            current = host.get('NetworkMode')
            if _network_mode(_resolved_mode(self.network_mode, container_ids)) != \
                    _network_mode(_resolved_mode(current, container_ids)):
                found.append(('network_mode', current, self.network_mode))
        return found

    def _expected(self, name, desired, image_config, container_ids):
        """What the daemon would show for the task's value."""
        if name == 'command' and desired == [] and not self.values.get('entrypoint'):
            # command: [] means the image's CMD, as in community.docker; with an entrypoint of
            # its own the daemon keeps CMD empty instead.
            return image_config.get('Cmd') or []
        if name in JOINED_MODES:
            return _resolved_mode(desired, container_ids)
        return desired

    @staticmethod
    def _comparable(name, current, container_ids):
        if name in ('capabilities', 'cap_drop') and current:
            return sorted(opts._capability(item) for item in current)
        if name in JOINED_MODES:
            # An engine that keeps the name is compared the same way.
            return _resolved_mode(current, container_ids)
        return current

    @staticmethod
    def _without_engine_env(current, expected, config, is_podman):
        extra = set(current) - set(expected)
        if not extra or not extra <= ENGINE_FILLED_ENV or not is_podman():
            return current
        kept = dict(current)
        for key in extra:
            if key != 'HOSTNAME' or kept[key] == config.get('Hostname'):
                kept.pop(key)
        return kept

    def _volume_differences(self, actual, image_config):
        config, host = actual.get('Config') or {}, actual.get('HostConfig') or {}
        anonymous = set(v.target for v in self.volumes if v.kind == 'anonymous')
        expected_binds = sorted(normalize_bind(v.bind()) for v in self.volumes if v.kind != 'anonymous')
        # Anonymous volumes carried over from a recreated container show up as binds of their hex
        # names (Podman reports every anonymous volume so).
        current_binds = sorted(normalize_bind(bind) for bind in host.get('Binds') or []
                               if not _is_preserved_anonymous(bind, anonymous | set(image_config.get('Volumes') or {})))
        found = []
        if expected_binds != current_binds:
            found.append(('volumes', current_binds, expected_binds))
        expected_anonymous = sorted(anonymous | set(image_config.get('Volumes') or {}))
        # Podman leaves Config.Volumes empty; its mounts say which volumes are anonymous.
        current_anonymous = sorted(set(config.get('Volumes') or {}) | set(
            mount.get('Destination') for mount in actual.get('Mounts') or []
            if mount.get('Type') == 'volume' and opts.is_anonymous_volume_name(mount.get('Name') or '')))
        if not set(expected_anonymous) <= set(current_anonymous):
            found.append(('volumes', current_anonymous, expected_anonymous))
        return found

    def _systempaths_differences(self, host, is_podman):
        if 'security_opts' not in self.values:
            return []
        if host.get('MaskedPaths') is None and is_podman():
            return []  # Podman does not report masked paths: nothing to compare with
        unconfined = host.get('MaskedPaths') == [] and not host.get('Privileged')
        if self.unconfined_paths == unconfined:
            return []
        return [('security_opts', 'systempaths=unconfined' if unconfined else 'system paths masked',
                 'systempaths=unconfined' if self.unconfined_paths else 'system paths masked')]

    def _log_differences(self, host, is_podman):
        log_config = host.get('LogConfig') or {}
        found = []
        if self.log_driver and self.log_driver != log_config.get('Type'):
            found.append(('log_driver', log_config.get('Type'), self.log_driver))
        if self.log_options is not None and self.log_options != (log_config.get('Config') or {}):
            # Podman reports no log options at all (Config: null): nothing to compare with.
            if not (log_config.get('Config') is None and is_podman()):
                found.append(('log_options', log_config.get('Config') or {}, self.log_options))
        return found

    def in_place_updates(self, differences):
        """The /containers/update body when every difference can be applied in place, else None."""
        body = {}
        for name, _current, desired in differences:
            if name == 'restart_policy':
                body['RestartPolicy'] = desired
                continue
            option = opts.OPTIONS_BY_NAME.get(name)
            if option is None or option.update is None:
                return None
            body[option.update] = desired
        if 'Memory' in body and body['Memory']:
            # Keep the daemon's create-time default (swap = 2 x memory) so lowering or raising memory works.
            body['MemorySwap'] = body['Memory'] * 2
        return body


def _network_mode(mode):
    return 'bridge' if mode in (None, '', 'default') else mode


# Bind options Podman reports though nobody asked for them (its defaults); Docker reports none.
ENGINE_DEFAULT_BIND_OPTIONS = frozenset(['rw', 'rprivate', 'rbind', 'nosuid', 'nodev', 'exec'])


def normalize_bind(bind):
    """'src:/dst:rprivate,rw,rbind' -> 'src:/dst'; 'src:/dst:ro,Z' -> 'src:/dst:Z,ro' (default options out)."""
    parts = bind.split(':')
    if len(parts) < 3:
        return bind
    options = sorted(set(parts[2].split(',')) - ENGINE_DEFAULT_BIND_OPTIONS)
    return ':'.join(parts[:2] + ([','.join(options)] if options else []))


def _joined_container(mode):
    """NAME of a 'container:NAME' namespace mode, else None."""
    text = mode or ''
    return text[len('container:'):] if text.startswith('container:') else None


def _resolved_mode(mode, container_ids):
    """container:NAME as the daemon stores it (container:ID); any other mode unchanged."""
    joined = _joined_container(mode)
    return mode if joined is None else 'container:%s' % container_ids.get(joined, joined)


def _podman_signal(current, expected):
    """Podman reports the stop signal by number ('15' for SIGTERM)."""
    try:
        return signal.Signals(int(current)).name if str(current).isdigit() else current
    except ValueError:
        return current


def _podman_tmpfs(current, expected):
    """Podman adds its default mount options to each tmpfs mount."""
    kept = {}
    for path, options in (current or {}).items():
        wanted = set(((expected or {}).get(path) or '').split(','))
        kept[path] = ','.join(o for o in options.split(',') if o not in PODMAN_TMPFS_DEFAULTS or o in wanted)
    return kept


def _podman_devices(current, expected):
    """Podman reports empty cgroup permissions: the ones asked for stand in."""
    asked = dict(((d['PathOnHost'], d['PathInContainer']), d['CgroupPermissions']) for d in expected or [])
    return [dict(d, CgroupPermissions=d.get('CgroupPermissions') or asked.get((d['PathOnHost'], d['PathInContainer']), ''))
            for d in current or []]


def _podman_cap_drop(current, expected):
    """Podman reports no dropped capabilities (CapDrop is always empty)."""
    return expected if not current else current


PODMAN_TMPFS_DEFAULTS = frozenset(['rprivate', 'nosuid', 'nodev', 'tmpcopyup'])
# Options whose value Podman reports otherwise than Docker, and how to read it back.
PODMAN_READ_BACK = {'stop_signal': _podman_signal, 'tmpfs': _podman_tmpfs, 'devices': _podman_devices,
                    'cap_drop': _podman_cap_drop}


def _is_preserved_anonymous(bind, targets):
    source, _sep, rest = bind.partition(':')
    target = rest.split(':', 1)[0]
    return opts.is_anonymous_volume_name(source) and target in targets


def running_state(actual):
    if actual is None:
        return 'absent'
    status = (actual.get('State') or {})
    return 'started' if status.get('Running') else 'stopped'


class ContainerDriver:
    """Reads one container, plans its convergence and carries the plan out."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.actual = None
        self.image = None
        self.network_info = {}
        self.run_output = None
        self.newer_in_registry = False
        self.container_ids = {}  # container:NAME modes: name -> ID
        self.created_alongside = set()  # names the same task creates (the containers module's definitions)

    # -- read ---------------------------------------------------------------------------------

    def read(self):
        self.actual = wrap('inspect container %s' % self.spec.name, self.client.inspect, 'containers', self.spec.name)
        if self.spec.state != 'absent':
            self.container_ids = self._read_joined_containers()
        return self.actual

    def _read_joined_containers(self):
        """IDs of the containers named in container:NAME modes, of the task and of the container as it is."""
        ids = {}
        for option, mode in self.spec.joined_modes():
            name = _joined_container(mode)
            joined = wrap('inspect container %s' % name, self.client.inspect, 'containers', name)
            if joined is None and name not in self.created_alongside:
                raise TaskFailed("%s: container '%s' does not exist; create it first" % (option, name))
            ids[name] = joined['Id'] if joined else name
        host = (self.actual or {}).get('HostConfig') or {}
        for mode in (host.get('PidMode'), host.get('IpcMode'), host.get('NetworkMode')):
            name = _joined_container(mode)
            if name and name not in ids:
                joined = wrap('inspect container %s' % name, self.client.inspect, 'containers', name)
                ids[name] = joined['Id'] if joined else name
        return ids

    def read_image(self, check_mode):
        spec = self.spec
        if not spec.image:
            return None
        image = wrap('inspect image %s' % spec.image, self.client.inspect, 'images', spec.image)
        if image is None and spec.pull == 'never':
            raise TaskFailed('image: %s is not present on the host and pull is never; pull or build it first'
                             % spec.image)
        if (image is None or spec.pull == 'always') and not check_mode:
            image = wrap('pull image %s' % spec.image, pull_image, self.client, spec.image, spec.platform)
        elif image is not None and spec.pull == 'always':
            # Check mode must not pull: ask the registry whether a pull would bring another image.
            digest = registry_digest(self.client, spec.image)
            self.newer_in_registry = digest is not None and not holds_digest(image, digest)
        self.image = image
        return image

    def read_networks(self):
        """Check listed networks exist and requested addresses lie in their subnets."""
        for attachment in self.spec.networks or []:
            network = wrap('inspect network %s' % attachment.name, self.client.inspect, 'networks', attachment.name)
            if network is None:
                raise TaskFailed("networks: network '%s' does not exist; create it first with dockyard.docker.network"
                                 % attachment.name)
            subnets = [entry.get('Subnet') for entry in (network.get('IPAM') or {}).get('Config') or []
                       if entry.get('Subnet')]
            for address in (attachment.ipv4_address, attachment.ipv6_address):
                if address and subnets and not any(_contains(subnet, address) for subnet in subnets):
                    raise SpecError('networks.ipv4_address' if '.' in address else 'networks.ipv6_address',
                                    address, "it must lie inside network %s's subnets %s"
                                    % (attachment.name, ', '.join(subnets)))
            self.network_info[attachment.name] = network

    # -- plan ---------------------------------------------------------------------------------

    def plan(self, check_mode=False):
        spec = self.spec
        actual = self.actual
        current_state = running_state(actual)
        plan = Plan()
        if spec.state == 'absent':
            if actual is not None:
                self._plan_remove(plan, actual)
            plan.before, plan.after = {'state': current_state}, {'state': 'absent'}
            return plan
        if actual is None and not spec.image:
            raise TaskFailed('image: required to create container %s, which does not exist' % spec.name)
        differences, recreate_reason = [], None
        if actual is not None:
            differences = spec.differences(actual, self.image, self.container_ids, self.client.is_podman)
            recreate_reason = self._recreate_reason(actual, differences)
            if recreate_reason and not spec.image:
                # Fail before stopping anything: the new container could not be created.
                raise TaskFailed('image: required to recreate container %s (%s); set image'
                                 % (spec.name, recreate_reason))
        target_state = self._target_state(current_state)
        if actual is None:
            self._plan_create(plan, start=target_state == 'started')
        elif recreate_reason:
            self._plan_recreate(plan, actual, start=target_state == 'started', reason=recreate_reason)
        else:
            if differences:
                self._plan_update(plan, actual, differences)
            self._plan_networks(plan, actual)
            self._plan_run_state(plan, actual, current_state, target_state)
        if not spec.detach:
            self._plan_one_shot(plan)
        plan.before = dict(((name, before) for name, before, _after in differences), state=current_state)
        plan.after = dict(((name, after) for name, _before, after in differences),
                          state=target_state if spec.detach else self._state_after_run())
        if recreate_reason:
            plan.after['recreated'] = recreate_reason
        return plan

    def _state_after_run(self):
        gone = self.spec.cleanup or self.spec.values.get('auto_remove')
        return 'absent' if gone else 'stopped'

    def _target_state(self, current_state):
        state = self.spec.state
        if state in ('started', 'restarted'):
            return 'started'
        if state == 'stopped':
            return 'stopped'
        return current_state if current_state != 'absent' else 'stopped'

    def _recreate_reason(self, actual, differences):
        spec = self.spec
        if spec.recreate:
            return 'recreate requested'
        if not spec.detach:
            return 'a one-shot run starts from a fresh container'
        if spec.image and self.image and (actual.get('Image') != self.image.get('Id') or self.newer_in_registry):
            return 'image %s has a new ID' % spec.image
        if spec.image and self.image is None:
            return 'image %s would be pulled' % spec.image
        if differences and spec.in_place_updates(differences) is None:
            return 'changed: %s' % ', '.join(sorted(set(name for name, _b, _a in differences)))
        return None

    def _plan_create(self, plan, start, preserved=None):
        spec = self.spec
        holder = {}

        def create():
            holder['id'] = self._create(preserved)

        def undo():
            self._remove(holder.get('id') or spec.name, force=True)

        plan.add('create', 'create container %s from %s' % (spec.name, spec.image), create, undo)
        if start and spec.detach:
            plan.add('start', 'start container %s' % spec.name, lambda: self._start(spec.name))
        return holder

    def _create(self, preserved):
        spec = self.spec
        body = spec.create_body(preserved)
        try:
            created = self.client.post('/containers/create', query={'name': spec.name}, body=body)
        except DockerError as exc:
            if exc.conflict:
                raise NameTaken('Failed to create container %s: the name was taken meanwhile by another '
                                'container (%s); rerun the task to converge it' % (spec.name, exc.reason))
            raise
        try:
            self._connect_extra_networks(created['Id'], body)
        except DockerError:
            self._remove(created['Id'], force=True)
            raise
        return created['Id']

    def _connect_extra_networks(self, container_id, body):
        spec = self.spec
        attached = body.get('NetworkingConfig', {}).get('EndpointsConfig', {})
        for attachment in spec.networks or []:
            if attachment.name not in attached and not spec.network_mode_is_special(spec.network_mode):
                self.client.post('/networks/{}/connect', attachment.name,
                                 body={'Container': container_id, 'EndpointConfig': attachment.endpoint_config()})

    def _plan_recreate(self, plan, actual, start, reason):
        spec = self.spec
        old_id = actual['Id']
        was_running = running_state(actual) == 'started'
        parking_name = '%s_dockyard_old_%s' % (spec.name, old_id[:12])
        preserved = self._preserved_volumes(actual) if spec.keep_volumes else {}
        if was_running:
            plan.add('stop', 'stop container %s (%s)' % (spec.name, reason), lambda: self._stop(old_id),
                     lambda: self._start(old_id))
        plan.add('rename', 'set container %s aside as %s' % (spec.name, parking_name),
                 lambda: self.client.post('/containers/{}/rename', old_id, query={'name': parking_name}),
                 lambda: self.client.post('/containers/{}/rename', old_id, query={'name': spec.name}))
        self._plan_create(plan, start=False, preserved=preserved)
        plan.add('remove', 'remove the old container %s' % parking_name,
                 lambda: self._remove(old_id, force=True, volumes=not spec.keep_volumes))
        if start and spec.detach:
            plan.add('start', 'start container %s' % spec.name, lambda: self._start(spec.name))

    def _preserved_volumes(self, actual):
        """Anonymous volumes of the old container, by target, so their data survives a recreate."""
        wanted = set(v.target for v in self.spec.volumes if v.kind == 'anonymous')
        wanted |= set(((self.image or {}).get('Config') or {}).get('Volumes') or {})
        preserved = {}
        for mount in actual.get('Mounts') or []:
            if mount.get('Type') == 'volume' and opts.is_anonymous_volume_name(mount.get('Name')) \
                    and mount.get('Destination') in wanted:
                preserved[mount['Destination']] = mount['Name']
        return preserved

    def _plan_update(self, plan, actual, differences):
        body = self.spec.in_place_updates(differences)
        names = ', '.join(sorted(name for name, _b, _a in differences))
        plan.add('update', 'update %s of container %s in place' % (names, self.spec.name),
                 lambda: self.client.post('/containers/{}/update', actual['Id'], body=self._engine_update(body)))

    def _engine_update(self, body):
        """Podman's update takes the CPU limit as quota and period only (it ignores NanoCpus)."""
        if 'NanoCpus' not in body or not self.client.is_podman():
            return body
        body = dict(body)
        nano_cpus = body.pop('NanoCpus')
        body.update(CpuPeriod=CPU_PERIOD, CpuQuota=nano_cpus * CPU_PERIOD // 10 ** 9)
        return body

    def _plan_networks(self, plan, actual):
        spec = self.spec
        if spec.networks is None or spec.network_mode_is_special(spec.network_mode):
            return
        connected = (actual.get('NetworkSettings') or {}).get('Networks') or {}
        wanted = dict((n.name, n) for n in spec.networks)
        for attachment in spec.networks:
            current = connected.get(attachment.name)
            if current is not None and attachment.matches(current):
                continue
            if current is not None:
                plan.add('disconnect', 'disconnect container %s from network %s to change its settings'
                         % (spec.name, attachment.name), self._disconnect_call(actual['Id'], attachment.name))
            plan.add('connect', 'connect container %s to network %s' % (spec.name, attachment.name),
                     self._connect_call(actual['Id'], attachment))
        if spec.purge_networks:
            for network_name in sorted(connected):
                if network_name not in wanted:
                    plan.add('disconnect', 'disconnect container %s from network %s' % (spec.name, network_name),
                             self._disconnect_call(actual['Id'], network_name))

    def _connect_call(self, container_id, attachment):
        return lambda: self.client.post('/networks/{}/connect', attachment.name,
                                        body={'Container': container_id,
                                              'EndpointConfig': attachment.endpoint_config()})

    def _disconnect_call(self, container_id, network_name):
        return lambda: self.client.post('/networks/{}/disconnect', network_name,
                                        body={'Container': container_id, 'Force': True})

    def _plan_run_state(self, plan, actual, current_state, target_state):
        spec = self.spec
        if spec.state == 'restarted':
            plan.add('restart', 'restart container %s' % spec.name, lambda: self._restart(actual['Id']))
        elif target_state == 'started' and current_state != 'started' and spec.detach:
            plan.add('start', 'start container %s' % spec.name, lambda: self._start(actual['Id']))
        elif target_state == 'stopped' and current_state == 'started':
            verb = 'kill' if spec.force_kill else 'stop'
            plan.add(verb, '%s container %s' % (verb, spec.name), lambda: self._stop(actual['Id']))

    def _plan_remove(self, plan, actual):
        spec = self.spec
        if running_state(actual) == 'started':
            verb = 'kill' if spec.force_kill else 'stop'
            plan.add(verb, '%s container %s' % (verb, spec.name), lambda: self._stop(actual['Id']))
        plan.add('remove', 'remove container %s' % spec.name,
                 lambda: self._remove(actual['Id'], force=True, volumes=not spec.keep_volumes))

    def _plan_one_shot(self, plan):
        spec = self.spec
        plan.add('run', 'run container %s to completion' % spec.name, self._run_to_completion)

    # -- actions --------------------------------------------------------------------------------

    def _start(self, ident):
        self.client.post('/containers/{}/start', ident, ok_statuses=(304,))

    def _stop(self, ident):
        spec = self.spec
        if spec.force_kill:
            try:
                self.client.post('/containers/{}/kill', ident, query={'signal': spec.kill_signal or 'KILL'})
            except DockerError as exc:
                if not exc.conflict:  # already stopped
                    raise
                return
            self._wait_until_stopped(ident)
            return
        timeout = spec.values.get('stop_timeout')
        wait = (timeout if timeout is not None else 10) + self.client.timeout
        self.client.post('/containers/{}/stop', ident, query={'t': timeout}, ok_statuses=(304,), timeout=wait)

    def _wait_until_stopped(self, ident):
        """docker kill only delivers the signal; state: stopped promises a stopped container."""
        timeout = self.spec.values.get('stop_timeout')
        deadline = time.monotonic() + (timeout if timeout is not None else 10)
        while running_state(self.client.inspect('containers', ident)) == 'started':
            if time.monotonic() > deadline:
                raise TaskFailed('container %s still runs after signal %s; give a kill_signal that ends it, '
                                 'or leave kill_signal out for KILL' % (self.spec.name, self.spec.kill_signal))
            time.sleep(0.1)

    def _restart(self, ident):
        timeout = self.spec.values.get('stop_timeout')
        wait = (timeout if timeout is not None else 10) + self.client.timeout
        self.client.post('/containers/{}/restart', ident, query={'t': timeout}, timeout=wait)

    def _remove(self, ident, force=False, volumes=False):
        try:
            self.client.delete('/containers/{}', ident, query={'force': force, 'v': volumes})
        except DockerError as exc:
            if not exc.not_found:
                raise

    def _run_to_completion(self):
        """Attach to the output and wait for the exit before the start, as docker run does.

        A container with auto_remove is gone when it exits: it leaves no logs to read and no
        state to wait for, and the log driver may keep none anyway.
        """
        spec = self.spec
        sock, received = self.client.hijack('POST', '/containers/{}/attach', spec.name,
                                            query={'stream': True, 'stdout': True, 'stderr': True},
                                            timeout=CONTAINER_WAIT_TIMEOUT)
        try:
            condition = 'removed' if spec.values.get('auto_remove') else 'next-exit'
            exit_status = self.client.send_request('POST', '/containers/{}/wait', spec.name,
                                                   query={'condition': condition},
                                                   timeout=CONTAINER_WAIT_TIMEOUT)
        except Exception:
            sock.close()
            raise
        try:
            self._start(spec.name)
        except Exception:
            sock.close()
            exit_status.close()
            raise
        raw = self.client.read_hijacked(sock, received)
        status = exit_status.read()
        self.run_output = {'rc': (status or {}).get('StatusCode'),
                           'output': output_lines(raw, multiplexed=not spec.values.get('tty'))}
        if spec.cleanup:
            self._remove(spec.name, force=True)

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        result = {}
        if self.run_output is not None:
            result.update(self.run_output)
            if self.run_output['rc'] not in self.spec.expected_rc:
                raise TaskFailed('container %s exited with rc %s (expected %s)'
                                 % (self.spec.name, self.run_output['rc'],
                                    ', '.join(str(rc) for rc in self.spec.expected_rc)),
                                 **self.run_output)
            # An accepted non-zero rc is success; without failed=False Ansible would mark it failed.
            result['failed'] = False
        if self.spec.state != 'absent' and not check_mode and not (self.run_output and self.spec.cleanup):
            result['container'] = self.client.inspect('containers', self.spec.name) or {}
        elif check_mode:
            result['container'] = self.actual or {}
        else:
            result['container'] = {}
        return result


def _contains(subnet, address):
    try:
        return subnet_contains(subnet, address)
    except ValueError:
        return True


def run_container(module, client_factory, check_mode):
    """The `container` module's task: validate, read, plan, apply, report."""
    spec = ContainerSpec(module.params)
    client = client_factory(module.params)
    driver = ContainerDriver(client, spec)
    if spec.state != 'absent':
        driver.read_image(check_mode)
        driver.read_networks()
    for attempt in range(1, NAME_RACE_ATTEMPTS + 1):
        driver.read()
        plan = driver.plan(check_mode)
        try:
            converge(module, plan, lambda: driver.result(check_mode))
        except NameTaken:
            # Another client took the name between our read and our create. The daemon reserves a
            # name before the container can be inspected, so give it a moment, then read and plan again.
            if attempt == NAME_RACE_ATTEMPTS:
                raise
            time.sleep(0.2 * attempt)
