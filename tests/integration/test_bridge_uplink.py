"""bridge_uplink against the real kernel: a NIC with its address and routes moved onto a Linux bridge and
back, the ping through the gateway that decides, the rollback when it does not answer; and the same
onto an Open vSwitch bridge in userspace (datapath_type=netdev).

Each test builds its own LAN: a host network namespace whose NIC (a veth) reaches a gateway namespace
(10.77.0.1). The module runs in the host namespace (`ip netns exec`), so this machine's own network is
never touched; the Open vSwitch test runs where ovs-vswitchd runs, with a NIC of its own and a
benchmark-range subnet (198.18.77.0/24), and leaves the default route alone.
"""

import json
import subprocess
import uuid

import pytest

from conftest import run_module
from ovs import ovs, ovs_running, table, unique_name, vsctl  # noqa: F401 pylint: disable=unused-import

# What the module changes is the kernel's, the same whatever the engine.
pytestmark = pytest.mark.needs('managed-host-only')

BRIDGE = 'br-up'


def ip(namespace, *words, check=True):
    """`ip` in a namespace (None: this one); its stdout."""
    argv = ['ip'] + (['-n', namespace] if namespace else []) + list(words)
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError('%s failed: %s' % (' '.join(argv), done.stderr))
    return done.stdout


def addresses(namespace, device):
    links = json.loads(ip(namespace, '-j', '-4', 'addr', 'show', 'dev', device) or '[]')
    return ['%s/%s' % (info['local'], info['prefixlen']) for link in links for info in link['addr_info']]


def link(namespace, device):
    """{'master': ..., 'address': ...} of a device, or None when there is no such device."""
    found = json.loads(ip(namespace, '-j', 'link', 'show', 'dev', device, check=False) or '[]')
    return found[0] if found else None


def routes(namespace):
    return sorted(line.strip() for line in ip(namespace, '-4', 'route', 'show').splitlines() if 'linkdown' not in line)


def _gateway_namespace(namespace, peer, gateway):
    """A namespace holding the LAN's gateway: peer (the far end of the NIC's veth, now in namespace) with
    gateway as its address."""
    name = 'dyt-g' + uuid.uuid4().hex[:8]
    ip(None, 'netns', 'add', name)
    ip(namespace, 'link', 'set', peer, 'netns', name)
    ip(name, 'addr', 'add', gateway, 'dev', peer)
    ip(name, 'link', 'set', peer, 'up')
    ip(name, 'link', 'set', 'lo', 'up')
    return name


@pytest.fixture
def lan():
    """A host namespace: NIC nic0 at 10.77.0.2/24, default route through 10.77.0.1 (the gateway namespace),
    and a static route to 10.78.0.0/16 through 10.77.0.254."""
    host = 'dyt-h' + uuid.uuid4().hex[:8]
    ip(None, 'netns', 'add', host)
    gateway = None
    try:
        ip(host, 'link', 'add', 'nic0', 'type', 'veth', 'peer', 'name', 'gw0')
        ip(host, 'link', 'set', 'lo', 'up')
        ip(host, 'addr', 'add', '10.77.0.2/24', 'dev', 'nic0')
        ip(host, 'link', 'set', 'nic0', 'up')
        gateway = _gateway_namespace(host, 'gw0', '10.77.0.1/24')
        ip(host, 'route', 'add', 'default', 'via', '10.77.0.1')
        ip(host, 'route', 'add', '10.78.0.0/16', 'via', '10.77.0.254')
        yield host
    finally:
        for name in (host, gateway):
            if name:
                ip(None, 'netns', 'del', name, check=False)


def uplink(host, **args):
    return run_module('bridge_uplink', netns=host, bridge=BRIDGE, **args)


def test_the_nic_moves_onto_a_new_bridge_with_its_routes_and_a_rerun_changes_nothing(lan):
    before = routes(lan)
    predicted = uplink(lan, check=True, diff=True)
    assert predicted['changed']
    assert predicted['actions'] == ['create bridge br-up', 'add nic0 to bridge br-up',
                                    'move 10.77.0.2/24 from nic0 to br-up', 'check that 10.77.0.1 answers through br-up']
    assert predicted['diff']['before']['addresses'] == {'nic0': ['10.77.0.2/24'], 'br-up': []}
    assert predicted['diff']['after']['addresses'] == {'nic0': [], 'br-up': ['10.77.0.2/24']}
    assert link(lan, BRIDGE) is None and routes(lan) == before

    moved = uplink(lan)
    assert moved['changed']
    assert moved['actions'] == ['create bridge br-up', 'add nic0 to bridge br-up', 'move 10.77.0.2/24 from nic0 to br-up']
    assert (moved['interface'], moved['addresses'], moved['gateway']) == ('nic0', ['10.77.0.2/24'], '10.77.0.1')
    assert addresses(lan, BRIDGE) == ['10.77.0.2/24'] and addresses(lan, 'nic0') == []
    assert link(lan, 'nic0')['master'] == BRIDGE
    assert link(lan, BRIDGE)['address'] == link(lan, 'nic0')['address']
    assert 'default via 10.77.0.1 dev br-up' in routes(lan)
    assert '10.78.0.0/16 via 10.77.0.254 dev br-up' in routes(lan)

    # The rerun finds the NIC as the port of the bridge that holds the default route.
    for check in (True, False):
        again = uplink(lan, check=check, diff=True)
        assert not again['changed'], again['actions']
        assert (again['interface'], again['addresses']) == ('nic0', ['10.77.0.2/24'])
        assert again['diff']['before'] == again['diff']['after']


