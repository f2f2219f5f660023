#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: bridge_uplink
short_description: Put a host's NIC into a bridge and move its IPv4 addresses onto the bridge, with a rollback
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Makes a network interface (the NIC) a port of a Linux or Open vSwitch bridge and moves the NIC's IPv4
    addresses and routes (the default route included) onto the bridge, as one step. This is how containers
    on a host bridge share the LAN with the host (the brief's C(brctl addif br0 eth0) with the address moved), and
    how Open vSwitch's userspace datapath sends tunnel packets (the underlay address on an OVS bridge).
  - The bridge is created when missing, with the NIC's MAC address, so the LAN's ARP caches and DHCP leases
    stay valid. Then O(verify_address) (the default gateway unless given) must answer a ping through the
    bridge; when it does not, everything is put back as it was (addresses, routes, the bridge) and the task fails.
  - O(state=absent) takes the NIC out of the bridge, moves the addresses and routes back onto it (checked the
    same way) and removes the bridge once no port is left on it.
  - Run it with C(async) (and C(poll)) when the host is reached over the NIC that moves, so that a connection
    that loses the address for a moment does not stop the module half way.
  - IPv6 addresses are left where they are.
extends_documentation_fragment:
  - dockyard.docker.docker.attributes
options:
  bridge:
    description: The bridge (at most 15 characters); created when missing.
    type: str
    required: true
  interface:
    description:
      - The NIC. When not given or empty, the device of the default route; when that is the bridge already (a rerun),
        the bridge's port that is not a container's C(veth).
    type: str
  bridge_type:
    description: V(linux) for a kernel bridge (C(ip link)), V(ovs) for an Open vSwitch bridge (C(ovs-vsctl)).
    type: str
    default: linux
    choices: [linux, ovs]
  datapath_type:
    description:
      - V(bridge_type=ovs) only, for a bridge this task creates; V(netdev) for the userspace datapath.
      - Open vSwitch's default (the kernel datapath) when not given.
    type: str
  fixed_cidr:
    description:
      - An IPv4 CIDR that must lie inside the subnet of one of the moved addresses, such as Docker's C(fixed-cidr)
        for containers on this bridge; checked before anything moves.
    type: str
  verify_address:
    description:
      - The IPv4 address that must answer a ping (ICMP echo, five attempts of one second) after the move.
      - The default gateway when not given or empty; no check when the host has no default gateway.
    type: str
  state:
    description:
      - V(present) puts the NIC into the bridge and its addresses onto the bridge.
      - V(absent) puts them back onto the NIC and removes the bridge when no other port is left on it.
    type: str
    default: present
    choices: [present, absent]
  ip_path:
    description: The C(ip) command (iproute2) to run, a name looked up in E(PATH) or a full path.
    type: str
    default: ip
  ovs_vsctl_path:
    description: V(bridge_type=ovs) only; the C(ovs-vsctl) to run.
    type: str
    default: ovs-vsctl
  timeout:
    description: V(bridge_type=ovs) only; seconds C(ovs-vsctl) may wait for the database.
    type: int
    default: 10
  db:
    description: V(bridge_type=ovs) only; the Open vSwitch database to reach (C(--db)), ovs-vsctl's default when not set.
    type: str
    aliases: [database_socket]
notes:
  - Needs root on the managed host (C(become)), C(ip) from iproute2 with JSON output (C(ip -j)), and for
    V(bridge_type=ovs) Open vSwitch running. The ping is sent from Python (a raw socket); no C(ping) command is needed.
  - Commands are run as argument lists, never through a shell.
  - The move is not persisted across reboots; the C(dockyard.docker.bridge_network) role writes an ifupdown stanza
    for that.
seealso:
  - module: dockyard.docker.ovs_bridge
  - module: dockyard.docker.daemon_config
'''

EXAMPLES = r'''
- name: Put eth0 into br0 with its address, checked through the gateway
  dockyard.docker.bridge_uplink:
    bridge: br0
    interface: eth0
    fixed_cidr: 192.168.1.64/27
  become: true
  async: 60
  poll: 1

- name: The same onto a userspace Open vSwitch bridge (the default-route NIC)
  dockyard.docker.bridge_uplink:
    bridge: br-phy
    bridge_type: ovs
    datapath_type: netdev
  become: true
  async: 60
  poll: 1

- name: Put the address back onto the NIC and remove br0
  dockyard.docker.bridge_uplink:
    bridge: br0
    state: absent
  become: true
  async: 60
  poll: 1
'''

RETURN = r'''
interface:
  description: The NIC.
  returned: always
  type: str
  sample: eth0
bridge:
  description: The bridge.
  returned: always
  type: str
  sample: br0
addresses:
  description:
    - The IPv4 addresses (with prefix length) moved, or that would be moved in check mode; on an unchanged run,
      those the bridge holds (V(state=present)).
  returned: always
  type: list
  elements: str
  sample: ["192.168.1.10/24"]
gateway:
  description: The default gateway after the task; empty when there is none.
  returned: always
  type: str
  sample: 192.168.1.1
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create bridge br0", "add eth0 to bridge br0", "move 192.168.1.10/24 from eth0 to br0"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.uplink import run_uplink, uplink_argument_spec


def main():
    module = AnsibleModule(argument_spec=uplink_argument_spec(), supports_check_mode=True)
    run_uplink(module)


if __name__ == '__main__':
    main()
