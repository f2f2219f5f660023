# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A network's desired state: its fields (declared once, fields.Field), IPAM pools and attached
containers, validated without touching the daemon; and the body that makes an inspected network again."""

import ipaddress

from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import Field, argument_spec, get_path, set_path
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import (
    parse_cidr,
    parse_ip,
    subnet_contains,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.endpoints import endpoint_settings
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

IPAM_KEYS = ('subnet', 'gateway', 'ip_range', 'aux_addresses')
CONNECTED_KEYS = ('aliases', 'ipv4_address', 'ipv6_address', 'links')


def _string_dict(check):
    def parse(option, value):
        if not isinstance(value, dict):
            raise SpecError(option, value, 'give a dict of names to string values')
        return check(option, value)
    return parse


# Every property the daemon keeps is fixed at creation: a difference in any recreates the network.
FIELDS = (
    Field('driver', dict(type='str'), 'Driver', default='bridge', cli='--driver'),
    Field('internal', dict(type='bool'), 'Internal', default=False, cli='--internal'),
    Field('attachable', dict(type='bool'), 'Attachable', default=False, cli='--attachable'),
    Field('enable_ipv6', dict(type='bool'), 'EnableIPv6', default=False, cli='--ipv6'),
    Field('ingress', dict(type='bool'), 'Ingress', default=False, cli='--ingress'),
    Field('config_only', dict(type='bool'), 'ConfigOnly', default=False, cli='--config-only'),
    Field('config_from', dict(type='str'), 'ConfigFrom.Network', default='', cli='--config-from'),
    Field('scope', dict(type='str', choices=['local', 'global', 'swarm']), 'Scope', default='local', cli='--scope'),
    Field('labels', dict(type='dict'), 'Labels', parse=_string_dict(policies.labels), kind='dict', default={},
          cli='--label'),
    # Podman may report an empty IPAM driver for the default one.
    Field('ipam_driver', dict(type='str'), 'IPAM.Driver', default='default', cli='--ipam-driver',
          read=lambda doc, ctx: get_path(doc, 'IPAM.Driver') or 'default'),
    Field('ipam_options', dict(type='dict'), 'IPAM.Options', parse=_string_dict(policies.option_names), kind='dict',
          default={}, cli='--ipam-opt'),
)


def network_argument_spec():
    ipam_entry = dict(
        subnet=dict(type='str', required=True),
        gateway=dict(type='str'),
        ip_range=dict(type='str'),
        aux_addresses=dict(type='dict'),
    )
    return dict(
        argument_spec(FIELDS),
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        subnet=dict(type='str'),
        gateway=dict(type='str'),
        ip_range=dict(type='str'),
        aux_addresses=dict(type='dict'),
        ipam_config=dict(type='list', elements='dict', options=ipam_entry),
        encrypted=dict(type='bool'),
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
    """connected: names or dicts -> {container: settings for NetworkAttachment} (specs/endpoints.py)."""
    members = {}
    for entry in value or []:
        container, settings = endpoint_settings('connected', entry, name_key='container', keys=CONNECTED_KEYS)
        if container in members:
            raise SpecError('connected', container, 'each container may be listed once')
        members[container] = settings
    return members


class NetworkSpec:
    """The validated desired state of one network; built without touching the daemon."""

    def __init__(self, params):
        self.name = params['name']
        self.state = params.get('state') or 'present'
        self.force = params.get('force', False)
        self.pools = parse_ipam_pools(params)
        self.connected = parse_connected(params.get('connected')) if params.get('connected') is not None else None
        self.purge_connected = params.get('purge_connected', False)
        options = params.get('options')
        self.options = None if options is None else _string_dict(policies.option_names)('options', options)
        self.encrypted = params.get('encrypted')
        self.fields = dict((field.name, field.value(params)) for field in FIELDS if params.get(field.name) is not None)
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
        for field in FIELDS:
            if field.name in self.fields:
                field.put(body, self.fields[field.name])
        if self.options:
            body['Options'] = dict(self.options)
        if self.encrypted:
            # An overlay option with no value, as `docker network create --opt encrypted` sets it.
            body.setdefault('Options', {})['encrypted'] = ''
        if self.pools:
            set_path(body, 'IPAM.Config', self.pools)
        return body

    def differences(self, actual):
        """[(option, actual value, desired value)] for the properties the task sets."""
        found = []
        for field in FIELDS:
            if field.name in self.fields:
                current = field.current(actual)
                if not field.equal(self.fields[field.name], current):
                    found.append((field.name, current, self.fields[field.name]))
        # A swarm network's options stay null until the managers have allocated it, a moment after
        # the create: not known yet, so not a difference.
        actual_options = actual.get('Options')
        options_known = actual_options is not None or actual.get('Scope') != 'swarm'
        actual_options = actual_options or {}
        if self.options and options_known:
            # The daemon may add driver defaults; only the options the task names must match.
            if any(actual_options.get(key) != value for key, value in self.options.items()):
                found.append(('options', actual_options, self.options))
        if self.encrypted is not None and options_known:
            current = 'encrypted' in actual_options
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
