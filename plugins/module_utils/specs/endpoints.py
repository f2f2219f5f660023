# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network attachments of a container (`networks` entries, `docker network connect` settings)."""

import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import parse_ip
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError, entry_list

KEYS = ('name', 'aliases', 'ipv4_address', 'ipv6_address', 'links', 'mac_address')
MAC = re.compile(r'^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$')


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


def normalize_links(links):
    """Inspect shows '/db:/web/alias'; return sorted (name, alias) pairs."""
    pairs = []
    for item in links or []:
        source, _sep, target = item.partition(':')
        pairs.append((source.lstrip('/'), target.rsplit('/', 1)[-1]))
    return sorted(pairs)


def mac_address(option, value):
    text = str(value).strip()
    if not MAC.match(text):
        raise SpecError(option, value, 'give a MAC address such as 92:d0:c6:0a:29:33')
    return text.lower()


class NetworkAttachment:

    def __init__(self, name, aliases=None, ipv4_address=None, ipv6_address=None, links=None, mac_address=None):
        self.name = name
        self.aliases = sorted(set(aliases or []))
        self.ipv4_address = ipv4_address
        self.ipv6_address = ipv6_address
        self.links = [policies.link('networks.links', item) for item in links or []]
        self.mac_address = mac_address
        # The ID of the network meant, set only when other networks share its name (network/resolve.py).
        self.network_id = None

    def endpoint_config(self):
        config = {'NetworkID': self.network_id} if self.network_id else {}
        if self.aliases:
            config['Aliases'] = list(self.aliases)
        if self.ipv4_address or self.ipv6_address:
            config['IPAMConfig'] = dict((key, value) for key, value in (
                ('IPv4Address', self.ipv4_address), ('IPv6Address', self.ipv6_address)) if value)
        if self.links:
            config['Links'] = ['%s:%s' % pair for pair in self.links]
        if self.mac_address:
            config['MacAddress'] = self.mac_address
        return config

    def matches(self, actual):
        """actual is NetworkSettings.Networks[name]; docker adds the short id as an alias."""
        ipv4, ipv6 = static_addresses(actual, reported_if_unknown=True)
        if self.ipv4_address and ipv4 != self.ipv4_address:
            return False
        if self.ipv6_address and ipv6 != self.ipv6_address:
            return False
        if self.mac_address and (actual.get('MacAddress') or '').lower() != self.mac_address:
            return False
        if not set(self.aliases) <= set(actual.get('Aliases') or []):
            return False
        return not self.links or normalize_links(actual.get('Links')) == sorted(self.links)

    def summary(self):
        return dict((key, value) for key, value in vars(self).items() if value)


def endpoint_settings(option, entry, name_key='name', keys=KEYS[1:]):
    """The endpoint settings of one entry: a name, or a dict with `name_key` and `keys` (aliases,
    ipv4_address, ipv6_address, links, mac_address) -> (name, settings for NetworkAttachment). The
    one parser of a container's `networks` entries and a network's `connected` entries."""
    keys = (name_key,) + tuple(keys)
    if isinstance(entry, str):
        entry = {name_key: entry}
    if not isinstance(entry, dict) or not entry.get(name_key):
        raise SpecError(option, entry, 'each entry is a name or a dict with ' + ', '.join(keys))
    unknown = set(entry) - set(keys)
    if unknown:
        raise SpecError(option, entry, 'unknown keys %s; accepted are %s' % (', '.join(sorted(map(repr, unknown))),
                                                                             ', '.join(keys)))
    aliases = entry.get('aliases') or []
    if not isinstance(aliases, list) or any(isinstance(alias, (dict, list)) for alias in aliases):
        raise SpecError('%s.aliases' % option, aliases, 'give a list of names')
    links = entry.get('links') or []
    if not isinstance(links, list):
        raise SpecError('%s.links' % option, links, 'give a list of NAME or NAME:ALIAS')
    settings = dict(
        aliases=[str(alias) for alias in aliases],
        links=['%s:%s' % policies.link('%s.links' % option, item) for item in links],
        ipv4_address=_address('%s.ipv4_address' % option, entry.get('ipv4_address'), 4),
        ipv6_address=_address('%s.ipv6_address' % option, entry.get('ipv6_address'), 6),
        mac_address=mac_address('%s.mac_address' % option, entry['mac_address']) if entry.get('mac_address') else None)
    return str(entry[name_key]), settings


def _address(option, value, family):
    if not value:
        return None
    address = parse_ip(option, value)
    if (':' in address) != (family == 6):
        raise SpecError(option, address, 'give an IPv%d address' % family)
    return address


def attachment(option, entry):
    """One `networks` entry of a container -> NetworkAttachment."""
    name, settings = endpoint_settings(option, entry)
    return NetworkAttachment(name, **settings)


def attachments(option, value):
    result = [attachment(option, entry) for entry in entry_list(option, value or [], 'give a list of networks')]
    names = [item.name for item in result]
    if len(set(names)) != len(names):
        raise SpecError(option, names, 'each network may appear once')
    return result