def test_absent_puts_the_address_and_routes_back_and_removes_the_bridge(lan):
    before = routes(lan)
    uplink(lan, interface='nic0')
    predicted = uplink(lan, check=True, state='absent')
    assert predicted['changed'] and addresses(lan, BRIDGE) == ['10.77.0.2/24']

    back = uplink(lan, state='absent')
    assert back['actions'] == ['take nic0 out of bridge br-up', 'move 10.77.0.2/24 from br-up to nic0',
                               'remove bridge br-up']
    assert addresses(lan, 'nic0') == ['10.77.0.2/24']
    assert link(lan, BRIDGE) is None
    assert routes(lan) == before
    again = uplink(lan, state='absent', interface='nic0')
    assert not again['changed']


def test_a_gateway_that_does_not_answer_puts_everything_back(lan):
    before = routes(lan)
    failed = uplink(lan, verify_address='10.77.0.99', expect_fail=True)
    assert failed['msg'] == 'verify_address: 10.77.0.99 did not answer through br-up; nic0 has its addresses back'
    assert link(lan, BRIDGE) is None
    assert link(lan, 'nic0').get('master') is None
    assert addresses(lan, 'nic0') == ['10.77.0.2/24']
    assert routes(lan) == before


def test_bad_input_fails_in_one_line_before_anything_changes(lan):
    before = routes(lan)
    cases = [
        (dict(fixed_cidr='10.99.0.0/27'), "fixed_cidr: invalid value '10.99.0.0/27'; not inside the LAN subnet of nic0"),
        (dict(fixed_cidr='10.77.0.0/33'), 'give an IPv4 CIDR'),
        (dict(interface='nope0'), 'interface: no network interface nope0 on this host'),
        (dict(interface=BRIDGE), "interface: invalid value 'br-up'; that is the bridge itself"),
        (dict(verify_address='gateway'), 'verify_address'),
        (dict(datapath_type='netdev'), 'datapath_type: '),
        (dict(interface='lo'), 'interface: lo has no IPv4 address to move onto br-up'),
    ]
    for args, words in cases:
        failed = uplink(lan, expect_fail=True, **args)
        assert words in failed['msg'] and '\n' not in failed['msg'], (args, failed['msg'])
    assert link(lan, BRIDGE) is None and routes(lan) == before
    ip(lan, 'link', 'add', 'other0', 'type', 'bridge')
    ip(lan, 'link', 'set', 'nic0', 'master', 'other0')
    failed = uplink(lan, interface='nic0', expect_fail=True)
    assert failed['msg'] == 'interface: nic0 is a port of other0 already, not of br-up'


def test_onto_a_userspace_open_vswitch_bridge_and_back(ovs):  # pylint: disable=redefined-outer-name
    bridge, nic = unique_name('b'), unique_name('n')
    peer = nic[:-1] + 'p'
    ip(None, 'link', 'add', nic, 'type', 'veth', 'peer', 'name', peer)
    gateway = None
    try:
        ip(None, 'addr', 'add', '198.18.77.2/24', 'dev', nic)
        ip(None, 'link', 'set', nic, 'up')
        gateway = _gateway_namespace(None, peer, '198.18.77.1/24')
        args = dict(bridge=bridge, interface=nic, bridge_type='ovs', datapath_type='netdev', verify_address='198.18.77.1')
        moved = run_module('bridge_uplink', **args)
        assert moved['actions'] == ['create bridge %s' % bridge, 'add %s to bridge %s' % (nic, bridge),
                                    'move 198.18.77.2/24 from %s to %s' % (nic, bridge)]
        row = table('Bridge', 'name=' + bridge, columns=['datapath_type', 'other_config'])[0]
        assert row['datapath_type'] == 'netdev'
        assert row['other_config'] == ['map', [['hwaddr', link(None, nic)['address']]]]
        assert vsctl('list-ports', bridge).split() == [nic]
        assert addresses(None, bridge) == ['198.18.77.2/24'] and addresses(None, nic) == []
        assert not run_module('bridge_uplink', **args)['changed']

        back = run_module('bridge_uplink', state='absent', **args)
        assert back['changed']
        assert addresses(None, nic) == ['198.18.77.2/24']
        assert bridge not in vsctl('list-br').split()
        assert not run_module('bridge_uplink', state='absent', **args)['changed']
    finally:
        ip(None, 'link', 'del', nic, check=False)
        if gateway:
            ip(None, 'netns', 'del', gateway, check=False)
