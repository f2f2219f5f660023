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

published_ports reads one entry of any caller's published ports: this short form, or the long
(dict) form of Compose files and the service module, within the caller's limits (a swarm: no
host address, no host port range, 0 for any port); parse_published_port turns the service
module's into the swarm's PortConfigs.
"""

import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import is_ip_address

ACCEPTED = ("accepted forms are PORT, HOST_PORT:PORT, IP::PORT, IP:HOST_PORT:PORT, IP:PORT, "
            "ranges like 8000-8005:80-85, [IPv6]:HOST_PORT:PORT, each with an optional /tcp, /udp or /sctp")
PROTOCOLS = ('tcp', 'udp', 'sctp')
# ASCII digits only, at most 5 (int() of a longer run only costs time, and over 4300 digits it refuses).
_RANGE = re.compile(r'^([0-9]{1,5})(?:-([0-9]{1,5}))?$')
_PORT = re.compile(r'^[0-9]{1,5}$')


def _port_range(option, spec, text, accepted=ACCEPTED, lowest=1):
    match = _RANGE.match(text)
    if not match:
        raise SpecError(option, spec, accepted)
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if not lowest <= first <= last <= 65535 or (first == 0 and last):
        raise SpecError(option, spec, 'ports must be %d-65535 and ranges ascending; %s' % (lowest, accepted))
    return list(range(first, last + 1))


def _split_address(option, spec, text, accepted=ACCEPTED):
    """Split 'IP:rest' where IP may be bracketed IPv6; return (ip, rest)."""
    if text.startswith('['):
        close = text.find(']')
        if close < 0 or text[close + 1:close + 2] != ':':
            raise SpecError(option, spec, accepted)
        address = text[1:close]
        if not is_ip_address(address):
            raise SpecError(option, spec, 'the bracketed host address must be an IPv6 address')
        return address, text[close + 2:]
    head, _sep, rest = text.partition(':')
    return head, rest


def parse_port_spec(option, spec, any_port=False, accepted=ACCEPTED):
    """Return a list of (container_port_key, host_ip, host_port) for one spec.

    any_port: host port 0 is taken, meaning any free port, as a swarm reads it (docker run refuses it);
    accepted: the forms named in an error (the caller's own, where it takes other forms too)."""
    text = str(spec).strip()
    protocol = 'tcp'
    if '/' in text:
        text, protocol = text.rsplit('/', 1)
        protocol = protocol.lower()
        if protocol not in PROTOCOLS:
            raise SpecError(option, spec, 'protocol must be tcp, udp or sctp')
    if not text:
        raise SpecError(option, spec, accepted)
    host_ip, host_part, container_part = _split_parts(option, spec, text, accepted)
    if host_ip and not is_ip_address(host_ip):
        raise SpecError(option, spec, 'the host address must be an IP address; ' + accepted)
    container_ports = _port_range(option, spec, container_part, accepted)
    host_ports = _port_range(option, spec, host_part, accepted, 0 if any_port else 1) if host_part else []
    return _pair_ports(option, spec, protocol, host_ip, host_ports, container_ports)


def _split_parts(option, spec, text, accepted):
    """'IP:HOST:CONTAINER' and its shorter forms -> (host_ip, host_part, container_part)."""
    host_ip, host_part, container_part = '', '', text
    if text.startswith('['):
        host_ip, rest = _split_address(option, spec, text, accepted)
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
            raise SpecError(option, spec, accepted)
    return host_ip, host_part, container_part


def _pair_ports(option, spec, protocol, host_ip, host_ports, container_ports):
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


PUBLISH_MODES = ('ingress', 'host')
# The long (dict) form's keys, canonical name -> the name a caller's users write.
COMPOSE_KEYS = dict((key, key) for key in ('target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol'))
SERVICE_KEYS = {'target': 'target_port', 'published': 'published_port', 'protocol': 'protocol', 'mode': 'mode'}
# What a swarm publishes: on every address of its nodes, one port each (0: any free one).
SWARM = dict(host_ip=False, host_range=False, any_port=True)
PORT_FORMS = 'give PUBLISHED:TARGET[/PROTOCOL], TARGET[/PROTOCOL], or a dict with target_port, published_port, ' \
             'protocol (tcp, udp, sctp) and mode (ingress, host)'


def published_ports(option, entry, keys=None, host_ip=True, host_range=True, any_port=False, accepted=ACCEPTED):
    """One entry of a published ports list -> [{'target', 'published', 'host_ip', 'protocol', 'mode'}], Compose's
    long form (published: '' for any port, 'PORT' or 'FIRST-LAST'); a short form with ranges gives one per port.

    What differs between callers:
    keys -- the long (dict) form's key names (COMPOSE_KEYS, SERVICE_KEYS); None: strings only (the container module).
    host_ip -- an address to publish on is taken; False refuses it (a swarm publishes on every address of its nodes).
    host_range -- a host port range for one container port (docker picks a free one) is taken; False refuses it (a
        swarm publishes one port; one-to-one ranges such as 8000-8001:80-81 still become one entry per port).
    any_port -- published port 0 (any free port, as a swarm reads it) is taken; False refuses it (docker run).
    accepted -- the forms an error names.
    """
    if isinstance(entry, dict) and keys:
        return [_checked(option, _long_form(option, entry, keys), keys, host_ip, host_range, any_port)]
    if isinstance(entry, (dict, list, tuple, bool)) or entry is None:
        raise SpecError(option, entry, accepted)
    ports = []
    for port_key, address, host_port in parse_port_spec(option, entry, any_port, accepted):
        target, protocol = port_key.split('/')
        port = dict(target=int(target), published=host_port, host_ip=address, protocol=protocol, mode='ingress')
        ports.append(_checked(option, port, None, host_ip, host_range, any_port, entry))
    return ports


def _long_form(option, entry, keys):
    names = dict((name, key) for key, name in keys.items())
    port = {}
    for name, value in entry.items():
        where = '%s.%s' % (option, name)
        if name not in names:
            raise SpecError(where, value, 'not supported; keys accepted here are ' + ', '.join(sorted(names)))
        if value is not None:
            port[names[name]] = _LONG_READERS[names[name]](where, value)
    if 'target' not in port:
        raise SpecError('%s.%s' % (option, keys['target']), None, 'it is required')
    for key, default in (('published', ''), ('host_ip', ''), ('protocol', 'tcp'), ('mode', 'ingress')):
        port.setdefault(key, default)
    return port


def _checked(option, port, keys, host_ip, host_range, any_port, spec=None):
    """The caller's limits on one port; spec: the short form it came from (errors name it)."""
    def where(key):
        return (option, spec) if keys is None else ('%s.%s' % (option, keys.get(key, key)), port[key])
    if port['host_ip'] and not host_ip:
        raise SpecError(*where('host_ip'), accepted='a swarm publishes on every address of a node')
    if port['published']:
        if keys is not None:
            _port_range(where('published')[0], port['published'], port['published'], 'give a port or a range like 8000-8005',
                        0 if any_port else 1)
        if '-' in port['published'] and not host_range:
            raise SpecError(*where('published'), accepted='give one port; a swarm publishes no ranges')
    return port


def _whole_port(option, value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ''
    if not _PORT.match(text) or not 1 <= int(text) <= 65535:
        raise SpecError(option, value, 'give a port number, 1-65535')
    return int(text)


def _published(option, value):
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise SpecError(option, value, 'give a port or a range like 8000-8005')
    return str(value).strip()


def _host_ip(option, value):
    if value != '' and (not isinstance(value, str) or not is_ip_address(value)):
        raise SpecError(option, value, 'give an IP address')
    return value


def _one_of(choices):
    def read(option, value):
        if not isinstance(value, str) or value not in choices:
            raise SpecError(option, value, 'accepted values are ' + ', '.join(choices))
        return value
    return read


def _text(option, value):
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise SpecError(option, value, 'give a string')
    return str(value)


_LONG_READERS = {'target': _whole_port, 'published': _published, 'host_ip': _host_ip, 'protocol': _one_of(PROTOCOLS),
                 'mode': _one_of(PUBLISH_MODES), 'name': _text, 'app_protocol': _text}


def parse_published_port(option, entry):
    """The service module's published_ports entry -> the swarm's PortConfigs (EndpointSpec.Ports)."""
    return [swarm_port(port) for port in published_ports(option, entry, keys=SERVICE_KEYS, accepted=PORT_FORMS, **SWARM)]


def swarm_port(port):
    """A port of published_ports (Compose's long form) -> the swarm's PortConfig."""
    return {'TargetPort': port['target'], 'PublishedPort': int(port['published'] or 0), 'Protocol': port['protocol'],
            'PublishMode': port['mode']}


def _port_key(port):
    return (port.get('TargetPort'), port.get('Protocol') or 'tcp', port.get('PublishedPort') or 0,
            port.get('PublishMode') or 'ingress')


def normalize_ports(ports):
    return sorted(_port_key(port) for port in ports or [])
