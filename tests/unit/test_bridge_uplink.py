"""bridge_uplink's pure parts: what ip prints, the fixed_cidr check and the ICMP echo packets."""

import struct

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.host.uplink import (
    check_fixed_cidr,
    echo_request,
    icmp_checksum,
    is_echo_reply,
    parse_addresses,
    parse_default_route,
    parse_links,
    parse_routes,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

LINKS = ('[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK"],"address":"00:00:00:00:00:00"},'
         '{"ifindex":3,"link":"peer0","ifname":"nic0","master":"br9","address":"c6:6e:b6:60:d0:20"},'
         '{"ifindex":4,"ifname":"br9","address":"c6:6e:b6:60:d0:20"}]')
ADDRESSES = ('[{"ifindex":2,"ifname":"peer0","addr_info":['
             '{"family":"inet","local":"10.9.0.2","prefixlen":24,"scope":"global","label":"peer0"},'
             '{"family":"inet","local":"10.9.1.2","prefixlen":16,"scope":"global","label":"peer0:1"},'
             '{"family":"inet","local":"127.0.0.9","prefixlen":8,"scope":"host"}]}]')


def test_links_give_each_device_its_bridge_and_mac():
    assert parse_links(LINKS) == {'lo': {'master': None, 'mac': '00:00:00:00:00:00'},
                                  'nic0': {'master': 'br9', 'mac': 'c6:6e:b6:60:d0:20'},
                                  'br9': {'master': None, 'mac': 'c6:6e:b6:60:d0:20'}}


def test_addresses_are_the_global_ipv4_ones_with_their_prefix():
    assert parse_addresses(ADDRESSES) == ['10.9.0.2/24', '10.9.1.2/16']
    assert parse_addresses('[]') == []
    assert parse_addresses('') == []


def test_routes_leave_out_the_kernels_own_and_the_flags_ip_route_replace_refuses():
    text = ('default via 10.9.0.1 onlink linkdown \n'
            '10.9.0.0/24 proto kernel scope link src 10.9.0.2 linkdown \n'
            '172.20.0.0/16 via 10.9.0.254 proto static metric 50 \n')
    assert parse_routes(text) == [['default', 'via', '10.9.0.1', 'onlink'],
                                  ['172.20.0.0/16', 'via', '10.9.0.254', 'proto', 'static', 'metric', '50']]
    assert parse_routes('') == []


@pytest.mark.parametrize('text, expected', [
    ('default via 10.0.0.1 dev eth0 proto dhcp metric 100\n', ('10.0.0.1', 'eth0')),
    ('default dev wg0 scope link\n', (None, 'wg0')),
    ('', (None, None)),
])
def test_default_route_gives_gateway_and_device(text, expected):
    assert parse_default_route(text) == expected


def test_fixed_cidr_must_be_a_slice_of_a_moved_subnet():
    check_fixed_cidr('192.168.1.64/27', ['10.0.0.2/8', '192.168.1.10/24'], 'eth0')
    check_fixed_cidr(None, [], 'eth0')
    with pytest.raises(SpecError, match=r'fixed_cidr.*192\.168\.2\.0/27.*not inside the LAN subnet of eth0 \(192\.168\.1\.10/24\)'):
        check_fixed_cidr('192.168.2.0/27', ['192.168.1.10/24'], 'eth0')
    with pytest.raises(SpecError, match='not inside the LAN subnet'):
        check_fixed_cidr('192.168.0.0/16', ['192.168.1.10/24'], 'eth0')
    with pytest.raises(SpecError, match='IPv4 CIDR'):
        check_fixed_cidr('fe80::/64', ['192.168.1.10/24'], 'eth0')


def test_echo_request_carries_a_valid_checksum_and_our_ident():
    packet = echo_request(0x1234, 7)
    assert icmp_checksum(packet) == 0
    kind, code, _sum, ident, sequence = struct.unpack('!BBHHH', packet[:8])
    assert (kind, code, ident, sequence) == (8, 0, 0x1234, 7)


def test_only_an_echo_reply_to_our_ident_counts():
    ip_header = bytes([0x45]) + bytes(19)
    reply = ip_header + struct.pack('!BBHHH', 0, 0, 0, 0x1234, 1)
    assert is_echo_reply(reply, 0x1234)
    assert not is_echo_reply(reply, 0x4321)
    assert not is_echo_reply(ip_header + struct.pack('!BBHHH', 8, 0, 0, 0x1234, 1), 0x1234)  # our own request
    assert not is_echo_reply(ip_header + b'\0', 0x1234)
    assert not is_echo_reply(b'', 0x1234)
