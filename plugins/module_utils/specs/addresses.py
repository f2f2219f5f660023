# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IP addresses and CIDR subnets, checked with the standard library."""

import ipaddress

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


def is_ip_address(text):
    try:
        ipaddress.ip_address(str(text))
    except ValueError:
        return False
    return True


def parse_ip(option, value):
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        raise SpecError(option, value, 'give an IPv4 or IPv6 address such as 172.20.0.10')


def parse_cidr(option, value, strict=True):
    """Return the canonical 'network/prefix' text. strict refuses host bits set.

    A bare address is refused: the standard library would read it as a /32 or /128,
    which is never what a subnet option means.
    """
    accepted = 'give a subnet in CIDR form with its prefix length, such as 172.20.0.0/16 (no host bits set)'
    if '/' not in str(value):
        raise SpecError(option, value, accepted)
    try:
        network = ipaddress.ip_network(str(value), strict=strict)
    except ValueError:
        raise SpecError(option, value, accepted)
    return str(network)


def parse_interface_cidr(option, value):
    """An address with its prefix, as dockerd's bip takes it: 172.20.0.1/16."""
    try:
        interface = ipaddress.ip_interface(str(value))
    except ValueError:
        raise SpecError(option, value, 'give an address with a prefix length such as 172.20.0.1/16')
    if '/' not in str(value):
        raise SpecError(option, value, 'give an address with a prefix length such as 172.20.0.1/16')
    return str(interface)


def subnet_contains(outer, inner):
    """True when subnet (or address) inner lies inside subnet outer."""
    outer_net = ipaddress.ip_network(u'%s' % outer, strict=False)
    if '/' in str(inner):
        inner_net = ipaddress.ip_network(u'%s' % inner, strict=False)
        return inner_net.version == outer_net.version and inner_net.subnet_of(outer_net)
    address = ipaddress.ip_address(u'%s' % inner)
    return address.version == outer_net.version and address in outer_net
