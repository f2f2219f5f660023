# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bridge_uplink module: a host's NIC becomes a port (the uplink) of a Linux or Open vSwitch
bridge, and its IPv4 addresses and routes move onto the bridge; then the gateway must still answer,
or everything is put back. state=absent moves them back and removes the bridge once it has no port.

Links and addresses are read with `ip -j`, routes with `ip -4 route` (their words are given back to
`ip route replace`); Open vSwitch bridges through the OVS modules' ovs-vsctl client. The parsers and
the ICMP echo packet are pure and unit-tested (tests/unit/test_bridge_uplink.py).
"""

import ipaddress
import json
import os
import socket
import struct
import subprocess
import time

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, converge, run_task
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.records import check_name
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import Vsctl, as_list, ovs_argument_spec, quote
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

# Route flags `ip route` prints but `ip route replace` does not take.
ROUTE_FLAGS = frozenset(['linkdown', 'dead', 'offload', 'trap', 'rt_offload', 'rt_trap', 'rt_offload_failed',
                         'pervasive', 'notify'])
VERIFY_ATTEMPTS = 5   # echo requests, one second each, before the gateway counts as not answering


def uplink_argument_spec():
    return ovs_argument_spec(dict(
        bridge=dict(type='str', required=True),
        interface=dict(type='str'),
        bridge_type=dict(type='str', default='linux', choices=['linux', 'ovs']),
        datapath_type=dict(type='str'),
        fixed_cidr=dict(type='str'),
        verify_address=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        ip_path=dict(type='str', default='ip'),
    ))


# -- parsers (pure) ----------------------------------------------------------------------------------

def parse_links(text):
    """`ip -j link show`: {name: {'master': bridge or None, 'mac': address}}."""
    return dict((link['ifname'], {'master': link.get('master'), 'mac': link.get('address')})
                for link in json.loads(text or '[]'))


def parse_addresses(text):
    """`ip -j -4 addr show dev X scope global`: ['10.0.0.2/24', ...] in the order the kernel holds them."""
    return ['%s/%s' % (info['local'], info['prefixlen'])
            for link in json.loads(text or '[]') for info in link.get('addr_info', [])
            if info.get('family') == 'inet' and info.get('scope', 'global') == 'global']


def parse_routes(text):
    """`ip -4 route show dev X`: the routes the kernel did not make for an address (default route
    included), each as the words `ip route replace` takes, without the device."""
    routes = []
    for line in (text or '').splitlines():
        words = line.split()
        if not words or ' '.join(words).find('proto kernel') >= 0:
            continue
        routes.append([word for word in words if word not in ROUTE_FLAGS])
    return routes


def parse_default_route(text):
    """`ip -4 route show default`: (gateway or None, device or None) of the first default route."""
    for line in (text or '').splitlines():
        words = line.split()
        gateway = _word_after(words, 'via')
        device = _word_after(words, 'dev')
        if gateway or device:
            return gateway, device
    return None, None


def _word_after(words, key):
    return words[words.index(key) + 1] if key in words[:-1] else None


def ipv4_network(option, value):
    try:
        return ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        raise SpecError(option, value, 'give an IPv4 CIDR such as 192.168.1.64/27')


def check_fixed_cidr(fixed_cidr, addresses, interface):
    """fixed_cidr must be a slice of the subnet of one of the (IPv4) addresses."""
    if not fixed_cidr:
        return
    wanted = ipv4_network('fixed_cidr', fixed_cidr)
    for address in addresses:
        if wanted.subnet_of(ipaddress.IPv4Interface(address).network):
            return
    raise SpecError('fixed_cidr', fixed_cidr, 'not inside the LAN subnet of %s (%s); give a slice of it'
                    % (interface, ', '.join(addresses) or 'no address'))


def echo_request(ident, sequence):
    """An ICMP echo request (type 8) with its checksum."""
    payload = b'dockyard bridge_uplink'
    header = struct.pack('!BBHHH', 8, 0, 0, ident, sequence)
    return struct.pack('!BBHHH', 8, 0, icmp_checksum(header + payload), ident, sequence) + payload


def icmp_checksum(data):
    if len(data) % 2:
        data += b'\0'
    total = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xffff)
    total += total >> 16
    return ~total & 0xffff


def is_echo_reply(packet, ident):
    """An IPv4 packet (as a raw socket reads it) holding the echo reply to our request `ident`."""
    if len(packet) < 20:
        return False
    start = (packet[0] & 0x0f) * 4
    if len(packet) < start + 8:
        return False
    kind, _code, _sum, reply_ident = struct.unpack('!BBHH', packet[start:start + 6])
    return kind == 0 and reply_ident == ident


# -- the host ------------------------------------------------------------------------------------------

class IpCommand:
    """Runs ip (argv lists, never a shell) for one task."""

    def __init__(self, path):
        self.path = path

    def run(self, args, doing):
        argv = [self.path] + list(args)
        try:
            done = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, LC_ALL='C'),
                                  timeout=30, check=False)
        except FileNotFoundError:
            raise TaskFailed('ip_path: %s was not found; install iproute2 or set ip_path to its ip' % self.path)
        except subprocess.TimeoutExpired:
            raise TaskFailed('Failed to %s: %s did not finish within 30 s' % (doing, ' '.join(argv)))
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            raise TaskFailed('Failed to %s: %s' % (doing, lines[-1] if lines else 'exit code %d' % done.returncode),
                             cmd=argv, rc=done.returncode)
        return done.stdout

    def links(self):
        return parse_links(self.run(['-j', 'link', 'show'], 'read the network interfaces'))

    def addresses(self, device):
        return parse_addresses(self.run(['-j', '-4', 'addr', 'show', 'dev', device, 'scope', 'global'],
                                        'read the addresses of %s' % device))

    def routes(self, device):
        return parse_routes(self.run(['-4', 'route', 'show', 'dev', device], 'read the routes of %s' % device))

    def default_route(self):
        return parse_default_route(self.run(['-4', 'route', 'show', 'default'], 'read the default route'))


class LinuxBridge:
    """A kernel bridge, through ip."""

    def __init__(self, ip, name):
        self.ip = ip
        self.name = name
        self.links = {}

    def read(self, links):
        self.links = links

    @property
    def exists(self):
        return self.name in self.links

    def ports(self):
        return sorted(name for name, link in self.links.items() if link['master'] == self.name)

    def bridge_of(self, device):
        return (self.links.get(device) or {}).get('master')

    def create(self, mac):
        self.ip.run(['link', 'add', self.name, 'type', 'bridge'], 'create bridge %s' % self.name)
        self.ip.run(['link', 'set', self.name, 'address', mac], 'give bridge %s the address %s' % (self.name, mac))

    def delete(self):
        self.ip.run(['link', 'del', self.name], 'remove bridge %s' % self.name)

    def attach(self, device):
        self.ip.run(['link', 'set', device, 'master', self.name], 'add %s to bridge %s' % (device, self.name))

    def detach(self, device):
        self.ip.run(['link', 'set', device, 'nomaster'], 'take %s out of bridge %s' % (device, self.name))


class OvsBridge:
    """An Open vSwitch bridge, through ovs-vsctl; the bridge's own internal port is not one of its ports."""

    def __init__(self, vsctl, name, datapath_type):
        self.vsctl = vsctl
        self.name = name
        self.datapath_type = datapath_type
        self.port_bridge = {}   # port name -> bridge name
        self.bridges = set()

    def read(self, _links):
        bridges, ports = self.vsctl.find([('Bridge', ['name', 'ports'], []), ('Port', ['_uuid', 'name'], [])],
                                         'read the Open vSwitch bridges')
        names = dict((port['_uuid'], port['name']) for port in ports)
        self.bridges = set(bridge['name'] for bridge in bridges)
        self.port_bridge = dict((names[uuid], bridge['name']) for bridge in bridges for uuid in as_list(bridge['ports'])
                                if uuid in names and names[uuid] != bridge['name'])

    @property
    def exists(self):
        return self.name in self.bridges

    def ports(self):
        return sorted(port for port, bridge in self.port_bridge.items() if bridge == self.name)

    def bridge_of(self, device):
        return self.port_bridge.get(device)

    def create(self, mac):
        # The bridge keeps the NIC's MAC, so the LAN's ARP caches and DHCP leases stay valid.
        settings = ['other_config:hwaddr=' + quote(mac)]
        if self.datapath_type:
            settings.append('datapath_type=' + quote(self.datapath_type))
        self.vsctl.transact([['add-br', self.name], ['set', 'Bridge', self.name] + settings], 'create bridge %s' % self.name)

    def delete(self):
        self.vsctl.transact([['--if-exists', 'del-br', self.name]], 'remove bridge %s' % self.name)

    def attach(self, device):
        self.vsctl.transact([['add-port', self.name, device]], 'add %s to bridge %s' % (device, self.name))

    def detach(self, device):
        self.vsctl.transact([['--if-exists', 'del-port', self.name, device]], 'take %s out of bridge %s' % (device, self.name))


