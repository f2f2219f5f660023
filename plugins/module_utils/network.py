# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Networks: desired spec, comparison with inspect, and the plan that converges them.

Every property of a Docker network is fixed at creation, so any difference
recreates it. Unlike community.docker's docker_network, the containers that were
attached are reconnected afterwards with their aliases, static addresses and links.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress

from ansible_collections.dockyard.docker.plugins.module_utils.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.container import NetworkAttachment, static_addresses
from ansible_collections.dockyard.docker.plugins.module_utils.container_options import normalize_links
from ansible_collections.dockyard.docker.plugins.module_utils.resource_info import run_info
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import (
    parse_cidr,
    parse_ip,
    subnet_contains,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.state import Plan, TaskFailed, run_driver, wrap

IPAM_KEYS = ('subnet', 'gateway', 'ip_range', 'aux_addresses')
CONNECTED_KEYS = ('container', 'aliases', 'ipv4_address', 'ipv6_address', 'links')
# Option name -> (inspect path, value when the daemon leaves it out)
FLAGS = (
    ('driver', ('Driver',), 'bridge'),
    ('internal', ('Internal',), False),
    ('attachable', ('Attachable',), False),
    ('enable_ipv6', ('EnableIPv6',), False),
    ('ingress', ('Ingress',), False),
    ('config_only', ('ConfigOnly',), False),
    ('config_from', ('ConfigFrom', 'Network'), ''),
    ('scope', ('Scope',), 'local'),
    ('labels', ('Labels',), {}),
    ('ipam_driver', ('IPAM', 'Driver'), 'default'),
    ('ipam_options', ('IPAM', 'Options'), {}),
)


def network_argument_spec():
    ipam_entry = dict(
        subnet=dict(type='str', required=True),
        gateway=dict(type='str'),
        ip_range=dict(type='str'),
        aux_addresses=dict(type='dict'),
    )
    return dict(
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        driver=dict(type='str'),
        subnet=dict(type='str'),
        gateway=dict(type='str'),
        ip_range=dict(type='str'),
        aux_addresses=dict(type='dict'),
        ipam_config=dict(type='list', elements='dict', options=ipam_entry),
        ipam_driver=dict(type='str'),
        ipam_options=dict(type='dict'),
        internal=dict(type='bool'),
        attachable=dict(type='bool'),
        encrypted=dict(type='bool'),
        enable_ipv6=dict(type='bool'),
        ingress=dict(type='bool'),
        config_only=dict(type='bool'),
        config_from=dict(type='str'),
        scope=dict(type='str', choices=['local', 'global', 'swarm']),
        labels=dict(type='dict'),
        options=dict(type='dict'),
        connected=dict(type='list', elements='raw'),
        purge_connected=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
    )


# -- validation (no daemon calls) ---------------------------------------------------------------

def parse_ipam_entry(entry, prefix=''):
    """One IPAM pool -> the daemon's IPAM.Config form, every address checked against the subnet.

    prefix is 'ipam_config.' for list entries and '' for the flat subnet/gateway/... options.
    """
    if not entry.get('subnet'):
        given = [key for key in IPAM_KEYS if entry.get(key)]
        raise SpecError(prefix + (given[0] if given else 'subnet'), entry.get(given[0]) if given else None,
                        'it needs a subnet in the same pool')
    subnet = parse_cidr(prefix + 'subnet', entry['subnet'])
    if subnet.endswith('/128'):
        # IPAM reserves an IPv6 subnet's first address, so a /128 leaves none for the gateway.
        raise SpecError(prefix + 'subnet', entry['subnet'], 'an IPv6 subnet needs room for a gateway: give a prefix '
                                                            'length of 127 or less, such as fd00:1::/64')
    pool = {'Subnet': subnet}
    if entry.get('gateway'):
        pool['Gateway'] = _address_in(prefix + 'gateway', entry['gateway'], subnet)
    if entry.get('ip_range'):
        ip_range = parse_cidr(prefix + 'ip_range', entry['ip_range'])
        if not subnet_contains(subnet, ip_range):
            raise SpecError(prefix + 'ip_range', entry['ip_range'], 'it must lie inside subnet %s' % subnet)
        pool['IPRange'] = ip_range
    if entry.get('aux_addresses'):
        if not isinstance(entry['aux_addresses'], dict):
            raise SpecError(prefix + 'aux_addresses', entry['aux_addresses'], 'give a dict of host names to addresses')
        pool['AuxiliaryAddresses'] = dict(
            (str(host), _address_in(prefix + 'aux_addresses', address, subnet))
            for host, address in sorted(entry['aux_addresses'].items()))
    return pool


def _address_in(option, value, subnet):
    address = parse_ip(option, value)
    if not subnet_contains(subnet, address):
        raise SpecError(option, value, 'it must lie inside subnet %s' % subnet)
    return address


def parse_ipam_pools(params):
    """The pools of the task: the flat subnet/gateway/... options or the ipam_config list, or None."""
    flat = dict((key, params.get(key)) for key in IPAM_KEYS if params.get(key))
    if flat and params.get('ipam_config') is not None:
        raise SpecError('ipam_config', params['ipam_config'],
                        'use either subnet/gateway/ip_range/aux_addresses or ipam_config, not both')
    if flat:
        return [parse_ipam_entry(flat)]
    if params.get('ipam_config') is None:
        return None
    pools = [parse_ipam_entry(entry or {}, 'ipam_config.') for entry in params['ipam_config']]
    subnets = [pool['Subnet'] for pool in pools]
    if len(set(subnets)) != len(subnets):
        raise SpecError('ipam_config', subnets, 'each subnet may appear once')
    return pools


def parse_connected(value):
    """connected: names or dicts -> {container: NetworkAttachment-like settings}."""
    members = {}
    for entry in value or []:
        if isinstance(entry, str):
            entry = {'container': entry}
        if not isinstance(entry, dict) or not entry.get('container'):
            raise SpecError('connected', entry, 'each entry is a container name or a dict with container, '
                                                'aliases, ipv4_address, ipv6_address, links')
        unknown = sorted(set(entry) - set(CONNECTED_KEYS))
        if unknown:
            raise SpecError('connected', entry, 'unknown keys %s; accepted are %s'
                            % (', '.join(unknown), ', '.join(CONNECTED_KEYS)))
        if entry['container'] in members:
            raise SpecError('connected', entry['container'], 'each container may be listed once')
        members[entry['container']] = _member_settings(entry)
    return members


def _member_settings(entry):
    aliases = entry.get('aliases') or []
    if isinstance(aliases, str) or not isinstance(aliases, list):
        raise SpecError('connected.aliases', aliases, 'give a list of names')
    ipv4 = parse_ip('connected.ipv4_address', entry['ipv4_address']) if entry.get('ipv4_address') else None
    if ipv4 and ':' in ipv4:
        raise SpecError('connected.ipv4_address', ipv4, 'give an IPv4 address')
    ipv6 = parse_ip('connected.ipv6_address', entry['ipv6_address']) if entry.get('ipv6_address') else None
    if ipv6 and ':' not in ipv6:
        raise SpecError('connected.ipv6_address', ipv6, 'give an IPv6 address')
    links = entry.get('links') or []
    if isinstance(links, str) or not isinstance(links, list):
        raise SpecError('connected.links', links, 'give a list of NAME or NAME:ALIAS')
    return dict(aliases=[str(alias) for alias in aliases], ipv4_address=ipv4, ipv6_address=ipv6, links=links)


def _string_dict(option, value, check):
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict of names to string values')
    return check(option, value)


class NetworkSpec:
    """The validated desired state of one network; built without touching the daemon."""

    def __init__(self, params):
        self.name = params['name']
        self.state = params.get('state') or 'present'
        self.force = params.get('force', False)
        self.pools = parse_ipam_pools(params)
        self.connected = parse_connected(params.get('connected')) if params.get('connected') is not None else None
        self.purge_connected = params.get('purge_connected', False)
        self.options = _string_dict('options', params.get('options'), policies.option_names)
        self.encrypted = params.get('encrypted')
        self.fields = dict((name, params.get(name)) for name, _path, _default in FLAGS
                           if params.get(name) is not None)
        for name in ('labels', 'ipam_options'):
            if name in self.fields:
                self.fields[name] = _string_dict(name, self.fields[name],
                                                 policies.labels if name == 'labels' else policies.option_names)
        self._check_combinations()

    def _check_combinations(self):
        if not self.name.strip():
            raise SpecError('name', self.name, 'give a network name')
        if self.encrypted and self.fields.get('driver', 'overlay') != 'overlay':
            raise SpecError('encrypted', True, 'only overlay networks can be encrypted (driver: overlay)')
        if self.purge_connected and self.connected is None:
            raise SpecError('purge_connected', True, 'it needs connected (an empty list disconnects every container)')
        ipv6_pools = [pool['Subnet'] for pool in self.pools or [] if ':' in pool['Subnet']]
        if ipv6_pools and not self.fields.get('enable_ipv6'):
            raise SpecError('enable_ipv6', self.fields.get('enable_ipv6'),
                            'IPv6 subnet %s needs enable_ipv6: true' % ipv6_pools[0])
        for container, settings in (self.connected or {}).items():
            for key in ('ipv4_address', 'ipv6_address'):
                address = settings[key]
                if address and self.pools is not None and not self._fits(address):
                    raise SpecError('connected.' + key, address, "container %s's address must lie inside the "
                                    "network's subnets %s" % (container, ', '.join(self.subnets())))

    def subnets(self):
        return [pool['Subnet'] for pool in self.pools or []]

    def _fits(self, address):
        version = ipaddress.ip_address(address).version
        same_family = [subnet for subnet in self.subnets() if ipaddress.ip_network(subnet).version == version]
        return not same_family or any(subnet_contains(subnet, address) for subnet in same_family)

    def create_body(self):
        body = {'Name': self.name, 'CheckDuplicate': True}
        keys = {'driver': 'Driver', 'internal': 'Internal', 'attachable': 'Attachable', 'enable_ipv6': 'EnableIPv6',
                'ingress': 'Ingress', 'config_only': 'ConfigOnly', 'scope': 'Scope', 'labels': 'Labels'}
        for name, key in keys.items():
            if name in self.fields:
                body[key] = self.fields[name]
        if 'config_from' in self.fields:
            body['ConfigFrom'] = {'Network': self.fields['config_from']}
        if self.options:
            body['Options'] = dict(self.options)
        if self.encrypted:
            # An overlay option with no value, as `docker network create --opt encrypted` sets it.
            body.setdefault('Options', {})['encrypted'] = ''
        ipam = {}
        if 'ipam_driver' in self.fields:
            ipam['Driver'] = self.fields['ipam_driver']
        if 'ipam_options' in self.fields:
            ipam['Options'] = self.fields['ipam_options']
        if self.pools:
            ipam['Config'] = self.pools
        if ipam:
            body['IPAM'] = ipam
        return body

    def differences(self, actual):
        """[(option, actual value, desired value)] for the properties the task sets."""
        found = []
        for name, path, default in FLAGS:
            if name in self.fields:
                current = _dig(actual, path, default)
                if current != self.fields[name]:
                    found.append((name, current, self.fields[name]))
        if self.options:
            current = actual.get('Options') or {}
            # The daemon may add driver defaults; only the options the task names must match.
            if any(current.get(key) != value for key, value in self.options.items()):
                found.append(('options', current, self.options))
        if self.encrypted is not None:
            current = 'encrypted' in (actual.get('Options') or {})
            if current != self.encrypted:
                found.append(('encrypted', current, self.encrypted))
        if self.pools is not None:
            current = actual_pools(actual)
            if not pools_match(self.pools, current):
                found.append(('ipam_config', current, self.pools))
        return found


def create_body_of(network):
    """The create body that makes an inspected network again: how a failed recreate puts it back."""
    body = {'Name': network['Name'], 'CheckDuplicate': True}
    config_from = (network.get('ConfigFrom') or {}).get('Network')
    # A network made from a config-only one takes its addresses and options from there.
    keys = ('Driver', 'Scope', 'Attachable', 'Labels') if config_from else (
        'Driver', 'Scope', 'Internal', 'Attachable', 'Ingress', 'EnableIPv4', 'EnableIPv6', 'ConfigOnly',
        'Labels', 'Options')
    for key in keys:
        if network.get(key) is not None:
            body[key] = network[key]
    if config_from:
        body['ConfigFrom'] = {'Network': config_from}
        return body
    ipam = network.get('IPAM') or {}
    body['IPAM'] = {'Driver': ipam.get('Driver') or 'default',
                    'Config': [dict((key, value) for key, value in pool.items() if value)
                               for pool in ipam.get('Config') or []]}
    if ipam.get('Options'):
        body['IPAM']['Options'] = ipam['Options']
    return body


def _dig(data, path, default):
    for key in path:
        data = (data or {}).get(key)
    return default if data is None or data == '' else data


def actual_pools(network):
    pools = []
    for entry in (network.get('IPAM') or {}).get('Config') or []:
        pool = dict((key, value) for key, value in entry.items() if value)
        if 'Subnet' in pool:
            pool['Subnet'] = str(ipaddress.ip_network(pool['Subnet'], strict=False))
        pools.append(pool)
    return pools


def pools_match(wanted, current):
    """Same subnets; gateway, range and aux addresses compared where the task sets them.

    Only the address families the task gives pools for are compared: the daemon adds a pool of
    its own choosing for a family left out (an IPv4 pool next to an IPv6-only subnet, say).
    """
    families = set(_family(pool['Subnet']) for pool in wanted)
    by_subnet = dict((pool.get('Subnet'), pool) for pool in current if _family(pool.get('Subnet')) in families)
    if sorted(by_subnet) != sorted(pool['Subnet'] for pool in wanted):
        return False
    return all(by_subnet[pool['Subnet']].get(key) == value
               for pool in wanted for key, value in pool.items())


def _family(subnet):
    return 6 if ':' in (subnet or '') else 4


# -- attached containers -------------------------------------------------------------------------

class Member:
    """A container's endpoint on this network: what it is and how to connect it again."""

    def __init__(self, container_id, name, attachment, address=None):
        self.id = container_id
        self.name = name
        self.attachment = attachment
        self.address = address  # the current address, only used to keep reconnect order stable

    def sort_key(self):
        try:
            return (0, int(ipaddress.ip_address(self.address or '')))
        except ValueError:
            return (1, self.name)


def endpoint_attachment(network_name, container, endpoint):
    """NetworkSettings.Networks[network] -> the attachment that reproduces it (aliases, static IPs, links).

    Podman does not report which addresses were asked for, so a recreate there reconnects its
    containers with addresses from the new subnets (the README's compatibility notes say so)."""
    short_id = container['Id'][:12]
    aliases = [alias for alias in endpoint.get('Aliases') or [] if alias != short_id]
    ipv4, ipv6 = static_addresses(endpoint)
    links = ['%s:%s' % pair for pair in normalize_links(endpoint.get('Links'))]
    return NetworkAttachment(network_name, aliases, ipv4, ipv6, links)


class NetworkDriver:
    """Reads one network and the containers around it, plans its convergence, carries it out."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.actual = None
        self.members = {}   # container id -> Member, as attached now
        self.wanted = {}    # container id -> Member, as the task lists them
        self.endpoints = {}  # container id -> its endpoint on this network, for listed containers

    def read(self):
        spec = self.spec
        self.actual = wrap('inspect network %s' % spec.name, self.client.inspect, 'networks', spec.name)
        if self.actual is not None:
            for container_id in sorted(self.actual.get('Containers') or {}):
                container = self._inspect_container(container_id)
                if container is not None:
                    endpoint = ((container.get('NetworkSettings') or {}).get('Networks') or {}).get(
                        self.actual['Name'], {})
                    self.members[container['Id']] = Member(
                        container['Id'], container['Name'].lstrip('/'),
                        endpoint_attachment(spec.name, container, endpoint), endpoint.get('IPAddress'))
        if spec.state == 'present':
            for name, settings in (spec.connected or {}).items():
                container = self._inspect_container(name)
                if container is None:
                    raise TaskFailed("connected: container '%s' does not exist; create it first" % name)
                self.wanted[container['Id']] = Member(container['Id'], container['Name'].lstrip('/'),
                                                      NetworkAttachment(spec.name, **settings))
                networks = (container.get('NetworkSettings') or {}).get('Networks') or {}
                if self.actual is not None and self.actual['Name'] in networks:
                    self.endpoints[container['Id']] = networks[self.actual['Name']]

    def _inspect_container(self, ident):
        return wrap('inspect container %s' % ident, self.client.inspect, 'containers', ident)

    # -- plan ---------------------------------------------------------------------------------

    def plan(self, check_mode=False):
        spec, actual = self.spec, self.actual
        plan = Plan()
        if spec.state == 'absent':
            if actual is not None:
                self._plan_remove(plan)
            plan.before = {'state': 'present' if actual else 'absent', 'connected': self._names(self.members)}
            plan.after = {'state': 'absent', 'connected': []}
            return plan
        differences = spec.differences(actual) if actual is not None else []
        if actual is None:
            self._plan_create(plan)
            self._plan_connect_all(plan, self.wanted.values())
        elif differences:
            self._plan_recreate(plan, differences)
        else:
            self._plan_connections(plan)
        plan.before = dict(((name, before) for name, before, _after in differences),
                           state='present' if actual else 'absent', connected=self._names(self.members))
        plan.after = dict(((name, after) for name, _before, after in differences),
                          state='present', connected=self._names(self._members_after()))
        if differences:
            plan.after['recreated'] = 'changed: %s' % ', '.join(name for name, _b, _a in differences)
        return plan

    @staticmethod
    def _names(members):
        return sorted(member.name for member in members.values())

    def _members_after(self):
        if self.spec.connected is not None and self.spec.purge_connected:
            return dict(self.wanted)
        return dict(self.members, **self.wanted)

    def _plan_remove(self, plan):
        spec = self.spec
        if self.members and not spec.force:
            raise TaskFailed('network %s has containers attached (%s); disconnect them first or set force: true'
                             % (spec.name, ', '.join(self._names(self.members))))
        for member in sorted(self.members.values(), key=lambda m: m.name):
            plan.add('disconnect', 'disconnect container %s from network %s' % (member.name, spec.name),
                     self._disconnect_call(member), self._connect_call(member))
        plan.add('remove', 'remove network %s' % spec.name, self._remove)

    def _plan_create(self, plan, reason=None):
        if reason:
            # No undo: removing the new network after a failed reconnect would strand every container.
            plan.add('create', 'create network %s (%s)' % (self.spec.name, reason), self._create)
        else:
            plan.add('create', 'create network %s' % self.spec.name, self._create, self._remove)

    def _plan_recreate(self, plan, differences):
        """Disconnect everyone, remove, create, then reconnect with the same aliases and addresses.

        When a step up to the create fails, the undos put the old network back and reconnect its
        containers: they run in reverse, so disconnecting the highest address first reconnects in
        the old address order.
        """
        spec = self.spec
        reason = 'changed: %s' % ', '.join(name for name, _b, _a in differences)
        keep = self._members_after()
        self._check_addresses_fit(keep.values())
        for member in sorted(self.members.values(), key=Member.sort_key, reverse=True):
            plan.add('disconnect', 'disconnect container %s from network %s (%s)' % (member.name, spec.name, reason),
                     self._disconnect_call(member), self._connect_call(member))
        restore_body = create_body_of(self.actual)
        plan.add('remove', 'remove network %s (%s)' % (spec.name, reason), self._remove,
                 lambda: self.client.post('/networks/create', body=restore_body))
        self._plan_create(plan, reason)
        self._plan_connect_all(plan, keep.values(), again=True)

    def _check_addresses_fit(self, members):
        if self.spec.pools is None:
            return
        for member in members:
            for address in (member.attachment.ipv4_address, member.attachment.ipv6_address):
                if address and not self.spec._fits(address):
                    raise TaskFailed('network %s would be recreated with subnets %s, but container %s has the '
                                     'static address %s there; give it a new address in connected'
                                     % (self.spec.name, ', '.join(self.spec.subnets()), member.name, address))

    def _plan_connect_all(self, plan, members, again=False):
        # Reconnecting in the old address order makes dynamically addressed containers likely to keep theirs.
        verb = 'reconnect' if again else 'connect'
        for member in sorted(members, key=Member.sort_key):
            plan.add('connect', '%s container %s to network %s' % (verb, member.name, self.spec.name),
                     self._connect_call(member))

    def _plan_connections(self, plan):
        spec = self.spec
        for container_id, member in sorted(self.wanted.items(), key=lambda item: item[1].name):
            endpoint = self.endpoints.get(container_id)
            if endpoint is not None and member.attachment.matches(endpoint):
                continue
            if container_id in self.members:
                plan.add('disconnect', 'disconnect container %s from network %s to change its settings'
                         % (member.name, spec.name), self._disconnect_call(member))
            plan.add('connect', 'connect container %s to network %s' % (member.name, spec.name),
                     self._connect_call(member))
        if spec.purge_connected:
            for container_id, member in sorted(self.members.items(), key=lambda item: item[1].name):
                if container_id not in self.wanted:
                    plan.add('disconnect', 'disconnect container %s from network %s' % (member.name, spec.name),
                             self._disconnect_call(member))

    # -- actions --------------------------------------------------------------------------------

    def _create(self):
        try:
            created = self.client.post('/networks/create', body=self.spec.create_body())
        except DockerError as exc:
            if exc.conflict:
                raise TaskFailed('Failed to create network %s: the name was taken meanwhile (%s); rerun the task'
                                 % (self.spec.name, exc.reason))
            raise
        self._drop_if_duplicated(created['Id'])

    def _drop_if_duplicated(self, ident):
        """dockerd's CheckDuplicate is not atomic: two creates at once may both succeed. The oldest
        network of the name stays; a younger one this task made is removed again."""
        listed = self.client.get('/networks', query={'filters': {'name': [self.spec.name]}}) or []
        same = [network for network in listed if network.get('Name') == self.spec.name]
        oldest = min(same, key=lambda network: (network.get('Created') or '', network['Id']), default=None)
        if oldest is not None and oldest['Id'] != ident:
            self.client.delete('/networks/{}', ident, ok_statuses=(404,))

    def _remove(self):
        self.client.delete('/networks/{}', self.spec.name, ok_statuses=(404,))  # gone already is removed

    def _connect_call(self, member):
        return lambda: self.client.post('/networks/{}/connect', self.spec.name,
                                        body={'Container': member.id,
                                              'EndpointConfig': member.attachment.endpoint_config()})

    def _disconnect_call(self, member):
        return lambda: self.client.post('/networks/{}/disconnect', self.spec.name,
                                        body={'Container': member.id, 'Force': True})

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        if check_mode or self.spec.state == 'absent':
            return {'network': (self.actual or {}) if check_mode else {}}
        return {'network': self.client.inspect('networks', self.spec.name) or {}}


def run_network(module, client_factory, check_mode):
    """The `network` module's task: validate, read, plan, apply, report."""
    spec = NetworkSpec(module.params)
    run_driver(module, NetworkDriver(client_factory(module.params), spec), check_mode)


def network_info_argument_spec():
    return dict(
        name=dict(type='list', elements='str'),
        filters=dict(type='dict'),
    )


def list_networks(client, filters):
    listed = wrap('list networks', client.get, '/networks', query={'filters': filters}) or []
    # The list omits attached containers; inspect gives the same data as `docker network inspect`.
    details = [client.inspect('networks', item['Id']) for item in listed]
    return sorted((item for item in details if item), key=lambda item: item.get('Name'))


def run_network_info(module, client_factory):
    """The `network_info` module's task: inspect named networks, or list them with filters."""
    run_info(module, client_factory, 'networks', list_networks)
