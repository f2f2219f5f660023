# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Port publishing specs in every form `docker run -p` takes.

    80                 container port, random host port
    8080:80            host port : container port
    0.0.0.0::80        host IP, random host port
    0.0.0.0:8080:80    host IP : host port : container port
    0.0.0.0:80         host IP and container port (the first part is an IP, so not a host port)
    8000-8005:80-85    ranges, paired one to one
    [::1]:8080:80      IPv6 host address in brackets
    .../udp            protocol suffix (tcp, udp, sctp)
"""

import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import is_ip_address

ACCEPTED = ("accepted forms are PORT, HOST_PORT:PORT, IP::PORT, IP:HOST_PORT:PORT, IP:PORT, "
            "ranges like 8000-8005:80-85, [IPv6]:HOST_PORT:PORT, each with an optional /tcp, /udp or /sctp")
PROTOCOLS = ('tcp', 'udp', 'sctp')
# ASCII digits only, at most 5 (int() of a longer run only costs time, and over 4300 digits it refuses).
_RANGE = re.compile(r'^([0-9]{1,5})(?:-([0-9]{1,5}))?$')


def _port_range(option, spec, text):
    match = _RANGE.match(text)
    if not match:
        raise SpecError(option, spec, ACCEPTED)
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if not 1 <= first <= last <= 65535:
        raise SpecError(option, spec, 'ports must be 1-65535 and ranges ascending; ' + ACCEPTED)
    return list(range(first, last + 1))


def _split_address(option, spec, text):
    """Split 'IP:rest' where IP may be bracketed IPv6; return (ip, rest)."""
    if text.startswith('['):
        close = text.find(']')
        if close < 0 or text[close + 1:close + 2] != ':':
            raise SpecError(option, spec, ACCEPTED)
        address = text[1:close]
        if not is_ip_address(address):
            raise SpecError(option, spec, 'the bracketed host address must be an IPv6 address')
        return address, text[close + 2:]
    head, _sep, rest = text.partition(':')
    return head, rest


def parse_port_spec(option, spec):
    """Return a list of (container_port_key, host_ip, host_port) for one spec."""
    text = str(spec).strip()
    protocol = 'tcp'
    if '/' in text:
        text, protocol = text.rsplit('/', 1)
        protocol = protocol.lower()
        if protocol not in PROTOCOLS:
            raise SpecError(option, spec, 'protocol must be tcp, udp or sctp')
    if not text:
        raise SpecError(option, spec, ACCEPTED)
    host_ip, host_part, container_part = '', '', text
    if text.startswith('['):
        host_ip, rest = _split_address(option, spec, text)
        host_part, _sep, container_part = rest.rpartition(':')
    else:
        parts = text.split(':')
        if len(parts) == 2:
            if is_ip_address(parts[0]):
                host_ip, container_part = parts
            else:
                host_part, container_part = parts
        elif len(parts) == 3:
            host_ip, host_part, container_part = parts
        elif len(parts) != 1:
            raise SpecError(option, spec, ACCEPTED)
    if host_ip and not is_ip_address(host_ip):
        raise SpecError(option, spec, 'the host address must be an IP address; ' + ACCEPTED)
    container_ports = _port_range(option, spec, container_part)
    host_ports = _port_range(option, spec, host_part) if host_part else []
    bindings = []
    if host_ports and len(host_ports) == len(container_ports):
        for host_port, container_port in zip(host_ports, container_ports):
            bindings.append(('%d/%s' % (container_port, protocol), host_ip, str(host_port)))
    elif host_ports and len(container_ports) == 1:
        # A host range for one container port: docker picks a free port in the range.
        host_range = '%d-%d' % (host_ports[0], host_ports[-1])
        bindings.append(('%d/%s' % (container_ports[0], protocol), host_ip, host_range))
    elif host_ports:
        raise SpecError(option, spec, 'a host port range must have as many ports as the container range')
    else:
        for container_port in container_ports:
            bindings.append(('%d/%s' % (container_port, protocol), host_ip, ''))
    return bindings


def port_bindings(option, specs):
    """Turn a list of specs into the Engine's PortBindings dict (sorted, deduplicated)."""
    result = {}
    for spec in specs or []:
        for port_key, host_ip, host_port in parse_port_spec(option, spec):
            binding = {'HostIp': host_ip, 'HostPort': host_port}
            entries = result.setdefault(port_key, [])
            if binding not in entries:
                entries.append(binding)
    return result