def gateway_answers(address):
    """Whether address answers an ICMP echo within VERIFY_ATTEMPTS seconds (a raw socket: needs root)."""
    ident = os.getpid() & 0xffff
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    except PermissionError:
        raise TaskFailed('verify_address: checking that %s answers needs a raw socket; run the task as root (become)'
                         % address)
    with sock:
        for sequence in range(1, VERIFY_ATTEMPTS + 1):
            try:
                sock.sendto(echo_request(ident, sequence), (address, 0))
            except OSError:   # no route yet: the kernel is still adding it
                time.sleep(1)
                continue
            if _reply_within(sock, address, ident, 1.0):
                return True
    return False


def _reply_within(sock, address, ident, seconds):
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        sock.settimeout(left)
        try:
            packet, source = sock.recvfrom(2048)
        except socket.timeout:
            return False
        if source[0] == address and is_echo_reply(packet, ident):
            return True


# -- the driver ----------------------------------------------------------------------------------------

class UplinkDriver:

    def __init__(self, params):
        self.name = check_name('bridge', params['bridge'])
        self.wanted_interface = params['interface'] or None
        if self.wanted_interface:
            check_name('interface', self.wanted_interface)
            if self.wanted_interface == self.name:
                raise SpecError('interface', self.wanted_interface, 'that is the bridge itself; name the NIC')
        self.state = params['state']
        self.fixed_cidr = params['fixed_cidr'] or None
        if self.fixed_cidr:
            ipv4_network('fixed_cidr', self.fixed_cidr)   # its form now; its subnet once the addresses are read
        self.verify_address = params['verify_address'] or None
        if self.verify_address:
            try:
                ipaddress.IPv4Address(self.verify_address)
            except ValueError:
                raise SpecError('verify_address', self.verify_address, 'give an IPv4 address, such as the gateway')
        if params['datapath_type'] and params['bridge_type'] != 'ovs':
            raise SpecError('datapath_type', params['datapath_type'], 'only for bridge_type=ovs')
        self.ip = IpCommand(params['ip_path'])
        self.bridge = (OvsBridge(Vsctl(params), self.name, params['datapath_type']) if params['bridge_type'] == 'ovs'
                       else LinuxBridge(self.ip, self.name))
        self.interface = None
        self.gateway = None
        self.links = {}
        self.addresses = {}     # device -> its addresses, for the interface and the bridge
        self.moved = []         # the addresses this task moves (or would move)

    def read(self):
        self.links = self.ip.links()
        self.bridge.read(self.links)
        self.gateway, device = self.ip.default_route()
        self.interface = self.wanted_interface or self._pick_interface(device)
        if self.interface not in self.links:
            raise TaskFailed('interface: no network interface %s on this host' % self.interface)
        for device in (self.interface, self.name):
            self.addresses[device] = self.ip.addresses(device) if device in self.links else []

    def _pick_interface(self, device):
        """The default-route device, or on a rerun (the bridge holds the default route) its port that
        is not a container's veth."""
        if not device:
            raise TaskFailed('interface: no default route to take the NIC from; name it')
        if device != self.name:
            return device
        ports = [port for port in self.bridge.ports() if not port.startswith('veth')]
        if not ports:
            raise TaskFailed('interface: %s holds the default route but no NIC; name it' % self.name)
        return ports[0]

    def plan(self):
        attached = self.bridge.bridge_of(self.interface) == self.name
        before = self._view(self.bridge.exists, attached, self.addresses[self.interface], self.addresses[self.name])
        if self.state == 'absent':
            return self._plan_absent(before, attached)
        return self._plan_present(before, attached)

    def _plan_present(self, before, attached):
        nic, addresses = self.interface, self.addresses[self.interface]
        if attached and not addresses:
            check_fixed_cidr(self.fixed_cidr, self.addresses[self.name], nic)
            self.moved = self.addresses[self.name]
            return Plan(before=before, after=before)
        master = self.bridge.bridge_of(nic)
        if master and master != self.name:
            raise TaskFailed('interface: %s is a port of %s already, not of %s' % (nic, master, self.name))
        if not addresses:
            raise TaskFailed('interface: %s has no IPv4 address to move onto %s' % (nic, self.name))
        check_fixed_cidr(self.fixed_cidr, addresses, nic)
        self.moved = addresses
        plan = Plan(before=before, after=self._view(True, True, [], self.addresses[self.name] + addresses))
        if not self.bridge.exists:
            plan.add('create', 'create bridge %s' % self.name, lambda: self.bridge.create(self.links[nic]['mac']),
                     undo=self.bridge.delete)
        if not attached:
            plan.add('attach', 'add %s to bridge %s' % (nic, self.name), lambda: self._attach(nic),
                     undo=lambda: self.bridge.detach(nic))
        routes = self.ip.routes(nic)
        plan.add('move', 'move %s from %s to %s' % (', '.join(addresses), nic, self.name),
                 lambda: self._move(addresses, routes, nic, self.name),
                 undo=lambda: self._put_back(addresses, routes, nic, self.name))
        self._plan_verify(plan, self.name, '%s has its addresses back' % nic)
        return plan

    def _plan_absent(self, before, attached):
        if not attached:
            return Plan(before=before, after=before)
        nic, addresses = self.interface, self.addresses[self.name]
        self.moved = addresses
        others = [port for port in self.bridge.ports() if port != nic]
        plan = Plan(before=before, after=self._view(bool(others), False, self.addresses[nic] + addresses, []))
        routes = self.ip.routes(self.name)
        plan.add('detach', 'take %s out of bridge %s' % (nic, self.name), lambda: self._detach(nic),
                 undo=lambda: self.bridge.attach(nic))
        if addresses:
            plan.add('move', 'move %s from %s to %s' % (', '.join(addresses), self.name, nic),
                     lambda: self._move(addresses, routes, self.name, nic),
                     undo=lambda: self._put_back(addresses, routes, self.name, nic))
        self._plan_verify(plan, nic, '%s has its addresses back' % self.name)
        if not others:
            plan.add('delete', 'remove bridge %s' % self.name, self.bridge.delete)
        return plan

    def _plan_verify(self, plan, device, restored):
        address = self.verify_address or self.gateway
        if not address:
            return

        def verify():
            if not gateway_answers(address):
                raise TaskFailed('verify_address: %s did not answer through %s; %s' % (address, device, restored))
            return False    # a check, not a change
        plan.add('verify', 'check that %s answers through %s' % (address, device), verify)

    def _attach(self, nic):
        self.ip.run(['link', 'set', self.name, 'up'], 'bring bridge %s up' % self.name)
        self.bridge.attach(nic)

    def _detach(self, nic):
        self.bridge.detach(nic)
        self.ip.run(['link', 'set', nic, 'up'], 'bring %s up' % nic)

    def _move(self, addresses, routes, source, target):
        """The addresses and routes of source onto target. When a step fails, what it moved goes back
        before the failure is reported (the state engine undoes only the steps that completed)."""
        try:
            self.ip.run(['link', 'set', target, 'up'], 'bring %s up' % target)
            for address in addresses:
                self.ip.run(['addr', 'del', address, 'dev', source], 'remove %s from %s' % (address, source))
                self.ip.run(['addr', 'add', address, 'brd', '+', 'dev', target], 'add %s to %s' % (address, target))
            for route in routes:
                self.ip.run(['route', 'replace'] + route + ['dev', target], 'route %s through %s' % (' '.join(route), target))
        except TaskFailed:
            self._put_back(addresses, routes, source, target)
            raise

    def _put_back(self, addresses, routes, source, target):
        """Best effort: the addresses and routes moved from source to target go back to source."""
        for args in ([['addr', 'del', address, 'dev', target] for address in addresses]
                     + [['addr', 'add', address, 'brd', '+', 'dev', source] for address in addresses]
                     + [['route', 'replace'] + route + ['dev', source] for route in routes]):
            try:
                self.ip.run(args, 'put back')
            except TaskFailed:
                pass    # not there (never moved) or there already

    def _view(self, exists, attached, interface_addresses, bridge_addresses):
        return {'bridge': self.name, 'bridge_exists': exists, 'interface': self.interface,
                'interface_in_bridge': attached,
                'addresses': {self.interface: interface_addresses, self.name: bridge_addresses if exists else []}}

    def result(self):
        return {'interface': self.interface, 'bridge': self.name, 'addresses': self.moved,
                'gateway': self.ip.default_route()[0] or ''}


def run_uplink(module):
    def task():
        driver = UplinkDriver(module.params)
        driver.read()
        converge(module, driver.plan(), driver.result)
    run_task(module, task)