def normalize_port_key(option, value):
    """'80' -> '80/tcp' for exposed_ports."""
    text = str(value).strip()
    port, _sep, protocol = text.partition('/')
    protocol = (protocol or 'tcp').lower()
    if protocol not in PROTOCOLS:
        raise SpecError(option, value, 'give PORT or PORT/PROTOCOL with tcp, udp or sctp')
    return ['%d/%s' % (number, protocol) for number in _port_range(option, value, port)]


def bindings_match(expected, current):
    """Whether the PortBindings a container reports satisfy the ones asked for.

    Podman reports what it resolved rather than what was asked: HostIp '0.0.0.0' for an empty
    one, and the host port it picked where none was asked. So an empty HostIp is 0.0.0.0, and
    an empty HostPort asked for matches any port; everything else must be equal.
    """
    expected, current = expected or {}, current or {}
    if sorted(expected) != sorted(current):
        return False
    for port_key, wanted in expected.items():
        found = sorted(_binding_pair(entry) for entry in current[port_key] or [])
        asked = sorted(_binding_pair(entry) for entry in wanted or [])
        if len(found) != len(asked):
            return False
        # Fixed ports first, so an open one cannot take the port a fixed one needs.
        for host_ip, host_port in sorted(asked, key=lambda pair: not pair[1]):
            match = next((pair for pair in found if pair[0] == host_ip and (not host_port or pair[1] == host_port)),
                         None)
            if match is None:
                return False
            found.remove(match)
    return True


def _binding_pair(entry):
    return (entry.get('HostIp') or '0.0.0.0', entry.get('HostPort') or '')


PORT_FORMS = 'give PUBLISHED:TARGET[/PROTOCOL], TARGET[/PROTOCOL], or a dict with target_port, published_port, ' \
             'protocol (tcp, udp, sctp) and mode (ingress, host)'


def parse_published_port(entry):
    if isinstance(entry, dict):
        unknown = set(entry) - {'target_port', 'published_port', 'protocol', 'mode'}
        if unknown or entry.get('target_port') is None:
            raise SpecError('published_ports', entry, PORT_FORMS)
        port = dict(TargetPort=entry['target_port'], PublishedPort=entry.get('published_port') or 0,
                    Protocol=entry.get('protocol') or 'tcp', PublishMode=entry.get('mode') or 'ingress')
    else:
        text, _sep, protocol = str(entry).strip().partition('/')
        published, _sep, target = text.rpartition(':')
        port = dict(TargetPort=target, PublishedPort=published or 0, Protocol=protocol or 'tcp',
                    PublishMode='ingress')
    try:
        port['TargetPort'] = int(port['TargetPort'])
        port['PublishedPort'] = int(port['PublishedPort'])
    except (TypeError, ValueError):
        raise SpecError('published_ports', entry, PORT_FORMS)
    if port['Protocol'] not in ('tcp', 'udp', 'sctp') or port['PublishMode'] not in ('ingress', 'host') \
            or not 1 <= port['TargetPort'] <= 65535 or not 0 <= port['PublishedPort'] <= 65535:
        raise SpecError('published_ports', entry, PORT_FORMS)
    return port


def _port_key(port):
    return (port.get('TargetPort'), port.get('Protocol') or 'tcp', port.get('PublishedPort') or 0,
            port.get('PublishMode') or 'ingress')


def normalize_ports(ports):
    return sorted(_port_key(port) for port in ports or [])
